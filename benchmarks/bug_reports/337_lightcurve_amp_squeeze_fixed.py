# Rebuilt from: https://github.com/tensorflow/tensorflow/issues/34369
# Report: A 1-D conv regression model ended with a squeeze to drop the size-1 channel axis; the model
#   still trained but the results were confusing. The reporter found the squeezed output had lost its
#   shape and was being broadcast against the target vector instead of compared element by element.
# Fixed twin of 337_lightcurve_amp_squeeze.py: forward returns the (B, 1) output without squeeze(),
#   so it matches the (B, 1) target column.
# Our own code, written after the report (not copied from it); light curves are synthetic.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

N_STARS, N_EPOCHS_OBS = 384, 40


def make_light_curves(n, n_obs):
    """Folded variable-star light curves in magnitudes; target = peak-to-peak amplitude (mag)."""
    phase = np.linspace(0.0, 1.0, n_obs, endpoint=False)
    amp = np.random.uniform(0.05, 1.2, n)                 # mag
    mean_mag = np.random.uniform(12.0, 17.0, n)            # apparent mag
    skew = np.random.uniform(0.0, 0.6, n)
    lc = (mean_mag[:, None]
          + 0.5 * amp[:, None] * np.sin(2 * np.pi * phase[None, :])
          + 0.5 * amp[:, None] * skew[:, None] * np.sin(4 * np.pi * phase[None, :])
          + np.random.normal(0, 0.02, (n, n_obs)))
    lc = lc - lc.mean(axis=1, keepdims=True)               # remove the mean magnitude
    return lc.astype(np.float32), amp.astype(np.float32)


lc, amp = make_light_curves(N_STARS, N_EPOCHS_OBS)
amp_mu, amp_sd = amp.mean(), amp.std()
X = torch.from_numpy(lc).unsqueeze(1)                                  # (N, 1, L)
y = torch.from_numpy(((amp - amp_mu) / amp_sd).reshape(-1, 1))       # (N, 1) column

loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)


class LightCurveNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv1d(1, 8, 5, padding=2), nn.ReLU(),
            nn.Conv1d(8, 8, 5, padding=2), nn.ReLU(),
            nn.AdaptiveMaxPool1d(1),
        )
        self.head = nn.Linear(8, 1)

    def forward(self, x):
        h = self.conv(x).flatten(1)
        out = self.head(h)
        return out                    # keep (B, 1) to match the target column


model = LightCurveNet()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
crit = nn.MSELoss()

for epoch in range(25):
    total = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        pred = model(xb)
        loss = crit(pred, yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    if epoch % 10 == 0:
        print(f"epoch {epoch:02d}  loss {total / len(X):.4f}")

with torch.no_grad():
    p = model(X).reshape(-1)
    t = y.reshape(-1)
    r2 = 1 - ((p - t) ** 2).mean() / t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
