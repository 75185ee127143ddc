# Rebuilt from: https://coderoad.ru/63333466/Необходима-ли-нормализация-для-проблемы-регрессии-в-нейронной-сети
# Report: Learning PyTorch regression on y = 2X^3 + 7X^2 - 8X + 120 read from a small CSV (100 rows, X from
#   -1000 to 1000) with MSELoss; the loss printed NaN. Asked whether the ANN can train without scaling the
#   inputs to [0, 1] with MinMaxScaler; answer: scale the inputs.
# Fixed twin of 318_cubic_raw_inputs_scale.py: X is min-max scaled to [0, 1] with sklearn's MinMaxScaler
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.preprocessing import MinMaxScaler

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

x = np.random.uniform(-1000, 1000, 100)
y = 2 * x ** 3 + 7 * x ** 2 - 8 * x + 120
dataset = pd.DataFrame({"x": x, "y": y})

x_temp_train = dataset.iloc[:80, :-1].values
y_temp_train = dataset.iloc[:80, -1:].values
# target brought to unit scale (kept in both versions)
y_mean, y_std = y_temp_train.mean(), y_temp_train.std()
y_train = torch.tensor((y_temp_train - y_mean) / y_std, dtype=torch.float32)
x_scaler = MinMaxScaler()
X_train = torch.tensor(x_scaler.fit_transform(x_temp_train), dtype=torch.float32)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(1, 40)
        self.hidden2 = nn.Linear(40, 40)
        self.predict = nn.Linear(40, 1)

    def forward(self, x):
        x = F.relu(self.hidden(x))
        x = F.relu(self.hidden2(x))
        return self.predict(x)


net = Net()
optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
loss_func = nn.MSELoss()
for t in range(2000):
    prediction = net(X_train)
    loss = loss_func(prediction, y_train)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if t % 500 == 0:
        print(t, loss.item())

with torch.no_grad():
    pred = net(X_train)
r2 = 1 - ((pred - y_train) ** 2).mean() / y_train.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
