# Rebuilt from: https://thinbug.com/q/49867234
# Report: (Chinese mirror of the question "Why is Keras so reluctant to make predictions outside [-1,1]")
#   A one-unit linear model fed x=0 and asked to output 42 stays near 1.0 after 1000 epochs with MAE and
#   RMSprop; the author suspects hidden normalization. Answer: there is none; with MSE and enough
#   epochs it converges to 42, the slow part is only the optimizer's step size versus the target.
# Not a bug (a look-alike that must stay silent): the inputs are already on unit scale (x in [0, 1]);
#   only the target is large (~42) and the bias learns it with MSE + enough steps; no feature scaling needed.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

# small batch of points: sensor reading in [0, 1] -> calibrated value around 42
x = np.random.rand(64, 1).astype(np.float32)
y = (42.0 + 3.0 * x + np.random.normal(0, 0.1, (64, 1))).astype(np.float32)
X = torch.from_numpy(x)
Y = torch.from_numpy(y)

model = nn.Linear(1, 1)
loss_fn = nn.MSELoss()
opt = torch.optim.RMSprop(model.parameters(), lr=0.05)

for epoch in range(3000):
    opt.zero_grad()
    loss = loss_fn(model(X), Y)
    loss.backward()
    opt.step()
    if epoch % 500 == 0:
        print(epoch, round(loss.item(), 4))

with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - Y) ** 2).mean().item() / Y.var(unbiased=False).item()
print("prediction for x=0:", model(torch.zeros(1, 1)).item())
print(f"RESULT r2={r2:.3f}")
