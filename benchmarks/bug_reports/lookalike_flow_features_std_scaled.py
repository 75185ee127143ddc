# Rebuilt from: https://stats.stackexchange.com/questions/329114/error-in-simple-neural-network-implementation-using-keras
# Report: binary benign/malicious classification of network traffic with 46 flow features; "my data is not scaled so
#   I am using StandardScaler" -- first in a Pipeline, then by hand with StandardScaler(with_mean=0, with_std=1) fit on
#   the training split and applied to the test split. The network reached ~99% accuracy and the question was only
#   whether that was too good (leakage), not a training failure.
# Not a bug (a look-alike that must stay silent): the raw flow features (bytes, packets, durations spanning 1e-3..1e6)
#   are divided by their training-set standard deviation before they reach the network (only centering is skipped),
#   so every column is O(1) and the small MLP trains normally.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(0)
rng = np.random.default_rng(329114)


# ------------------------------------------------------------- synthetic flow records (one dict per flow)
def make_flow(malicious):
    dur = rng.exponential(0.4 if malicious else 3.0) + 1e-3
    fwd_pkts = rng.poisson(4 if malicious else 18) + 1
    bwd_pkts = rng.poisson(1 if malicious else 15)
    fwd_bytes = fwd_pkts * rng.lognormal(4.0 if malicious else 6.0, 0.6)
    bwd_bytes = bwd_pkts * rng.lognormal(4.2 if malicious else 6.5, 0.7)
    syn = rng.poisson(3 if malicious else 1)
    rst = rng.poisson(1.5 if malicious else 0.3)
    dst_port = rng.choice([22, 23, 445, 3389, 8080]) if malicious else rng.choice([80, 443, 53, 993])
    return {
        "flow_duration": dur,
        "tot_fwd_pkts": fwd_pkts, "tot_bwd_pkts": bwd_pkts,
        "totlen_fwd_bytes": fwd_bytes, "totlen_bwd_bytes": bwd_bytes,
        "flow_bytes_per_s": (fwd_bytes + bwd_bytes) / dur,
        "flow_pkts_per_s": (fwd_pkts + bwd_pkts) / dur,
        "fwd_pkt_len_mean": fwd_bytes / fwd_pkts,
        "bwd_pkt_len_mean": bwd_bytes / max(bwd_pkts, 1),
        "syn_flag_cnt": syn, "rst_flag_cnt": rst,
        "dst_port": dst_port,
        "down_up_ratio": bwd_pkts / fwd_pkts,
        "init_win_bytes_fwd": rng.choice([1024, 8192, 29200, 65535]),
    }


labels = (rng.random(9359) < 5871 / 9359).astype(np.float32)   # ~5871 malicious, ~3488 benign
rows = [make_flow(bool(m)) for m in labels]
feature_names = list(rows[0].keys())
X = np.array([[r[k] for k in feature_names] for r in rows], dtype=np.float64)
y = labels
# flip 3% of the labels so the task is not trivially separable
flip = rng.random(len(y)) < 0.03
y = np.where(flip, 1 - y, y).astype(np.float32)


class StandardScaler:
    def __init__(self, with_mean=True, with_std=True):
        self.with_mean, self.with_std = with_mean, with_std

    def fit(self, X):
        self.mean_ = X.mean(axis=0) if self.with_mean else np.zeros(X.shape[1])
        std = X.std(axis=0) if self.with_std else np.ones(X.shape[1])
        self.scale_ = np.where(std == 0, 1.0, std)
        return self

    def transform(self, X):
        return (X - self.mean_) / self.scale_

    def fit_transform(self, X):
        return self.fit(X).transform(X)


# 70 / 30 split
perm = rng.permutation(len(X))
cut = int(0.7 * len(X))
tr, te = perm[:cut], perm[cut:]
X_train, X_test, y_train, y_test = X[tr], X[te], y[tr], y[te]

scale = StandardScaler(with_mean=0, with_std=1)
new_X_train = scale.fit_transform(X_train)
new_X_test = scale.transform(X_test)

n_feat = X.shape[1]
model = nn.Sequential(nn.Linear(n_feat, n_feat // 2), nn.PReLU(), nn.Linear(n_feat // 2, 1))
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

xt = torch.tensor(new_X_train, dtype=torch.float32)
yt = torch.tensor(y_train).unsqueeze(1)
# full-batch training, like batch_size=len(X_train) in the report
for epoch in range(400):
    optimizer.zero_grad()
    loss = criterion(model(xt), yt)
    loss.backward()
    optimizer.step()
    if epoch % 100 == 0:
        print(f"epoch {epoch}: loss {loss.item():.4f}")

with torch.no_grad():
    logits = model(torch.tensor(new_X_test, dtype=torch.float32)).squeeze(1)
acc = ((logits > 0).float().numpy() == y_test).mean()
print(f"RESULT acc={acc:.4f}")
