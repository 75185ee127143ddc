# Rebuilt from: https://openillumi.com/en/en-pytorch-performance-fix-standardization
# Report: A two-layer sigmoid network that separated circular toy data fine stopped learning (loss
#   stagnated, accuracy poor) when switched to heart-rate data with a large value scale / high mean.
#   Same architecture; the fix was to standardize x_data to mean 0 / std 1.
# Fixed twin of 63_heart_rate_sigmoid_net.py: x_data standardized with (x - mean) / std before training
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

np.random.seed(3)
torch.manual_seed(3)

n = 500
resting = np.random.normal(72, 11, n)
peak = np.random.normal(158, 18, n)
# "abnormal" patients: far from the typical (resting, peak) pair in either direction
score = ((resting - 72) / 11) ** 2 + ((peak - 158) / 18) ** 2
label = (score > 1.4).astype(np.float32)

x_data = torch.tensor(np.column_stack([resting, peak]), dtype=torch.float32)
x_data = (x_data - x_data.mean(dim=0)) / x_data.std(dim=0)
y_data = torch.tensor(label).reshape(-1, 1)


class Model(nn.Module):
    def __init__(self, input_size, H1, output_size):
        super().__init__()
        self.linear = nn.Linear(input_size, H1)
        self.linear2 = nn.Linear(H1, output_size)

    def forward(self, x):
        x = torch.sigmoid(self.linear(x))
        x = torch.sigmoid(self.linear2(x))
        return x


model = Model(2, 8, 1)
criterion = nn.BCELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

epochs = 2000
for i in range(epochs):
    y_pred = model(x_data)
    loss = criterion(y_pred, y_data)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if i % 400 == 0:
        print(f"epoch {i} loss {loss.item():.4f}")

with torch.no_grad():
    pred = (model(x_data) > 0.5).float()
acc = (pred == y_data).float().mean().item()
print(f"RESULT acc={acc:.3f}")
