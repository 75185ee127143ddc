# Rebuilt from: https://github.com/andrewgcodes/xlstm/issues/4
# Report: "y_pred, y_true shape, are different": training the sequence model of the repository's test
#   script warns "Using a target size (torch.Size([1, 1])) that is different to the input size
#   (torch.Size([10, 1]))" at loss += criterion(y_pred, y_true); in the debugger y_pred is (10, 1) and
#   y_true (1, 1). The reporter's fix was to compare one prediction with the target, not all ten.
# Fixed twin of 415_lstm_all_steps_one_target.py: only the last step's prediction, (1, 1), is compared with
#   the next value of the series.
# Our own code, written after the report (not copied from it); data: generated series
import numpy as np
import torch
import torch.nn as nn

np.random.seed(15)
torch.manual_seed(15)
torch.set_num_threads(1)

SEQ_LEN = 10


def make_series(n=900):
    rng = np.random.default_rng(15)
    s = np.zeros(n)
    for t in range(2, n):
        s[t] = 1.3 * s[t - 1] - 0.6 * s[t - 2] + rng.normal(0, 0.3)
    return ((s - s.mean()) / s.std()).astype(np.float32)


class SeqModel(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.rnn = nn.LSTM(1, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[0])


series = make_series()
windows = [(series[i:i + SEQ_LEN], series[i + SEQ_LEN]) for i in range(len(series) - SEQ_LEN)]
train, test = windows[:700], windows[700:]

model = SeqModel()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)

for epoch in range(3):
    order = np.random.permutation(len(train))
    total = 0.0
    for k in order:
        seq, nxt = train[k]
        x = torch.from_numpy(seq).view(1, SEQ_LEN, 1)
        y_true = torch.tensor([[nxt]])
        y_pred = model(x)[-1:]
        loss = criterion(y_pred, y_true)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    print(f"epoch {epoch} loss {total / len(train):.4f}")

preds, targets = [], []
with torch.no_grad():
    for seq, nxt in test:
        preds.append(model(torch.from_numpy(seq).view(1, SEQ_LEN, 1))[-1, 0].item())
        targets.append(float(nxt))
pred, target = torch.tensor(preds), torch.tensor(targets)
r2 = 1 - torch.sum((pred - target) ** 2) / torch.sum((target - target.mean()) ** 2)
print(f"RESULT r2={r2.item():.4f}")
