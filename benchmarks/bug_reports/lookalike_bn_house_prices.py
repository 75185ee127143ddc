# Rebuilt from: https://github.com/yashu-seth/pytorch-tabular/issues/1
# Report: A user running the repo's House Prices example (label-encoded categoricals into nn.Embedding, continuous
#   columns into a FeedForwardNN) saw a very high training loss and sale-price predictions of all zeros.
# Not a bug (a look-alike that must stay silent): the continuous columns (LotArea ~10^4, YearBuilt ~2000) are fed
#   without a scaler, but the model's first layer is nn.BatchNorm1d(no_of_cont), which standardizes them per batch;
#   the dataset also stores y with reshape(-1, 1), so output (B, 1) and target (B, 1) match.
# Our own code, written after the report (not copied from it); data: houses.csv from make_houses.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.preprocessing import LabelEncoder
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)


class TabularDataset(Dataset):
    def __init__(self, data, cat_cols, output_col):
        self.n = data.shape[0]
        self.y = data[output_col].astype(np.float32).values.reshape(-1, 1)
        self.cont_cols = [c for c in data.columns if c not in cat_cols + [output_col]]
        self.cont_X = data[self.cont_cols].astype(np.float32).values
        self.cat_X = data[cat_cols].astype(np.int64).values

    def __len__(self):
        return self.n

    def __getitem__(self, idx):
        return [self.y[idx], self.cont_X[idx], self.cat_X[idx]]


class FeedForwardNN(nn.Module):
    def __init__(self, emb_dims, no_of_cont, lin_layer_sizes):
        super().__init__()
        self.emb_layers = nn.ModuleList([nn.Embedding(x, y) for x, y in emb_dims])
        no_of_embs = sum(y for _, y in emb_dims)
        self.first_bn_layer = nn.BatchNorm1d(no_of_cont)
        sizes = [no_of_embs + no_of_cont] + lin_layer_sizes
        self.lin_layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
        self.bn_layers = nn.ModuleList([nn.BatchNorm1d(s) for s in lin_layer_sizes])
        self.output_layer = nn.Linear(lin_layer_sizes[-1], 1)

    def forward(self, cont_data, cat_data):
        x = torch.cat([emb(cat_data[:, i]) for i, emb in enumerate(self.emb_layers)], 1)
        x = torch.cat([x, self.first_bn_layer(cont_data)], 1)
        for lin, bn in zip(self.lin_layers, self.bn_layers):
            x = bn(F.relu(lin(x)))
        return self.output_layer(x)


data = pd.read_csv("houses_kagglei.csv")
data["SalePrice"] = np.log1p(data["SalePrice"])
cat_cols = ["Neighborhood", "MSZoning"]
label_encoders = {}
for cat_col in cat_cols:
    label_encoders[cat_col] = LabelEncoder()
    data[cat_col] = label_encoders[cat_col].fit_transform(data[cat_col])

dataset = TabularDataset(data, cat_cols, "SalePrice")
loader = DataLoader(dataset, batch_size=64, shuffle=True)
emb_dims = [(int(data[c].nunique()), min(50, (int(data[c].nunique()) + 1) // 2)) for c in cat_cols]
model = FeedForwardNN(emb_dims, no_of_cont=len(dataset.cont_cols), lin_layer_sizes=[50, 100])
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

for epoch in range(60):
    for y, cont_x, cat_x in loader:
        preds = model(cont_x, cat_x)
        loss = criterion(preds, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 20 == 0:
        print(epoch, loss.item())

model.eval()
with torch.no_grad():
    pred = model(torch.from_numpy(dataset.cont_X), torch.from_numpy(dataset.cat_X)).numpy().reshape(-1)
y_all = dataset.y.reshape(-1)
print(f"RESULT r2={1 - np.mean((pred - y_all) ** 2) / np.var(y_all):.3f}")
