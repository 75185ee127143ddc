# Rebuilt from: https://github.com/StatQuest/signa/issues/11
# Report: A reader of the book's Chapter 3 tutorial asks whether using nn.MSELoss for a 3-class
#   classification (class MultipleInsOuts, CrossEntropyLoss commented out) is a mistake; the author
#   answers it is intentional because cross entropy is only introduced at the end of Chapter 4.
# Not a bug (a look-alike that must stay silent): the targets are one-hot rows of shape (N, 3),
#   exactly the shape of the (N, 3) network output, so MSELoss compares matching elements.
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(3)

# three flower species measured by petal width and sepal width (already in cm, near unit scale)
n_per = 60
centers = torch.tensor([[0.25, 3.4], [1.3, 2.8], [2.0, 3.0]])
inputs = torch.cat([c + 0.18 * torch.randn(n_per, 2) for c in centers])
labels = torch.arange(3).repeat_interleave(n_per)
targets = F.one_hot(labels, num_classes=3).float()          # (N, 3)


class MultipleInsOuts(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 8)
        self.out = nn.Linear(8, 3)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)))


model = MultipleInsOuts()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()
# loss_fn = nn.CrossEntropyLoss()

for epoch in range(300):
    optimizer.zero_grad()
    output = model(inputs)                                    # (N, 3)
    loss = loss_fn(output, targets)
    loss.backward()
    optimizer.step()
    if epoch % 100 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = (model(inputs).argmax(dim=1) == labels).float().mean().item()
print(f"RESULT acc={acc:.3f}")
