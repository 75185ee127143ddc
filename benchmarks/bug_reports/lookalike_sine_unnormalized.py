# Rebuilt from: https://discuss.pytorch.org/t/predicted-data-is-in-a-different-scale/164415
# Report: an nn.RNN trained on np.sin(np.arange(0, 8*pi, 0.1)) produces curves in the wrong scale; the
#   poster asks whether the data must be normalised since "the range of the input is from 1 to -1".
# Not a bug (a look-alike that must stay silent): a sine wave already lies in [-1, 1], the natural range
#   of tanh, so feeding it raw without a scaler is fine; windows of it train normally.
# Our own code, written after the report (not copied from it); sine data generated below
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

wave = np.sin(np.arange(0, 8 * np.pi, 0.1))
wave = torch.from_numpy(wave).repeat(3).float()         # three periods of 8*pi, values in [-1, 1]

WINDOW = 20
X = torch.stack([wave[i:i + WINDOW] for i in range(len(wave) - WINDOW)]).unsqueeze(-1)
Y = wave[WINDOW:].unsqueeze(-1)                          # (N, 1), next value after each window


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size
        self.rnn = nn.RNN(input_size=input_size, hidden_size=hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, 1)

    def forward(self, input, hidden):
        output, hidden = self.rnn(input, hidden)
        return self.fc(output[:, -1, :]), hidden


model = RNN(input_size=1, hidden_size=64)
optimizer = optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.MSELoss()

model.train()
for epoch in range(60):
    perm = torch.randperm(len(X))
    for i in range(0, len(X), 64):
        idx = perm[i:i + 64]
        hidden = torch.zeros(1, len(idx), 64)
        optimizer.zero_grad()
        out, _ = model(X[idx], hidden)
        loss = loss_fn(out, Y[idx])
        loss.backward()
        optimizer.step()
    if epoch % 10 == 0:
        print(f"Epoch: {epoch}/60 Loss: {loss.item():.4f}")

model.eval()
with torch.no_grad():
    pred, _ = model(X, torch.zeros(1, len(X), 64))
r2 = 1 - ((pred - Y) ** 2).mean().item() / Y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
