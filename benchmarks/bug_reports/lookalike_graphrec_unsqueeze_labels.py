# Rebuilt from: https://github.com/Wang-Shuo/GraphRec_PyTorch/issues/7
# Report: GraphRec (user/item embeddings + MLP rating head, MSELoss, RMSprop) trained on Ciao stays above
#   RMSE 1.09 instead of the paper's 0.98; the discussion points at preprocessing (intersection of graphs,
#   sampling 30 items per user) and the aggregation functions, not at the loss.
# Not a bug (a look-alike that must stay silent): the head returns (B, 1) and the collate returns labels of
#   shape (B,), but the loss is criterion(outputs, labels.unsqueeze(1)) and validation uses preds.squeeze(1),
#   so both sides always have the same shape.
# Our own code, written after the report (not copied from it); synthetic Ciao-like ratings.
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

N_USERS, N_ITEMS, N = 250, 180, 4000


class RatingDataset(Dataset):
    def __init__(self):
        uf, itf = np.random.randn(N_USERS, 3), np.random.randn(N_ITEMS, 3)
        ib = np.random.randn(N_ITEMS) * 0.7
        self.u = np.random.randint(0, N_USERS, N)
        self.i = np.random.randint(0, N_ITEMS, N)
        self.r = np.clip(3.6 + ib[self.i] + 0.4 * (uf[self.u] * itf[self.i]).sum(1)
                         + 0.2 * np.random.randn(N), 1, 5).astype(np.float32)

    def __len__(self):
        return N

    def __getitem__(self, k):
        return self.u[k], self.i[k], self.r[k]


def collate_fn(batch):
    uids, iids, labels = zip(*batch)
    return torch.LongTensor(uids), torch.LongTensor(iids), torch.FloatTensor(labels)


class GraphRecLite(nn.Module):
    def __init__(self, dim=32):
        super().__init__()
        self.user_emb = nn.Embedding(N_USERS, dim)
        self.item_emb = nn.Embedding(N_ITEMS, dim)
        self.rate_pred = nn.Sequential(nn.Linear(2 * dim, dim), nn.ReLU(), nn.Linear(dim, dim // 2),
                                       nn.ReLU(), nn.Linear(dim // 2, 1))

    def forward(self, uids, iids):
        return self.rate_pred(torch.cat([self.user_emb(uids), self.item_emb(iids)], dim=1))


def validate(loader, model):
    model.eval()
    errors = []
    with torch.no_grad():
        for uids, iids, labels in loader:
            preds = model(uids, iids)
            errors.extend(torch.abs(preds.squeeze(1) - labels).tolist())
    errors = np.array(errors)
    return errors.mean(), np.sqrt((errors ** 2).mean())


data = RatingDataset()
train_loader = DataLoader(data, batch_size=128, shuffle=True, collate_fn=collate_fn)
eval_loader = DataLoader(data, batch_size=512, shuffle=False, collate_fn=collate_fn)
model = GraphRecLite()
optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3)
criterion = nn.MSELoss()

for epoch in range(15):
    model.train()
    for uids, iids, labels in train_loader:
        optimizer.zero_grad()
        outputs = model(uids, iids)
        loss = criterion(outputs, labels.unsqueeze(1))
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        mae, rmse = validate(eval_loader, model)
        print(f"Epoch {epoch} MAE: {mae:.4f}, RMSE: {rmse:.4f}")

mae, rmse = validate(eval_loader, model)
r2 = 1 - rmse ** 2 / data.r.var()
print(f"RESULT r2={r2:.3f}")
