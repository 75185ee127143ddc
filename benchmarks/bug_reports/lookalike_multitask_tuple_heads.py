# Rebuilt from: https://learn-pytorch.oneoffcoder.com/multi-task-learning.html
# Report: A shared backbone returns a tuple (class_logits, regression_prediction); the class target is a 1-D long
#   vector used with CrossEntropyLoss while the regression target is built with .unsqueeze(1); the page asserts
#   class_logits.shape == (64, 2) and regression_prediction.shape == (64, 1) and weights the two losses.
# Not a bug (a look-alike that must stay silent): the two targets have different ranks on purpose: CrossEntropyLoss
#   wants (N,) class indices for (N, C) logits, and the unsqueezed regression target (N, 1) matches the (N, 1) head.
# Our own code, written after the report (not copied from it); data generated in the script.
import torch
from torch import nn

torch.manual_seed(43)

x = torch.randn(256, 6)
class_target = (x[:, 0] + x[:, 1] > 0).long()
regression_target = (x[:, 2] - x[:, 3]).unsqueeze(1)


class MultiTaskModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU())
        self.class_head = nn.Linear(16, 2)
        self.regression_head = nn.Linear(16, 1)

    def forward(self, x):
        features = self.backbone(x)
        return self.class_head(features), self.regression_head(features)


model = MultiTaskModel()
optimizer = torch.optim.AdamW(model.parameters(), lr=0.03)
classification_loss = nn.CrossEntropyLoss()
regression_loss = nn.MSELoss()

for step in range(200):
    optimizer.zero_grad(set_to_none=True)
    class_logits, regression_prediction = model(x)
    loss_a = classification_loss(class_logits, class_target)
    loss_b = regression_loss(regression_prediction, regression_target)
    loss = loss_a + 0.5 * loss_b
    loss.backward()
    optimizer.step()

with torch.no_grad():
    class_logits, regression_prediction = model(x)
acc = (class_logits.argmax(1) == class_target).float().mean().item()
r2 = 1 - ((regression_prediction - regression_target) ** 2).mean().item() / regression_target.var(unbiased=False).item()
print(f"classification acc {acc:.3f}")
print(f"RESULT r2={r2:.3f}")
