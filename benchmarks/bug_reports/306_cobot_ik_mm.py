# Rebuilt from: https://github.com/keras-team/keras/issues/15365
# Report: The robot's own IK stopped with a "singular trajectory" error, so the user approximated the inverse
#   kinematics of a collaborative robot with a small dense network (6 end-effector coordinates in, 6 joint
#   coordinates out, trained from a CSV of poses computed by direct kinematics) and asks what is conceptually
#   wrong because the network's joint values are not usable.
# Bug (planted: TL002): the pose columns go into the network raw (positions in millimetres up to ~900,
#   angles in degrees) and are trained with plain SGD; no scaling of the inputs anywhere.
# Our own code, written after the report (not copied from it); data file cobot_ik.csv made by make_cobot_ik.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

np.random.seed(1)
torch.manual_seed(1)

df = pd.read_csv("cobot_ik.csv")
pose_cols = ["x_mm", "y_mm", "z_mm", "pitch_deg", "yaw_deg"]
joint_cols = ["j1_rad", "j2_rad", "j3_rad", "j4_rad"]
X = df[pose_cols].values.astype(np.float32)
Y = df[joint_cols].values.astype(np.float32)
X_train, X_val, Y_train, Y_val = train_test_split(X, Y, test_size=0.2, random_state=1)


def get_model(n_inputs, n_outputs):
    return nn.Sequential(
        nn.Linear(n_inputs, 64), nn.ReLU(),
        nn.Linear(64, 64), nn.ReLU(),
        nn.Linear(64, 64), nn.ReLU(),
        nn.Linear(64, n_outputs),
    )


model = get_model(X.shape[1], Y.shape[1])
opt = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()
Xt, Yt = torch.tensor(X_train), torch.tensor(Y_train)
Xv, Yv = torch.tensor(X_val), torch.tensor(Y_val)

batch_size = 32
for epoch in range(60):
    perm = torch.randperm(len(Xt))
    for i in range(0, len(Xt), batch_size):
        idx = perm[i:i + batch_size]
        pred = model(Xt[idx])
        loss = loss_fn(pred, Yt[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        with torch.no_grad():
            print(f"epoch {epoch:2d}  train mse {loss.item():.4f}  val mse {loss_fn(model(Xv), Yv).item():.4f}")

with torch.no_grad():
    pred = model(Xt)
    r2 = 1 - ((pred - Yt) ** 2).mean() / Yt.var(dim=0, unbiased=False).mean()
print(f"RESULT r2={r2.item():.3f}")
