# Rebuilt from: https://github.com/jeremyfix/deeplearning-lectures/issues/7
# Report: In the lab on logistic regression with FashionMNIST, the figures meant to show training
#   "without normalization of the input" looked just as good as the normalized ones; the author
#   concluded this was not an issue: the FashionMNIST tensors are already scaled to [0, 1].
# Not a bug (a look-alike that must stay silent): the script has no normalization step, but the
#   arrays it loads are float32 pixels already in [0, 1] (as ToTensor would give), so plain SGD on a
#   linear model is well conditioned.
# Our own code, written after the report (not copied from it); data: fashion_x.npy / fashion_y.npy
#   made by make_fashion_small.py
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(4)
torch.set_num_threads(1)


class FashionArrays(Dataset):
    def __init__(self, x_file, y_file):
        self.x = np.load(x_file)          # (N, 12, 12) float32 in [0, 1]
        self.y = np.load(y_file)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, idx):
        return torch.from_numpy(self.x[idx]).flatten(), int(self.y[idx])


class LinearNet(nn.Module):
    def __init__(self, input_size, num_classes):
        super().__init__()
        self.classifier = nn.Linear(input_size, num_classes)

    def forward(self, x):
        return self.classifier(x)


def train(model, loader, f_loss, optimizer):
    model.train()
    for inputs, targets in loader:
        outputs = model(inputs)
        loss = f_loss(outputs, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()


def test(model, loader):
    model.eval()
    correct, n = 0, 0
    with torch.no_grad():
        for inputs, targets in loader:
            correct += (model(inputs).argmax(1) == targets).sum().item()
            n += len(targets)
    return correct / n


ds = FashionArrays("fashion_x.npy", "fashion_y.npy")
train_loader = DataLoader(ds, batch_size=32, shuffle=True)
model = LinearNet(12 * 12, 3)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
f_loss = nn.CrossEntropyLoss()
for epoch in range(10):
    l = train(model, train_loader, f_loss, optimizer)
    print(f"epoch {epoch + 1} loss {l:.4f}")
acc = test(model, DataLoader(ds, batch_size=256))
print(f"RESULT acc={acc:.3f}")
