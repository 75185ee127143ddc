# Rebuilt from: https://github.com/ECMWFCode4Earth/ml_drought/pull/36
# Report: ml_drought (ECMWF Code4Earth drought forecasting) trained its models on per-pixel arrays of
#   ERA5 / satellite predictors (precipitation in mm, 2 m temperature in K, potential evaporation,
#   soil moisture, past VHI 0..100) exactly as exported; PR #36 "Normalize x values when training models"
#   adds (x - mean) / std with the mean/std taken from the training arrays only.
# Fixed twin of 297_drought_vhi_unnormalized.py: as in the PR, ModelBase gets normalize_inputs=True and a
#   normalize() that applies (x - mean) / std with train-array statistics inside load_train_arrays().
# Our own code, written after the report (not copied from it); synthetic pixel-months generated in the script
import numpy as np
import torch
from torch import nn

torch.manual_seed(42)
np.random.seed(42)
torch.set_num_threads(1)

X_VARS = ["precip", "t2m", "pev", "SMsurf", "VHI"]
N_TIMESTEPS = 3


def make_pixels(n=2400):
    """(n, timesteps, features) predictors for n pixel-months and next-month VHI as target."""
    precip = np.random.gamma(2.0, 40.0, (n, N_TIMESTEPS))                    # mm / month
    t2m = 295.0 + 6.0 * np.random.randn(n, N_TIMESTEPS)                       # K
    pev = -(80.0 + 2.5 * (t2m - 295.0) + 10 * np.random.randn(n, N_TIMESTEPS))  # mm, negative = upward
    sm = np.clip(0.08 + 0.0009 * precip + 0.02 * np.random.randn(n, N_TIMESTEPS), 0.02, 0.45)
    vhi = np.clip(45 + 60 * (sm - 0.17) - 1.2 * (t2m - 295) + 8 * np.random.randn(n, N_TIMESTEPS), 0, 100)
    x = np.stack([precip, t2m, pev, sm, vhi], axis=-1).astype(np.float32)
    y = (0.6 * vhi[:, -1] + 0.05 * precip[:, -1] + 90 * (sm[:, -1] - 0.17)
         - 0.8 * (t2m[:, -1] - 295) + 14 + 3 * np.random.randn(n)).astype(np.float32)
    return x, y


class ModelBase:
    model_name = "base"

    def __init__(self, normalize_inputs=False):
        self.normalize_inputs = normalize_inputs
        self.normalizing_values = None
        self.model = None

    def load_train_arrays(self):
        x, y = make_pixels()
        if self.normalize_inputs:
            x = self.normalize(x)
        return x, y

    def normalize(self, x_in):
        if self.normalizing_values is None:
            self.normalizing_values = {"mean": x_in.mean(axis=0), "std": x_in.std(axis=0)}
        return (x_in - self.normalizing_values["mean"]) / self.normalizing_values["std"]


class LinearNetwork(ModelBase):
    model_name = "linear_network"

    def train(self, num_epochs=30, batch_size=64, learning_rate=1e-3):
        x, y = self.load_train_arrays()
        x = x.reshape(x.shape[0], x.shape[1] * x.shape[2])
        x_t, y_t = torch.from_numpy(x), torch.from_numpy(y).unsqueeze(-1)
        self.model = nn.Sequential(nn.Linear(x.shape[1], 32), nn.ReLU(), nn.Linear(32, 1))
        optimizer = torch.optim.SGD(self.model.parameters(), lr=learning_rate, momentum=0.9)
        for epoch in range(num_epochs):
            perm = torch.randperm(len(x_t))
            epoch_losses = []
            for i in range(0, len(x_t), batch_size):
                idx = perm[i:i + batch_size]
                optimizer.zero_grad()
                loss = nn.functional.mse_loss(self.model(x_t[idx]), y_t[idx])
                loss.backward()
                optimizer.step()
                epoch_losses.append(loss.item())
            if epoch % 10 == 0:
                print(f"Epoch {epoch}, train RMSE: {np.sqrt(np.mean(epoch_losses)):.3f}")
        with torch.no_grad():
            pred = self.model(x_t)
        return pred, y_t


model = LinearNetwork(normalize_inputs=True)
pred, y_true = model.train()
r2 = 1 - torch.mean((pred - y_true) ** 2) / torch.var(y_true, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
