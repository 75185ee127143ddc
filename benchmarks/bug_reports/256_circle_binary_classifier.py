# Rebuilt from: https://newbe.dev/pytorch-binary-classification-same-network-structure-simpler-data-but-worse-performance
# Report: A beginner's 2-layer sigmoid network separates a sklearn-style non-linear toy set (centred on 0) fine,
#   but the same network on a "simpler" two-feature data set whose values sit around 92 with a large spread
#   stays stuck near chance; the answer: the inputs are not normalized.
# Bug (planted: TL002): x_data goes into the network raw (both columns around 92, std ~15); the sigmoid hidden
#   units saturate and the model stalls.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(2)
np.random.seed(2)


class Model(nn.Module):
    def __init__(self, input_size, H1, output_size):
        super().__init__()
        self.linear = nn.Linear(input_size, H1)
        self.linear2 = nn.Linear(H1, output_size)

    def forward(self, x):
        x = torch.sigmoid(self.linear(x))
        x = torch.sigmoid(self.linear2(x))
        return x

    def predict(self, x):
        return (self.forward(x) >= 0.5).float()


# two measurements per sample, both around 92; class 1 = close to the centre of the cloud
n_pts = 500
pts = np.random.normal(92.0, 15.0, size=(n_pts, 2))
labels = (np.linalg.norm(pts - 92.0, axis=1) < 15.0).astype(np.float32)

x_data = torch.tensor(pts, dtype=torch.float32)
y_data = torch.tensor(labels).view(-1, 1)

model = Model(2, 8, 1)
criterion = nn.BCELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

epochs = 1000
for i in range(epochs):
    y_pred = model(x_data)
    loss = criterion(y_pred, y_data)
    if i % 200 == 0:
        print("epoch:", i, "loss:", loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

with torch.no_grad():
    acc = (model.predict(x_data) == y_data).float().mean().item()
print(f"RESULT acc={acc:.3f}")
