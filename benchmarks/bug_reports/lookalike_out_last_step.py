# Rebuilt from: https://github.com/HHTseng/video-classification/issues/3
# Report: in a CNN+LSTM video classifier the head uses RNN_out[:, -1, :]; a reader argued the LSTM
#   output is (seq_len, batch, hidden) per the docs, so it should be RNN_out[-1, :, :].
# Not a bug (a look-alike that must stay silent): the LSTM is built with batch_first=True, so RNN_out is
#   (batch, time, hidden) and RNN_out[:, -1, :] is the last time step of every clip (author's answer).
# Our own code, written after the report (not copied from it); synthetic per-frame features generated below
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

np.random.seed(0)
torch.manual_seed(0)
torch.set_num_threads(1)

N_CLIPS, N_FRAMES, FEAT_DIM, N_CLASSES = 900, 12, 16, 3


def make_clips():
    # class = direction of motion of a blob encoded in the frame features (needs the time order)
    labels = np.random.randint(0, N_CLASSES, N_CLIPS)
    X = np.random.normal(0, 0.3, (N_CLIPS, N_FRAMES, FEAT_DIM)).astype(np.float32)
    for i, c in enumerate(labels):
        start = np.random.randint(0, FEAT_DIM)
        step = {0: 1, 1: -1, 2: 0}[c]
        for t in range(N_FRAMES):
            X[i, t, (start + step * t) % FEAT_DIM] += 1.5
    return torch.from_numpy(X), torch.from_numpy(labels)


class DecoderRNN(nn.Module):
    def __init__(self, cnn_embed_dim=FEAT_DIM, h_rnn=64, num_classes=N_CLASSES):
        super().__init__()
        self.LSTM = nn.LSTM(input_size=cnn_embed_dim, hidden_size=h_rnn, num_layers=1, batch_first=True)
        self.fc1 = nn.Linear(h_rnn, 32)
        self.fc2 = nn.Linear(32, num_classes)

    def forward(self, x_rnn):
        RNN_out, (h_n, h_c) = self.LSTM(x_rnn, None)   # RNN_out: (batch, time_step, h_rnn)
        x = F.relu(self.fc1(RNN_out[:, -1, :]))         # choose RNN_out at the last time step
        return self.fc2(x)


X, y = make_clips()
loader = DataLoader(TensorDataset(X, y), batch_size=50, shuffle=True)
model = DecoderRNN()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
for epoch in range(15):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = (model(X).argmax(1) == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
