# Rebuilt from: https://community.deeplearning.ai/t/neural-networks-and-dealing-with-ratios-of-inputs/578284
# Report: a learner asks how a net can capture an output that is a ratio of two inputs,
#   Output = InputA / InputB; answers: division is hard for ReLU layers, and log turns division into
#   subtraction, so work in log space.
# Fixed twin of 179_ratio_raw_inputs.py: inputs and target are log-transformed before training (log A - log B), predictions exp()-ed back.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
torch.set_num_threads(1)


def load_data(n=1500):
    rng = np.random.default_rng(3)
    flow = rng.uniform(1000.0, 5000.0, n)       # input A
    area = rng.uniform(100.0, 500.0, n)         # input B
    velocity = flow / area                      # output = A / B
    X = np.stack([flow, area], axis=1).astype(np.float32)
    return X, velocity.astype(np.float32)


class RatioNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2, 32)
        self.fc2 = nn.Linear(32, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.out(x)


X, y = load_data()
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
Xt = torch.log(torch.tensor(X_train))
yt = torch.log(torch.tensor(y_train)).view(-1, 1)

net = RatioNet()
opt = torch.optim.SGD(net.parameters(), lr=1e-3, momentum=0.9)
crit = nn.MSELoss()
for epoch in range(150):
    perm = torch.randperm(len(Xt))
    for i in range(0, len(Xt), 32):
        b = perm[i:i + 32]
        opt.zero_grad()
        loss = crit(net(Xt[b]), yt[b])
        loss.backward()
        opt.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch} loss {loss.item():.4g}")

with torch.no_grad():
    pred = torch.exp(net(Xt)).view(-1)
y_true = torch.tensor(y_train)
r2 = 1 - torch.mean((pred - y_true) ** 2) / torch.var(y_true, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
