# Rebuilt from: https://discuss.pytorch.org/t/how-to-tailor-a-lstm-nn-to-react-to-exogenous-variables/162990
# Report: A student predicting wind power with an LSTM multiplied the squared error by the power price,
#   weighted_mse_loss(input, target, weight) = weight * (input - target) ** 2, and was surprised that the model
#   became more accurate in high-price hours.
# Not a bug (a look-alike that must stay silent): a hand-written weighted MSE, but prediction, target and
#   price weight are all (B, 1), so the product is elementwise; inputs are scaled to [0, 1].
# Our own code, written after the report (not copied from it); synthetic wind/price series generated in the script
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(11)

T = 700
wind = np.clip(0.5 + 0.3 * np.sin(np.arange(T) * 2 * np.pi / 48) + 0.1 * rng.standard_normal(T).cumsum() / 10, 0, 1)
price = 40 + 25 * (np.sin(np.arange(T) * 2 * np.pi / 24) > 0.3) + rng.normal(0, 3, T)


def make_windows(series, price, lookback=12):
    xs, ys, ws = [], [], []
    for i in range(len(series) - lookback):
        xs.append(series[i:i + lookback])
        ys.append(series[i + lookback])
        ws.append(price[i + lookback])
    return (torch.tensor(np.array(xs), dtype=torch.float32).unsqueeze(-1),
            torch.tensor(np.array(ys), dtype=torch.float32).unsqueeze(-1),
            torch.tensor(np.array(ws) / np.mean(ws), dtype=torch.float32).unsqueeze(-1))


def weighted_mse_loss(input, target, weight):
    return (weight * (input - target) ** 2).mean()


class WindLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, 32, batch_first=True)
        self.head = nn.Linear(32, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


X, Y, W = make_windows(wind, price)
net = WindLSTM()
opt = torch.optim.Adam(net.parameters(), lr=0.01)
for epoch in range(15):
    for i in range(0, len(X), 64):
        pred = net(X[i:i + 64])
        loss = weighted_mse_loss(pred, Y[i:i + 64], W[i:i + 64])
        opt.zero_grad()
        loss.backward()
        opt.step()
with torch.no_grad():
    P = net(X)
print(f"RESULT r2={1 - ((P - Y) ** 2).mean().item() / Y.var(unbiased=False).item():.3f}")
