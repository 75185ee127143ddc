# Rebuilt from: https://solofox.github.io/torch/broadcasting/2025/12/07/torch-broadcasting-trap.html
# Report: A hand-written linear regression (nn.Parameter weights/bias, AdamW) of Boston medv on a single
#   column (lstat) always ended at medv = ~1e-4 * x + 22.53 with the loss stuck around 72, i.e. every
#   variable looked uncorrelated with the price and the intercept was just the mean of medv.
# Fixed twin of 101_boston_mse_broadcast.py: the target is made (N, 1) with medv.unsqueeze(1) before the loss, so
#   F.mse_loss compares each prediction with its own price (the answer the blog author found).
# Our own code, written after the report (not copied from it); data file boston_lstat.csv, a small made-up table beside this script
import torch
import torch.optim as optim
import torch.nn as nn
import torch.nn.functional as F
import pandas as pd

torch.manual_seed(0)


class LinearRegressionModule(nn.Module):
    def __init__(self, num_features):
        super().__init__()
        self.register_parameter('weights', nn.Parameter(torch.rand((num_features, 1)) * 0.01))
        self.register_parameter('bias', nn.Parameter(torch.randn(1) * 0.01))

    def forward(self, inputs):
        return torch.matmul(inputs, self.weights) + self.bias


def train(inputs, targets, total_epoches=1000):
    mod = LinearRegressionModule(inputs.shape[1])
    optimizer = optim.AdamW(mod.parameters(), lr=0.1, weight_decay=0.0)
    for step in range(total_epoches):
        outputs = mod.forward(inputs)
        loss = F.mse_loss(outputs, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 250 == 0:
            print(f"step={step} loss={loss.item():.3f}")
    print(f"results: y = x * {mod.weights.item():.5f} + {mod.bias.item():.3f}")
    return mod


def main():
    df = pd.read_csv('./boston_lstat.csv', skiprows=0)
    data = torch.tensor(df.values, dtype=torch.float32)
    inputs = data[:, 13:14]   # lstat
    medv = data[:, 14]
    mod = train(inputs, medv.unsqueeze(1))
    with torch.no_grad():
        pred = mod(inputs).view(-1)
        r2 = 1 - torch.mean((pred - medv) ** 2) / torch.var(medv, unbiased=False)
    print(f"RESULT r2={r2.item():.3f}")


if __name__ == "__main__":
    main()
