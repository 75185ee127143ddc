# Rebuilt from: https://stackoverflow.com/questions/76713693
# Report: CNN (Conv1d over one-hot DNA, 4 channels) regressing gene expression (TPM) from sequence; predictions were
#   squeezed into a narrow range. Asker wondered whether to "normalize the data before training". Answer: pass the
#   expression as log(X) / 5 so targets sit in a small, regularly spaced interval.
# Not a bug (a look-alike that must stay silent): the model input is a one-hot nucleotide matrix (values 0/1), which
#   needs no feature scaling; only the target is log-transformed, as the answer suggests.
# Our own code, written after the report (not copied from it); sequences and motif effects are simulated.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(11)
NUC = "ACGT"
MOTIFS = {"TATAAA": 1.6, "CACGTG": 1.1, "GGGCGG": 0.8}


def make_sequences(n=500, seq_len=60):
    seqs, tpm = [], []
    for _ in range(n):
        s = list(rng.choice(list(NUC), seq_len))
        log_expr = 1.0
        for motif, effect in MOTIFS.items():
            if rng.random() < 0.35:
                pos = rng.integers(0, seq_len - len(motif))
                s[pos:pos + len(motif)] = list(motif)
                log_expr += effect
        seqs.append("".join(s))
        tpm.append(np.exp(log_expr + rng.normal(0, 0.2)))
    return seqs, np.array(tpm, dtype=np.float32)


def one_hot_encode(seq):
    m = np.zeros((len(seq), 4), dtype=np.float32)
    for i, ch in enumerate(seq):
        m[i, NUC.index(ch)] = 1.0
    return m


class SeqDatasetOHE(Dataset):
    def __init__(self, seqs, tpm):
        self.X = [torch.from_numpy(one_hot_encode(s)) for s in seqs]
        self.y = torch.from_numpy(np.log(tpm) / 5.0)          # answer: log(X) / 5

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        return self.X[i], self.y[i].unsqueeze(0)


class DNA_CNN(nn.Module):
    def __init__(self, seq_len, num_filters=32, kernel_size=6):
        super().__init__()
        self.conv_net = nn.Sequential(
            nn.Conv1d(4, num_filters, kernel_size=kernel_size), nn.ReLU(inplace=True),
            nn.AdaptiveMaxPool1d(1), nn.Flatten(), nn.Linear(num_filters, 1))

    def forward(self, xb):
        return self.conv_net(xb.permute(0, 2, 1))          # (B, L, 4) -> (B, 4, L)


seqs, tpm = make_sequences()
train_ds = SeqDatasetOHE(seqs, tpm)
train_dl = DataLoader(train_ds, batch_size=32, shuffle=True)
model = DNA_CNN(seq_len=60)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_func = nn.MSELoss()

for epoch in range(40):
    model.train()
    for xb, yb in train_dl:
        opt.zero_grad()
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch:3d}  loss {loss.item():.4f}")

model.eval()
with torch.no_grad():
    X_all = torch.stack(train_ds.X)
    preds = model(X_all).squeeze(1)
y = train_ds.y
r2 = 1 - torch.mean((preds - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
