# Rebuilt from: https://github.com/LAMDA-Tabular/TALENT/pull/109
# Report: in GrowNet regression the ensemble output `out` is (B, 1) while the loader's y is (B,); the
#   boosting target grad_direction = -(out - y.view(-1, 1)) became a (B, B) matrix and MSELoss((B,1), (B,B)) paired
#   wrong samples, "silently degrading GrowNet regression training". Fixed with y.view(-1, 1).
# Fixed twin of 110_grownet_residual_target.py: y is reshaped to a column (y.view(-1, 1)) before the
#   residual is formed, so grad_direction is (B, 1) like the weak learner output.
# Our own code, written after the report (not copied from it); data: houses.csv from make_houses.py.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

np.random.seed(0); torch.manual_seed(0); torch.set_num_threads(1)

def load_data(path="houses.csv"):
    df = pd.read_csv(path)
    feats = df.drop(columns=["price"])
    X = (feats - feats.mean()) / feats.std()
    y = (df["price"] - df["price"].mean()) / df["price"].std()
    return torch.tensor(X.values, dtype=torch.float32), torch.tensor(y.values, dtype=torch.float32)

class WeakLearner(nn.Module):
    def __init__(self, d_in, hidden=16):
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden); self.fc2 = nn.Linear(hidden, 1)
    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))

class Ensemble:
    def __init__(self, c0):
        self.c0, self.models, self.boost_rate = c0, [], 1.0
    def forward(self, x):
        out = torch.full((x.shape[0], 1), self.c0)
        for m in self.models:
            out = out + self.boost_rate * m(x)
        return out

def fit_stage(ensemble, loader, d_in, epochs=4):
    model = WeakLearner(d_in)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    loss_f = nn.MSELoss()
    for _ in range(epochs):
        for x, y in loader:
            with torch.no_grad():
                out = ensemble.forward(x)
            grad_direction = -(out - y.view(-1, 1))
            loss = loss_f(ensemble.boost_rate * model(x), grad_direction)
            opt.zero_grad(); loss.backward(); opt.step()
    return model

X, y = load_data()
loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)
ens = Ensemble(c0=float(y.mean()))
for stage in range(8):
    ens.models.append(fit_stage(ens, loader, X.shape[1]))
    with torch.no_grad():
        mse = ((ens.forward(X).view(-1) - y) ** 2).mean().item()
    print(f"stage {stage} train mse {mse:.4f}")

r2 = 1 - mse / y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
