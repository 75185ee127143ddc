# Rebuilt from: https://github.com/asapdiscovery/asapdiscovery/pull/168
# Report: pIC50 models (COVID Moonshot) are trained one compound at a time: pred = model(pose), target =
#   torch.tensor([[pIC50]]); losses of batch_size compounds are summed before backward(). torch emitted the
#   "target size ... different to the input size" broadcasting warning; the PR reshapes the prediction to the
#   target's shape only "to avoid the broadcasting warnings".
# Not a bug (a look-alike that must stay silent): the prediction is (1,) and the target (1, 1); both hold exactly one
#   element, so broadcasting gives a (1, 1) tensor with the same single squared error - the loss and gradients are
#   identical to the reshaped version.
# Our own code, written after the report (not copied from it); per-compound pose features are simulated.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(3)

n_compounds, n_feat = 240, 24
poses = rng.normal(0, 1, (n_compounds, n_feat)).astype(np.float32)      # pooled pose/interaction features
w = rng.normal(0, 0.5, n_feat)
pic50 = 5.5 + poses @ w * 0.5 + 0.4 * np.tanh(poses[:, 0] * poses[:, 1]) + rng.normal(0, 0.15, n_compounds)
target_dict = {f"MAT-POS-{i:05d}": {"pIC50": float(v)} for i, v in enumerate(pic50)}
ds_train = [(cid, torch.from_numpy(poses[i])) for i, cid in enumerate(target_dict)]


class PoseRegressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_feat, 64), nn.ReLU(), nn.Linear(64, 1))
        self.net[-1].bias.data.fill_(5.5)

    def forward(self, pose):
        return self.net(pose)            # single pose (n_feat,) -> prediction of shape (1,)


def train(model, ds_train, target_dict, n_epochs=25, lr=1e-3, batch_size=8):
    optimizer = torch.optim.Adam(model.parameters(), lr)
    for epoch_idx in range(n_epochs):
        tmp_loss = []
        batch_counter, batch_loss = 0, None
        optimizer.zero_grad()
        for compound_id, pose in ds_train:
            pred = model(pose)
            target = torch.tensor([[target_dict[compound_id]["pIC50"]]]).float()   # (1, 1)
            loss = F.mse_loss(pred, target)
            tmp_loss.append(loss.item())
            batch_loss = loss if batch_loss is None else batch_loss + loss
            batch_counter += 1
            if batch_counter == batch_size:
                batch_loss.backward()
                optimizer.step()
                optimizer.zero_grad()
                batch_counter, batch_loss = 0, None
        if batch_counter > 0:
            batch_loss.backward()
            optimizer.step()
        if epoch_idx % 5 == 0:
            print(f"Epoch {epoch_idx}/{n_epochs}  training error: {np.mean(tmp_loss):0.5f}")
    return model


model = train(PoseRegressor(), ds_train, target_dict)
with torch.no_grad():
    preds = torch.stack([model(pose).reshape(()) for _, pose in ds_train])
y = torch.tensor(pic50, dtype=torch.float32)
r2 = 1 - torch.mean((preds - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
