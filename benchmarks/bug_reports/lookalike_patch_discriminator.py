# Rebuilt from: https://github.com/valeoai/ADVENT/issues/32
# Report: the reporter asked why the fully convolutional domain discriminator may output a (B, 1, 4, 4)
#   map (any size, depending on the input self-information map) instead of (B, 1, 1, 1) when it is
#   trained with a BCE loss against a source/target label.
# Not a bug (a look-alike that must stay silent): the label tensor is built from y_pred.size() and filled
#   with the domain label, so prediction and target always have the same shape (a patch-wise BCE).
# Our own code, written after the report (not copied from it); source/target maps are synthetic.
import numpy as np
import torch
import torch.nn as nn

np.random.seed(0); torch.manual_seed(0); torch.set_num_threads(1)
NUM_CLASSES, SOURCE_LABEL, TARGET_LABEL = 4, 0, 1

def get_fc_discriminator(num_classes, ndf=16):
    return nn.Sequential(
        nn.Conv2d(num_classes, ndf, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(ndf, ndf * 2, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(ndf * 2, 1, 3, 1, 1))

def bce_loss(y_pred, y_label):
    y_truth_tensor = torch.FloatTensor(y_pred.size())
    y_truth_tensor.fill_(y_label)
    return nn.BCEWithLogitsLoss()(y_pred, y_truth_tensor)

def prob_2_entropy(prob):
    n, c, h, w = prob.size()
    return -torch.mul(prob, torch.log2(prob + 1e-30)) / np.log2(c)

def fake_segmenter_output(n, domain):
    # source predictions are confident, target predictions are smoother (higher entropy)
    temperature = 0.4 if domain == SOURCE_LABEL else 1.5
    logits = torch.randn(n, NUM_CLASSES, 16, 16) / temperature
    return torch.softmax(logits, dim=1)

d_main = get_fc_discriminator(NUM_CLASSES)
optimizer_d = torch.optim.Adam(d_main.parameters(), lr=1e-3, betas=(0.9, 0.99))
for i_iter in range(150):
    pred_src = fake_segmenter_output(8, SOURCE_LABEL)
    pred_trg = fake_segmenter_output(8, TARGET_LABEL)
    d_out = d_main(prob_2_entropy(pred_src))            # (8, 1, 4, 4)
    loss_d = bce_loss(d_out, SOURCE_LABEL) / 2
    d_out = d_main(prob_2_entropy(pred_trg))
    loss_d = loss_d + bce_loss(d_out, TARGET_LABEL) / 2
    optimizer_d.zero_grad(); loss_d.backward(); optimizer_d.step()

with torch.no_grad():
    src, trg = fake_segmenter_output(200, SOURCE_LABEL), fake_segmenter_output(200, TARGET_LABEL)
    p_src = torch.sigmoid(d_main(prob_2_entropy(src))).mean(dim=(1, 2, 3))
    p_trg = torch.sigmoid(d_main(prob_2_entropy(trg))).mean(dim=(1, 2, 3))
acc = ((p_src < 0.5).float().mean().item() + (p_trg > 0.5).float().mean().item()) / 2
print(f"RESULT acc={acc:.3f}")
