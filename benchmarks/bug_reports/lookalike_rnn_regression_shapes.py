# Rebuilt from: https://github.com/nsfinkelstein/hierarchical-rnn/pull/1
# Report: a PR reshapes the prediction/label placeholders of a hierarchical RNN to fix "shape bugs";
#   the maintainer asks what actually broke, noting the loss is always batch_size x 1, and the
#   contributor agrees that for a regression task with output_size 1 "everything is fine".
# Not a bug (a look-alike that must stay silent): with output_size = 1 the predictions are
#   (batch, 1) and the labels are built as (batch, 1) too, so MSELoss compares matching shapes.
# Our own code, written after the report (not copied from it); data: synthetic sequences made in make_sequences()
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

SEQ_LEN, INPUT_SIZE, HIDDEN, OUTPUT_SIZE = 12, 1, 32, 1


def make_sequences(n=512, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(n, SEQ_LEN, INPUT_SIZE)).astype(np.float32)
    y = (x[:, -4:, 0].sum(1) - 0.5 * x[:, :4, 0].sum(1)).astype(np.float32)
    return torch.from_numpy(x), torch.from_numpy(y).view(-1, OUTPUT_SIZE)   # labels (n, 1)


class SeqRegressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(INPUT_SIZE, HIDDEN, batch_first=True)
        self.out = nn.Linear(HIDDEN, OUTPUT_SIZE)

    def forward(self, x):
        _, h = self.rnn(x)
        return self.out(h[-1])   # (batch, OUTPUT_SIZE)


X, Y = make_sequences()
model = SeqRegressor()
loss_fn = nn.MSELoss()
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
batch_size = 64
for epoch in range(25):
    for i in range(0, len(X), batch_size):
        xb, yb = X[i:i + batch_size], Y[i:i + batch_size]
        preds = model(xb)
        loss = loss_fn(preds, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    preds = model(X)
r2 = 1 - ((preds - Y) ** 2).mean() / Y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
