# Rebuilt from: https://github.com/dreamquark-ai/tabnet/issues/559
# Report: A user wanted multitask regression with several continuous target columns from a CSV and
#   asked how to adapt the single-target example; the maintainer answered there is nothing to
#   adapt: pass the (n_samples, n_targets) target matrix and the regressor learns all columns.
# Not a bug (a look-alike that must stay silent): the target is df[target_cols].values of shape
#   (N, 3) and the head is nn.Linear(64, 3), so MSELoss sees (B, 3) vs (B, 3); a 2-D target from a
#   DataFrame is correct here, nothing broadcasts.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.datasets import make_regression
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
np.random.seed(0)

X, Y = make_regression(n_samples=500, n_features=8, n_informative=6, n_targets=3, noise=5.0, random_state=0)
df = pd.DataFrame(X, columns=[f"sensor_{i}" for i in range(8)])
target_cols = ["yield_t_ha", "protein_pct", "moisture_pct"]
df[target_cols] = Y

features = df.drop(columns=target_cols).values.astype(np.float32)
targets = StandardScaler().fit_transform(df[target_cols].values).astype(np.float32)   # (N, 3)


def make_model():
    return nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, len(target_cols)))


def train_fold(X_tr, y_tr, X_va, y_va, max_epochs=60, patience=8):
    model = make_model()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    crit = nn.MSELoss()
    best, best_state, bad = float("inf"), None, 0
    for epoch in range(max_epochs):
        model.train()
        perm = torch.randperm(len(X_tr))
        for i in range(0, len(X_tr), 64):
            idx = perm[i:i + 64]
            loss = crit(model(X_tr[idx]), y_tr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            val = crit(model(X_va), y_va).item()
        if val < best - 1e-4:
            best, bad = val, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        else:
            bad += 1
            if bad >= patience:
                break
    model.load_state_dict(best_state)
    return model, best


X_t, Y_t = torch.from_numpy(features), torch.from_numpy(targets)
scores, models = [], []
for fold, (tr, va) in enumerate(KFold(n_splits=3, shuffle=True, random_state=0).split(features)):
    model, best = train_fold(X_t[tr], Y_t[tr], X_t[va], Y_t[va])
    scores.append(best)
    models.append(model)
    print(f"fold {fold}: best val MSE {best:.4f}")

with torch.no_grad():
    pred = torch.stack([m(X_t) for m in models]).mean(0)
r2 = 1 - torch.sum((pred - Y_t) ** 2) / torch.sum((Y_t - Y_t.mean(0)) ** 2)
print(f"RESULT r2={r2.item():.3f}")
