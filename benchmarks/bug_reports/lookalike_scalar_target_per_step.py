# Rebuilt from: https://stats.stackexchange.com/questions/376851/why-is-lstm-so-ineffective-at-this-ridiculously-simple-sequence
# Report: An LSTM(1, 100) + Linear(100, 1) is trained on one toy sequence to output each element shifted by a
#   constant; the loss is summed step by step as criterion(linear(output[:, i, :].squeeze()), y.squeeze()[i])
#   and training is slow. Comments point at a typo in the target sequence and doubt it is a sequence task;
#   nobody blames the shapes.
# Not a bug (a look-alike that must stay silent): each step compares a (1,) prediction with a 0-d target; the
#   broadcast of () against (1,) gives exactly the per-step squared error, so nothing is averaged across steps.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch

torch.manual_seed(0)
np.random.seed(0)

lstm = torch.nn.LSTM(input_size=1, hidden_size=100, num_layers=1, batch_first=True)
linear = torch.nn.Linear(100, 1)
criterion = torch.nn.MSELoss()
params = list(lstm.parameters()) + list(linear.parameters())
optimizer = torch.optim.Adam(params, lr=3e-3)

L = 21
x = torch.tensor(np.arange(L) / 20, dtype=torch.float32).unsqueeze(0).unsqueeze(2)   # (1, L, 1)
y = torch.tensor(np.arange(2, L + 2) / 20, dtype=torch.float32)                      # (L,)

for j in range(200):
    hidden = (torch.zeros((1, 1, 100)), torch.zeros((1, 1, 100)))
    optimizer.zero_grad()
    output, hidden = lstm(x, hidden)
    loss = 0.0
    for i in range(L):
        o = linear(output[:, i, :].squeeze())      # (1,)
        loss += criterion(o, y.squeeze()[i])       # target is 0-d
    loss.backward()
    optimizer.step()
    if j % 100 == 0:
        print(j, loss.item())

with torch.no_grad():
    output, _ = lstm(x)
    out_seq = linear(output[0]).view(-1)          # (L,)
r2 = 1 - torch.mean((out_seq - y) ** 2) / torch.var(y, unbiased=False)
print("output (expected):", y[:5])
print("output:", out_seq[:5])
print(f"RESULT r2={r2.item():.3f}")
