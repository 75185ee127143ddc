# Rebuilt from: https://github.com/PengNi/ccsmeth/issues/39
# Report: A user asked whether the data are normalized during training, having noticed normalization only in the
#   feature-extraction step. The author: the kinetics features are normalized in the `extract` module, so the
#   training code does not normalize them again.
# Not a bug (a look-alike that must stay silent): the training loop feeds features without any visible scaling,
#   but they were z-scored per read in extract_features(), defined far above and written to the feature lines.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(0)
torch.manual_seed(0)
WIN, BASES = 21, "ACGT"


# ----------------------------------------------------------------- extract module
def simulate_reads(n_reads=40, read_len=400):
    reads = []
    for _ in range(n_reads):
        seq = np.random.choice(list(BASES), read_len)
        methyl = np.random.rand(read_len) < 0.5
        depth_scale = np.random.uniform(0.5, 3.0)                      # read-level kinetics scale differs
        ipd = np.random.gamma(2.0, 12.0, read_len) * depth_scale          # raw frame counts
        pw = np.random.gamma(3.0, 5.0, read_len) * depth_scale
        cg = (seq[:-1] == "C") & (seq[1:] == "G")
        ipd[1:][cg & methyl[:-1]] *= 4.0                                       # 5mC slows polymerase downstream
        reads.append((seq, ipd, pw, methyl, np.where(cg)[0]))
    return reads


def _zscore(a): return (a - a.mean()) / (a.std() + 1e-6)


def extract_features(reads):
    """Returns tab-separated feature lines: kmer \t ipd values \t pw values \t label."""
    lines = []
    half = WIN // 2
    for seq, ipd, pw, methyl, cg_pos in reads:
        ipd_n, pw_n = _zscore(np.log1p(ipd)), _zscore(np.log1p(pw))     # per-read normalization
        for pos in cg_pos:
            if pos < half or pos + half + 1 > len(seq):
                continue
            s = slice(pos - half, pos + half + 1)
            lines.append("\t".join(["".join(seq[s]),
                                    ",".join(f"{v:.4f}" for v in ipd_n[s]),
                                    ",".join(f"{v:.4f}" for v in pw_n[s]),
                                    str(int(methyl[pos]))]))
    return lines


class FeatureLines(Dataset):
    def __init__(self, lines): self.lines = lines

    def __len__(self): return len(self.lines)

    def __getitem__(self, i):
        kmer, ipd, pw, label = self.lines[i].split("\t")
        onehot = np.eye(4, dtype=np.float32)[[BASES.index(b) for b in kmer]]          # [WIN, 4]
        kin = np.stack([np.array(ipd.split(","), np.float32), np.array(pw.split(","), np.float32)], 1)
        return torch.from_numpy(np.concatenate([onehot, kin], 1)), int(label)


class ModelBiLSTM(nn.Module):
    def __init__(self, in_dim=6, hid=16):
        super().__init__()
        self.lstm = nn.LSTM(in_dim, hid, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hid, 2)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, WIN // 2])


# ----------------------------------------------------------------- training
def train(model, loader, epochs=8):
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    crit = nn.CrossEntropyLoss()
    for ep in range(epochs):
        for feats, labels in loader:
            loss = crit(model(feats), labels)
            opt.zero_grad(); loss.backward(); opt.step()
        print(f"epoch {ep} loss {loss.item():.4f}")


lines = extract_features(simulate_reads())
data = FeatureLines(lines)
model = ModelBiLSTM()
train(model, DataLoader(data, batch_size=64, shuffle=True))
feats, labels = next(iter(DataLoader(data, batch_size=len(data))))
with torch.no_grad():
    acc = (model(feats).argmax(1) == labels).float().mean().item()
print(f"RESULT acc={acc:.3f}")
