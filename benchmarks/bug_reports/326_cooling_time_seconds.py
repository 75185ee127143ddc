# Rebuilt from: https://github.com/TheodoreWolf/pinns/pull/3
# Report: On the Newton's-law-of-cooling PINN tutorial (time in seconds 0..1000, temperature in C), a reader
#   found the network needed many parameters and long training to follow the curve; scaling the input time
#   into [0, 1] "dramatically reduces the number of parameters needed" and makes training converge.
# Bug (planted: TL002): the network is fed raw time in seconds (0..1000) both for the data points and for
#   the physics collocation points; nothing rescales it before the first Linear layer.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.utils.data as thdat

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)

T_ENV, T0, R = 25.0, 100.0, 0.005     # ambient [C], initial [C], cooling rate [1/s]
T_END = 1000.0                          # s


def cooling_law(time):
    return T_ENV + (T0 - T_ENV) * np.exp(-R * time)


def grad(outputs, inputs):
    return torch.autograd.grad(outputs, inputs, grad_outputs=torch.ones_like(outputs), create_graph=True)[0]


class Net(nn.Module):
    def __init__(self, n_units=64, epochs=600, lr=1e-3, phys_weight=1.0):
        super().__init__()
        self.epochs, self.lr, self.phys_weight = epochs, lr, phys_weight
        self.batch_size = 32
        self.layers = nn.Sequential(nn.Linear(1, n_units), nn.GELU(), nn.Linear(n_units, n_units), nn.GELU())
        self.out = nn.Linear(n_units, 1)

    def forward(self, t):
        return T_ENV + (T0 - T_ENV) * self.out(self.layers(t))

    def physics_loss(self):
        ts = torch.linspace(0, T_END, 200).reshape(-1, 1).requires_grad_(True)
        temps = self(ts)
        dT = grad(temps, ts)
        return torch.mean((dT - R * (T_ENV - temps)) ** 2) / R ** 2 / (T0 - T_ENV) ** 2

    def fit(self, X, y):
        X_t = torch.tensor(X, dtype=torch.float32).reshape(len(X), -1)
        y_t = torch.tensor(y, dtype=torch.float32).reshape(len(y), -1)
        loader = thdat.DataLoader(thdat.TensorDataset(X_t, y_t), batch_size=self.batch_size, shuffle=True)
        opt = torch.optim.Adam(self.parameters(), lr=self.lr)
        loss_fn = nn.MSELoss()
        for ep in range(self.epochs):
            for inputs, targets in loader:
                opt.zero_grad()
                loss = loss_fn(self(inputs), targets) / (T0 - T_ENV) ** 2
                loss = loss + self.phys_weight * self.physics_loss()
                loss.backward()
                opt.step()
            if ep % 150 == 0:
                print(f"epoch {ep}/{self.epochs}  loss {loss.item():.5f}")

    def predict(self, X):
        with torch.no_grad():
            return self(torch.tensor(X, dtype=torch.float32).reshape(len(X), -1)).numpy()


t_data = np.linspace(0, 300, 10)
T_data = cooling_law(t_data) + 2.0 * np.random.randn(10)
net = Net()
net.fit(t_data, T_data)

t_eval = np.linspace(0, T_END, 400)
pred = net.predict(t_eval).ravel()
y = cooling_law(t_eval)
r2 = 1 - np.mean((pred - y) ** 2) / np.var(y)
print(f"RESULT r2={r2:.3f}")
