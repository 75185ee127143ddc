# Rebuilt from: https://blog.gitcode.com/622b5fd6838803808dcfbf68d2df7a66.html
# Report: Write-up of the Burn "simple regression" example: predictions come out as (batch_size x 1) while
#   targets are a 1-D (batch_size) tensor; the MSE the framework reports differs from the MSE computed by
#   hand, because the two shapes are silently broadcast. Fix: unsqueeze the target to (batch, 1).
# Fixed twin of 237_hx_outlet_trainer.py: targets unsqueezed to (B, 1) before F.mse_loss
# Our own code, written after the report (not copied from it); PyTorch instead of Burn, synthetic
#   counter-flow heat-exchanger data (epsilon-NTU) generated below.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(7)
np.random.seed(7)
torch.set_num_threads(1)


def make_hx_data(n=500):
    m_hot = np.random.uniform(0.05, 0.8, n)        # kg/s
    m_cold = np.random.uniform(0.05, 0.8, n)       # kg/s
    t_hot_in = np.random.uniform(340.0, 420.0, n)  # K
    t_cold_in = np.random.uniform(280.0, 310.0, n) # K
    ua = np.random.uniform(200.0, 3000.0, n)       # W/K
    c_hot, c_cold = m_hot * 4180.0, m_cold * 4180.0
    c_min, c_max = np.minimum(c_hot, c_cold), np.maximum(c_hot, c_cold)
    cr, ntu = c_min / c_max, ua / c_min
    eps = (1 - np.exp(-ntu * (1 - cr))) / (1 - cr * np.exp(-ntu * (1 - cr)) + 1e-9)
    q = eps * c_min * (t_hot_in - t_cold_in)       # W
    t_hot_out = t_hot_in - q / c_hot               # K
    X = np.column_stack([m_hot, m_cold, t_hot_in, t_cold_in, ua])
    return X.astype(np.float32), t_hot_out.astype(np.float32)


class Trainer:
    def __init__(self, model, lr=3e-3, batch_size=25, epochs=80):
        self.model, self.bs, self.epochs = model, batch_size, epochs
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)

    def fit(self, X, y):
        n = X.shape[0]
        for epoch in range(self.epochs):
            perm = torch.randperm(n)
            for i in range(0, n, self.bs):
                idx = perm[i:i + self.bs]
                xb, yb = X[idx], y[idx].unsqueeze(1)
                pred = self.model(xb)
                loss = F.mse_loss(pred, yb)
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
            if epoch % 20 == 0:
                print(f"epoch {epoch:3d}  batch mse {loss.item():.4f}")
        return self


X_np, y_np = make_hx_data()
X_np = (X_np - X_np.mean(0)) / X_np.std(0)
y_mean, y_std = y_np.mean(), y_np.std()
X = torch.from_numpy(X_np)
y = torch.from_numpy((y_np - y_mean) / y_std)          # shape (N,)

net = nn.Sequential(nn.Linear(5, 48), nn.Tanh(), nn.Linear(48, 48), nn.Tanh(), nn.Linear(48, 1))
Trainer(net).fit(X, y)

with torch.no_grad():
    pred = net(X)
    target = y.view(-1, 1)
    r2 = 1 - ((pred - target) ** 2).mean() / target.var(unbiased=False)
print(f"hot outlet rmse: {(((pred - target) ** 2).mean().sqrt() * y_std).item():.2f} K")
print(f"RESULT r2={r2.item():.3f}")
