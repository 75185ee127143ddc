# Rebuilt from: https://discuss.pytorch.org/t/model-predicting-robot-offsets-not-learning/99246
# Report: A user predicts the joint offsets of a Braccio arm with an MLP: joint angles in, offsets out, then
#   FK(angles + offsets) is compared with the measured effector position through F.mse_loss on x and y.
# Not a bug (a look-alike that must stay silent): forward_kinematic() returns x and y as 1-D tensors of shape (B,)
#   and the measured positions are also (B,), so F.mse_loss(x, x_t) compares matching shapes; the angles fed to
#   the net are servo degrees divided by 180, i.e. already in [0, 1], so no scaler is needed.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

np.random.seed(0)
torch.manual_seed(0)


class BraccioRobot:
    def __init__(self):
        self.links = [0.071, 0.125, 0.125, 0.19]          # base height + 3 links, metres
        self.true_offsets_deg = np.array([6.0, -4.0, 5.0])  # unknown calibration error of the servos

    def forward_kinematic(self, joints_rad):
        parent = torch.zeros(joints_rad.shape[0])
        x = torch.zeros(joints_rad.shape[0])
        y = torch.zeros(joints_rad.shape[0])
        for i in range(joints_rad.shape[1]):
            parent = parent + joints_rad[:, i]
            x = x + self.links[i + 1] * torch.sin(parent)
            y = y + self.links[i + 1] * torch.cos(parent)
        return x, y + self.links[0]

    def measure(self, servo_deg):
        """'Real' robot: the servos are off by an angle-dependent error (backlash + fixed offset)."""
        err = self.true_offsets_deg + 3.0 * np.sin(np.radians(servo_deg))
        real = torch.tensor(np.radians(servo_deg + err - 90.0), dtype=torch.float32)
        return self.forward_kinematic(real)


class OffsetMLP(nn.Module):
    def __init__(self, n_joints=3, hidden=64):
        super().__init__()
        self.fc1, self.fc2, self.out = nn.Linear(n_joints, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, n_joints)

    def forward(self, x):
        return torch.tanh(self.out(F.relu(self.fc2(F.relu(self.fc1(x))))))


robot = BraccioRobot()
model = OffsetMLP()
opti = torch.optim.Adam(model.parameters(), lr=3e-3)
for it in range(1500):
    servo = np.random.randint(20, 160, (32, 3)).astype(np.float32)       # commanded servo angles, degrees
    desired = torch.tensor(servo)
    offset = model(desired / 180) * 15                                     # predicted offsets, degrees
    x, y = robot.forward_kinematic((desired + offset - 90) * np.pi / 180)
    x_t, y_t = robot.measure(servo)
    loss = F.mse_loss(x, x_t) + F.mse_loss(y, y_t)
    opti.zero_grad()
    loss.backward()
    opti.step()
    if it % 300 == 0:
        print(f"iter {it:4d} loss {loss.item():.2e}")

# evaluate: how well do the predicted offsets explain the position error of the uncorrected model?
servo = np.random.randint(20, 160, (500, 3)).astype(np.float32)
with torch.no_grad():
    desired = torch.tensor(servo)
    xn, yn = robot.forward_kinematic((desired - 90) * np.pi / 180)       # nominal FK, no offsets
    xp, yp = robot.forward_kinematic((desired + model(desired / 180) * 15 - 90) * np.pi / 180)
    xt, yt = robot.measure(servo)
    err_true = torch.stack([xt - xn, yt - yn], 1)                          # position error to explain
    err_pred = torch.stack([xp - xn, yp - yn], 1)
    r2 = 1 - ((err_pred - err_true) ** 2).mean() / err_true.var(dim=0, unbiased=False).mean()
print(f"RESULT r2={r2.item():.3f}")
