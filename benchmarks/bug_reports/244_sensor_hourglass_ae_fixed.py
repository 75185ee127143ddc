# Rebuilt from: https://github.com/equinor/gordo/issues/430
# Report: The same feedforward/LSTM hourglass autoencoder was fitted on sensor data X1 = rand(100,10) and on
#   X2 = rand(100,10)*100; the loss of the second model was far worse, though both should reach the same range.
#   The maintainer: y2 (= X2) is not scaled; wrap the model with MinMaxScaler (TransformedTargetRegressor).
# Fixed twin of 244_sensor_hourglass_ae.py: a MinMaxScaler is fitted on the tags and the autoencoder
#   is trained on the scaled data; reconstructions are mapped back with inverse_transform for r2.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from sklearn.preprocessing import MinMaxScaler

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

TAGS = ["valve_pct", "p_in_bar", "p_out_bar", "t_in_degC", "t_out_degC",
        "flow_pct", "level_pct", "pump_load_pct", "vib_pct", "dp_bar"]


def load_sensor_data(n=400):
    t = np.linspace(0, 20, n)
    z = np.stack([np.sin(t), np.cos(0.7 * t), np.sin(0.3 * t + 1)], axis=1)
    mix = np.random.uniform(-1, 1, size=(3, len(TAGS)))
    X = np.tanh(z @ mix + 0.05 * np.random.randn(n, len(TAGS)))
    return (50 + 45 * X).astype(np.float32)          # every tag lives in 5..95


def hourglass(n_features, encoding_dim=3):
    return nn.Sequential(
        nn.Linear(n_features, 8), nn.Tanh(),
        nn.Linear(8, encoding_dim), nn.Tanh(),
        nn.Linear(encoding_dim, 8), nn.Tanh(),
        nn.Linear(8, n_features))


class Trainer:
    def __init__(self, model, lr=1e-3, epochs=60, batch_size=32):
        self.model, self.epochs, self.batch_size = model, epochs, batch_size
        self.opt = torch.optim.Adam(model.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()

    def fit(self, X):
        X = torch.tensor(X)
        for epoch in range(self.epochs):
            perm = torch.randperm(len(X))
            for i in range(0, len(X), self.batch_size):
                xb = X[perm[i:i + self.batch_size]]
                self.opt.zero_grad()
                loss = self.loss_fn(self.model(xb), xb)
                loss.backward()
                self.opt.step()
            if epoch % 20 == 0:
                print(f"epoch {epoch} loss {loss.item():.4f}")
        return self

    def predict(self, X):
        with torch.no_grad():
            return self.model(torch.tensor(X)).numpy()


X = load_sensor_data()
scaler = MinMaxScaler()
X_scaled = scaler.fit_transform(X).astype(np.float32)
trainer = Trainer(hourglass(X.shape[1])).fit(X_scaled)
recon = scaler.inverse_transform(trainer.predict(X_scaled))
r2 = 1 - ((recon - X) ** 2).mean() / X.var(axis=0).mean()
print(f"RESULT r2={r2:.3f}")
