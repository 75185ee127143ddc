# Rebuilt from: https://discuss.pytorch.org/t/why-the-loss-function-can-be-apply-on-different-size-tensors/23032
# Report: The net maps [N, 7] features to [N, 4] class scores while the labels are a [N] tensor of class ids
#   0..3; the poster asked why nn.CrossEntropyLoss accepts the two "different size" tensors, since the shapes
#   do not fit the broadcasting rules, and whether that is correct.
# Not a bug (a look-alike that must stay silent): CrossEntropyLoss is defined for input (N, C) and a target
#   of class indices with shape (N,); it picks the score of the true class per row, nothing is broadcast.
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn
import torch.optim as optim

if __name__ == '__main__':
    torch.manual_seed(0)
    n = 600
    features = torch.randn(n, 7)
    # four classes defined by which of two linear scores is positive
    s1 = features[:, 0] + 0.5 * features[:, 3] - 0.3 * features[:, 5]
    s2 = features[:, 1] - features[:, 2] + 0.4 * features[:, 6]
    gt = (s1 > 0).long() * 2 + (s2 > 0).long()      # shape [N], values 0..3

    model = nn.Sequential(
        nn.Linear(7, 32),
        nn.ReLU(),
        nn.Linear(32, 4)
    )
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    f = nn.CrossEntropyLoss()

    for epoch in range(1000):
        optimizer.zero_grad()
        output = model(features)          # [N, 4]
        loss = f(output, gt)              # target [N]
        loss.backward()
        optimizer.step()
        if epoch % 200 == 0:
            print(epoch, loss.item())

    with torch.no_grad():
        acc = (model(features).argmax(dim=1) == gt).float().mean().item()
    print(f"RESULT acc={acc:.3f}")
