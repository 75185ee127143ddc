# Rebuilt from: https://github.com/rslim087a/PyTorch-for-Deep-Learning-and-Computer-Vision-Course-All-Codes-/issues/1
# Report: A student ran the course's Linear_Regression notebook unchanged and the fit diverged: the
#   line flew off and the loss grew instead of shrinking. Another student got it to work only by
#   dropping the learning rate to 1e-5.
# Bug (planted: TL002): x is drawn as randn * 10 and goes into nn.Linear raw (spread about 10, not 1).
#   Plain SGD at lr=0.01 then overshoots (the step is past 2/curvature) and the weights blow up.
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn

torch.manual_seed(14)


class LR(nn.Module):
    def __init__(self, input_size, output_size):
        super().__init__()
        self.linear = nn.Linear(input_size, output_size)

    def forward(self, x):
        return self.linear(x)

    def get_params(self):
        w, b = self.parameters()
        return w[0][0].item(), b[0].item()


X = torch.randn(100, 1) * 10
y = X + 3 * torch.randn(100, 1)
inputs = X

model = LR(1, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

epochs = 100
losses = []
for i in range(epochs):
    y_pred = model.forward(inputs)
    loss = criterion(y_pred, y)
    losses.append(loss.item())
    if i % 20 == 0:
        print("epoch:", i, "loss:", loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

w1, b1 = model.get_params()
print("w =", w1, "b =", b1)
with torch.no_grad():
    pred = model(inputs)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
