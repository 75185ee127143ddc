# Rebuilt from: https://e-com-net.com/article/1679470788798918656.htm
# Report: a beginner asks why nn.CrossEntropyLoss is called with output of size
#   [batch_size, class_num] and target of size [batch_size] - shouldn't the two sizes match
#   for the loss to be computed?
# Not a bug (a look-alike that must stay silent): cross_entropy takes (N, C) logits and (N,) int64
#   class indices by design; the shapes differ on purpose and nothing is broadcast.
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.datasets import make_classification
from torch.utils.data import DataLoader, TensorDataset, random_split

torch.manual_seed(0)

X, y = make_classification(n_samples=1200, n_features=12, n_informative=8, n_redundant=2,
                           n_classes=4, n_clusters_per_class=1, class_sep=1.5, random_state=0)
dataset = TensorDataset(torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.long))
train_set, val_set = random_split(dataset, [1000, 200], generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)


class Classifier(nn.Module):
    def __init__(self, n_in, hidden, n_classes):
        super().__init__()
        sizes = [n_in] + hidden
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.head = nn.Linear(sizes[-1], n_classes)

    def forward(self, x):
        for layer in self.layers:
            x = F.relu(layer(x))
        return self.head(x)


model = Classifier(12, [32, 32], 4)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

for epoch in range(15):
    model.train()
    for xb, yb in train_loader:
        output = model(xb)            # [batch_size, class_num]
        loss = F.cross_entropy(output, yb)   # yb: [batch_size]
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print("epoch", epoch, "loss", round(loss.item(), 4))

model.eval()
xs, ys = train_set[:]
with torch.no_grad():
    acc = (model(xs).argmax(dim=1) == ys).float().mean().item()
print("RESULT acc=%.3f" % acc)
