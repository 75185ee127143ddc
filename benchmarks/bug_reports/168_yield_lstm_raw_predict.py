# Rebuilt from: https://github.com/Eshajha19/agri/issues/2564
# Report: the LSTM yield model is trained on MinMax-scaled data, but predict() receives raw inputs
#   without the same scaling and returns the network output without inverse transform, so every
#   reported yield is a 0-1 number instead of kg/ha: predictions are completely wrong.
# Bug (planted: TL002): predict_yield() feeds raw rainfall (mm), temperature (C) and fertilizer (kg/ha)
#   to a model trained on scaled inputs and returns its scaled output as kg/ha.
# Our own code, written after the report (not copied from it); data: crop_yield.csv (make_crop_yield.py)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from sklearn.preprocessing import MinMaxScaler

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

FEATURES = ["rainfall_mm", "avg_temp_c", "fertilizer_kg_ha"]
SEQ_YEARS = 3


def build_sequences(df):
    X, y = [], []
    for _, g in df.sort_values(["district", "year"]).groupby("district"):
        feats, ylds = g[FEATURES].to_numpy(np.float32), g["yield_kg_ha"].to_numpy(np.float32)
        for end in range(SEQ_YEARS, len(g) + 1):
            X.append(feats[end - SEQ_YEARS:end])
            y.append(ylds[end - 1])
    return np.stack(X), np.asarray(y, dtype=np.float32)


class YieldLSTM(nn.Module):
    def __init__(self, n_features, hidden=32):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden, batch_first=True)
        self.head = nn.Sequential(nn.Linear(hidden, 16), nn.ReLU(), nn.Linear(16, 1))

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1, :])


def train(model, loader, epochs=60):
    opt = torch.optim.Adam(model.parameters(), lr=0.005)
    loss_fn = nn.MSELoss()
    for epoch in range(epochs):
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
        if epoch % 15 == 0:
            print(f"epoch {epoch} loss {loss.item():.5f}")


def predict_yield(model, X_raw, x_scaler, y_scaler):
    model.eval()
    with torch.no_grad():
        out = model(torch.from_numpy(X_raw))
    return out.numpy().ravel()


df = pd.read_csv("crop_yield.csv")
X_raw, y_raw = build_sequences(df)

x_scaler = MinMaxScaler().fit(X_raw.reshape(-1, len(FEATURES)))
y_scaler = MinMaxScaler().fit(y_raw.reshape(-1, 1))
X_scaled = x_scaler.transform(X_raw.reshape(-1, len(FEATURES))).reshape(X_raw.shape).astype(np.float32)
y_scaled = y_scaler.transform(y_raw.reshape(-1, 1)).astype(np.float32)

loader = DataLoader(TensorDataset(torch.from_numpy(X_scaled), torch.from_numpy(y_scaled)),
                    batch_size=32, shuffle=True)
model = YieldLSTM(len(FEATURES))
train(model, loader)

pred_kg_ha = predict_yield(model, X_raw, x_scaler, y_scaler)
print("first predictions (kg/ha):", np.round(pred_kg_ha[:3], 2), "actual:", y_raw[:3])
r2 = 1 - np.mean((pred_kg_ha - y_raw) ** 2) / np.var(y_raw)
print(f"RESULT r2={r2:.3f}")
