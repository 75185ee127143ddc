# Rebuilt from: https://datascience.stackexchange.com/questions/68962/celsius-to-fahrenheit-conversion-simple-neural-network
# Report: a one-neuron network (Dense(1), no activation) trained on a handful of temperature pairs
#   learns the weight 1.8 but the bias stays off (29.2 instead of 32) after 500 epochs. The answer
#   trains Dense(1) on raw Fahrenheit values F = -200..199 with Nadam(lr=0.1) and recovers
#   C = 5/9 * F - 17.78 in 50 epochs; the asker confirms that simply training longer converged.
# Not a bug (a look-alike that must stay silent): the input is a raw temperature in degrees (-200..199,
#   not standardized), but the model is a single linear layer trained with an adaptive optimizer on a
#   convex loss - it converges exactly; target and prediction are both (N, 1).
# Our own code, written after the report (not copied from it); PyTorch instead of Keras.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

F_deg = np.arange(-200, 200, dtype=np.float32).reshape(-1, 1)
C_deg = (F_deg - 32.0) * 5.0 / 9.0

X = torch.from_numpy(F_deg)
Y = torch.from_numpy(C_deg)

model = nn.Sequential(nn.Linear(1, 1))
loss_fn = nn.MSELoss()
opt = torch.optim.NAdam(model.parameters(), lr=0.1)

batch_size = 16
for epoch in range(25):
    perm = np.random.permutation(len(X))
    for i in range(0, len(X), batch_size):
        idx = perm[i:i + batch_size]
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), Y[idx])
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

w, b = model[0].weight.item(), model[0].bias.item()
print(f"learned C = {w:.4f} * F + {b:.3f}   (true 0.5556, -17.778)")
with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - Y) ** 2).mean() / Y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
