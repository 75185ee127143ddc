# Rebuilt from: https://github.com/sfujim/TD3/issues/10
# Report: A user asked why the TD3 code feeds observations to the networks without normalization;
#   the author answered that empirically the methods perform fine without it on these tasks.
# Not a bug (a look-alike that must stay silent): the cart-pole state in physical units (metres, m/s,
#   radians, rad/s, force in newtons) is already of order 1-10, and the dynamics model trained with Adam fits well.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

np.random.seed(5)
torch.manual_seed(5)
G, MC, MP, L, DT = 9.8, 1.0, 0.1, 0.5, 0.02


def step(x, x_dot, th, th_dot, force):
    tmp = (force + MP * L * th_dot ** 2 * np.sin(th)) / (MC + MP)
    th_acc = (G * np.sin(th) - np.cos(th) * tmp) / (L * (4.0 / 3.0 - MP * np.cos(th) ** 2 / (MC + MP)))
    x_acc = tmp - MP * L * th_acc * np.cos(th) / (MC + MP)
    return x + DT * x_dot, x_dot + DT * x_acc, th + DT * th_dot, th_dot + DT * th_acc


n = 4000
df = pd.DataFrame({
    "cart_pos_m": np.random.uniform(-2.4, 2.4, n),
    "cart_vel_mps": np.random.uniform(-3, 3, n),
    "pole_angle_rad": np.random.uniform(-0.21, 0.21, n),
    "pole_angvel_radps": np.random.uniform(-3, 3, n),
    "force_N": np.random.choice([-10.0, 10.0], n),
})
nxt = step(df.cart_pos_m.values, df.cart_vel_mps.values, df.pole_angle_rad.values,
           df.pole_angvel_radps.values, df.force_N.values)
state_cols = ["cart_pos_m", "cart_vel_mps", "pole_angle_rad", "pole_angvel_radps"]
delta = np.stack(nxt, axis=1) - df[state_cols].values          # predict the state change

X = df.values.astype(np.float32)
Y = (delta / DT).astype(np.float32)                             # time derivatives, order 1-20
X_tr, X_te, Y_tr, Y_te = train_test_split(X, Y, test_size=0.2, random_state=0)

model = nn.Sequential(nn.Linear(5, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 4))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
Xt, Yt = torch.tensor(X_tr), torch.tensor(Y_tr)
for epoch in range(30):
    perm = torch.randperm(len(Xt))
    for i in range(0, len(Xt), 128):
        idx = perm[i:i + 128]
        loss = nn.functional.mse_loss(model(Xt[idx]), Yt[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} mse {loss.item():.4f}")

with torch.no_grad():
    pred = model(Xt)
r2 = 1 - ((pred - Yt) ** 2).mean(0) / Yt.var(0, unbiased=False)
print("per-dimension r2", np.round(r2.numpy(), 3))
print(f"RESULT r2={r2.mean().item():.3f}")
