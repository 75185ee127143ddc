# Rebuilt from: https://rmalpica.github.io/SAP-exercises/exercises/1000_ffnn_engine_regression
# Report: exercise on a feed-forward PyTorch surrogate of a B777-class engine (inputs with different
#   units: altitude, Mach, temperatures, pressures, spool speed). It asks "What happens to training if
#   no normalization is applied?" and hints that scaling must be fit on training data only.
# Bug (planted: TL002): altitude_ft (~1e4), p_amb_Pa (~1e5) and n1_rpm (~3e3) are fed raw to the tanh
#   FFNN trained with plain SGD; the first layer saturates and the loss stalls near Var(y).
# Our own code, written after the report (not copied from it); data: engine_ops.csv from make_engine_ops.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.set_num_threads(1)
torch.manual_seed(0)
np.random.seed(0)

FEATURES = ["altitude_ft", "mach", "t_amb_K", "p_amb_Pa", "throttle_pct", "n1_rpm"]

df = pd.read_csv("engine_ops.csv")
X = df[FEATURES].values.astype(np.float32)
y = df["fuel_flow_kg_s"].values.astype(np.float32).reshape(-1, 1)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)

X_train_t = torch.from_numpy(X_train)
y_train_t = torch.from_numpy(y_train)

model = nn.Sequential(
    nn.Linear(len(FEATURES), 32), nn.Tanh(),
    nn.Linear(32, 32), nn.Tanh(),
    nn.Linear(32, 1),
)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)

history = []
for epoch in range(300):
    optimizer.zero_grad()
    pred = model(X_train_t)
    loss = criterion(pred, y_train_t)
    loss.backward()
    optimizer.step()
    history.append(loss.item())
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d}  train mse {loss.item():.5f}")

with torch.no_grad():
    p = model(X_train_t)
r2 = 1 - ((p - y_train_t) ** 2).mean() / y_train_t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
