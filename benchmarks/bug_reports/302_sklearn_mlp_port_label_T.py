# Rebuilt from: https://thexb.notion.site/Pytorch-8bb4f1a8e29f4e8399e879f716690c13
# Report: Same network written with sklearn MLPRegressor(hidden_layer_sizes=10, batch_size=5) and in PyTorch;
#   the PyTorch port always ends clearly worse (MSE 3.0 vs 2.0 for sklearn). Hyper-parameters were tried
#   for a long time before the author found the loss itself was wrong.
# Bug (planted: TL001): control_input() hands back the label as a (1, n) row while the model predicts (n, 1);
#   self.cost(label, predict) broadcasts to (n, n) and the net only learns the batch mean.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)
INPUT_DIM = 6


def load_data(n=500):
    x = np.random.uniform(-2, 2, size=(n, INPUT_DIM)).astype(np.float32)
    y = 1.5 * x[:, 0] - x[:, 1] * x[:, 2] + np.sin(2 * x[:, 3]) + 0.3 * x[:, 4] ** 2
    y = (y + 0.1 * np.random.randn(n)).astype(np.float32)
    return np.hstack([x, y[:, None]])   # last column is the label, like the csv rows


class Policy_Network(nn.Module):
    def __init__(self):
        super(Policy_Network, self).__init__()
        self.layer = nn.Sequential(
            nn.Linear(INPUT_DIM, 10), nn.ReLU(True),
            nn.Linear(10, 5), nn.ReLU(True),
            nn.Linear(5, 1),
        )

    def __call__(self, x):
        return self.layer(x)


class Trainer:
    def __init__(self, rows):
        self.rows = torch.from_numpy(rows)
        self.train_loader = DataLoader(TensorDataset(self.rows), batch_size=5, shuffle=True)
        self.model = Policy_Network()
        self.cost = nn.MSELoss()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3)

    def control_input(self, x):
        feature = x[:, :INPUT_DIM]
        label = x[:, INPUT_DIM].unsqueeze(0)      # (1, n)
        return feature, label

    def fit(self, epochs=20):
        for epoch in range(epochs):
            sum_loss = 0
            for idx, (x,) in enumerate(self.train_loader):
                feature, label = self.control_input(x)
                predict = self.model(feature)
                loss = self.cost(label, predict)
                sum_loss += loss.detach().numpy()
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
            if epoch % 5 == 0:
                print(f"{epoch} train sum_loss = ", sum_loss / (idx + 1))

    def r2(self):
        with torch.no_grad():
            pred = self.model(self.rows[:, :INPUT_DIM]).view(-1)
        y = self.rows[:, INPUT_DIM]
        return 1 - ((pred - y) ** 2).mean().item() / y.var(unbiased=False).item()


trainer = Trainer(load_data())
trainer.fit()
print(f"RESULT r2={trainer.r2():.3f}")
