# Rebuilt from: https://discuss.pytorch.org/t/use-batchnorm-directly-on-input/128762
# Report: The poster's training set is too large / of unknown statistics to normalize beforehand, so
#   the first module of the net is nn.BatchNorm1d applied directly to the raw input, and they ask
#   whether that is useful or harmful. Answer: yes, it works; the batch statistics estimate mean/std.
# Not a bug (a look-alike that must stay silent): the features are raw (thousands, different scales)
#   but the first layer is BatchNorm1d on the input, so the Linear layers see normalized values.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(0)

n, d, n_classes = 1200, 16, 4
centers = rng.normal(0, 1, (n_classes, d))
labels = rng.integers(0, n_classes, n)
scales = 10.0 ** rng.uniform(1, 4, d)              # raw sensor units: 10 .. 10000
offsets = rng.uniform(0, 5000, d)
X = (centers[labels] + rng.normal(0, 0.8, (n, d))) * scales + offsets
X = torch.tensor(X, dtype=torch.float32)
y = torch.tensor(labels)


class MyNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn0 = nn.BatchNorm1d(d)
        self.fc1 = nn.Linear(d, 64)
        self.bn1 = nn.BatchNorm1d(64)
        self.fc2 = nn.Linear(64, 64)
        self.bn2 = nn.BatchNorm1d(64)
        self.fc3 = nn.Linear(64, n_classes)
        self.relu = nn.ReLU()

    def forward(self, x):
        normalized_input = self.bn0(x)
        h = self.relu(self.bn1(self.fc1(normalized_input)))
        h = self.relu(self.bn2(self.fc2(h)))
        return self.fc3(h)


model = MyNet()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
criterion = nn.CrossEntropyLoss()

for epoch in range(15):
    model.train()
    perm = torch.randperm(n)
    for i in range(0, n, 64):
        idx = perm[i:i + 64]
        optimizer.zero_grad()
        loss = criterion(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

model.eval()
with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
