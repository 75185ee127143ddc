# Rebuilt from: https://github.com/milutter/deep_lagrangian_networks/issues/7
# Report: Training an inverse-dynamics network on logs of a 6-DoF arm (joint angles, angular velocities,
#   angular accelerations and joint torques recorded at 250 Hz), the training loss plateaus far above the
#   values reported by the authors and the predicted joint torques on the test set are very poor.
# Fixed twin of 307_inverse_dynamics_deg.py: the joint-state features are standardized (mean/std per column) before training.
# Our own code, written after the report (not copied from it); data from a small numpy simulation of a 2-link arm.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(3)
torch.manual_seed(3)
FS = 250.0                      # Hz, like the logger in the report
M1, M2, L1, LC1, LC2, G = 3.0, 2.0, 0.4, 0.2, 0.15, 9.81


def torques(q, qd, qdd):
    """Rigid-body inverse dynamics of a planar 2-link arm with gravity (q in rad). Returns Nm."""
    c2, s2 = np.cos(q[:, 1]), np.sin(q[:, 1])
    I1, I2 = 0.05, 0.03
    m11 = I1 + I2 + M1 * LC1**2 + M2 * (L1**2 + LC2**2 + 2 * L1 * LC2 * c2)
    m12 = I2 + M2 * (LC2**2 + L1 * LC2 * c2)
    m22 = I2 + M2 * LC2**2
    h = -M2 * L1 * LC2 * s2
    g1 = (M1 * LC1 + M2 * L1) * G * np.cos(q[:, 0]) + M2 * LC2 * G * np.cos(q[:, 0] + q[:, 1])
    g2 = M2 * LC2 * G * np.cos(q[:, 0] + q[:, 1])
    tau1 = m11 * qdd[:, 0] + m12 * qdd[:, 1] + h * (2 * qd[:, 0] * qd[:, 1] + qd[:, 1] ** 2) + g1 + 0.3 * qd[:, 0]
    tau2 = m12 * qdd[:, 0] + m22 * qdd[:, 1] - h * qd[:, 0] ** 2 + g2 + 0.2 * qd[:, 1]
    return np.stack([tau1, tau2], 1)


def load_data(seconds=12.0):
    """Excitation trajectory (sum of sines per joint), sampled at 250 Hz and logged in degrees like the robot does."""
    t = np.arange(0, seconds, 1 / FS)
    q = np.zeros((len(t), 2)); qd = np.zeros_like(q); qdd = np.zeros_like(q)
    for j in range(2):
        for k in range(3):
            a, w, ph = np.random.uniform(0.2, 0.6), np.random.uniform(0.5, 3.0), np.random.uniform(0, 2 * np.pi)
            q[:, j] += a * np.sin(w * t + ph)
            qd[:, j] += a * w * np.cos(w * t + ph)
            qdd[:, j] += -a * w**2 * np.sin(w * t + ph)
    tau = torques(q, qd, qdd) + np.random.normal(0, 0.05, (len(t), 2))
    feats = np.concatenate([np.degrees(q), np.degrees(qd), np.degrees(qdd)], 1)
    return feats[::5].astype(np.float32), tau[::5].astype(np.float32)     # keep every 5th sample (600 rows)


class JointLog(Dataset):
    def __init__(self, x, y):
        self.x, self.y = torch.from_numpy(x), torch.from_numpy(y)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, i):
        return self.x[i], self.y[i]


def train(model, loader, epochs=60, lr=1e-2):
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    crit = nn.MSELoss()
    for ep in range(epochs):
        for xb, yb in loader:
            loss = crit(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
        if ep % 15 == 0:
            print(f"epoch {ep:2d} loss {loss.item():.4f}")
    return model


X, Y = load_data()
X = ((X - X.mean(0)) / X.std(0)).astype(np.float32)      # standardize q, qd, qdd columns
print("feature abs max:", np.abs(X).max(0).round(1))
model = nn.Sequential(nn.Linear(6, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 2))
loader = DataLoader(JointLog(X, Y), batch_size=32, shuffle=True)
model = train(model, loader)

with torch.no_grad():
    pred = model(torch.from_numpy(X))
    Yt = torch.from_numpy(Y)
    r2 = 1 - ((pred - Yt) ** 2).mean() / Yt.var(dim=0, unbiased=False).mean()
print(f"RESULT r2={r2.item():.3f}")
