# Rebuilt from: https://github.com/MorvanZhou/PyTorch-Tutorial/issues/46
# Report: In the RNN regressor tutorial (predict cos from sin), switching forward() to the "simpler" variant
#   r_out.view(-1, 32) -> Linear gives outputs of shape (10, 1) while the target is (1, 10, 1); on torch 0.4.1 this
#   raised "input and target shapes do not match"; the maintainer could not reproduce it on 0.4.
# Not a bug (a look-alike that must stay silent): with batch size 1 the (time_step, 1) output and the
#   (1, time_step, 1) target hold the same elements in the same order; broadcasting only adds the leading 1,
#   so every prediction is still compared with its own time step.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
from torch import nn

torch.manual_seed(1)
TIME_STEP, INPUT_SIZE, LR = 10, 1, 0.02


class RNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(input_size=INPUT_SIZE, hidden_size=32, num_layers=1, batch_first=True)
        self.out = nn.Linear(32, 1)

    def forward(self, x, h_state):
        r_out, h_state = self.rnn(x, h_state)   # (1, time_step, 32)
        r_out = r_out.view(-1, 32)              # (time_step, 32)
        return self.out(r_out), h_state         # (time_step, 1)


rnn = RNN()
optimizer = torch.optim.Adam(rnn.parameters(), lr=LR)
loss_func = nn.MSELoss()
h_state = None
preds, targets = [], []
for step in range(300):
    start, end = step * np.pi, (step + 1) * np.pi
    steps = np.linspace(start, end, TIME_STEP, dtype=np.float32)
    x = torch.from_numpy(np.sin(steps)[np.newaxis, :, np.newaxis])   # (1, 10, 1)
    y = torch.from_numpy(np.cos(steps)[np.newaxis, :, np.newaxis])   # (1, 10, 1)
    prediction, h_state = rnn(x, h_state)
    h_state = h_state.data
    loss = loss_func(prediction, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step >= 250:
        preds.append(prediction.detach().view(-1))
        targets.append(y.view(-1))

p, t = torch.cat(preds), torch.cat(targets)
r2 = 1 - torch.mean((p - t) ** 2) / torch.var(t, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
