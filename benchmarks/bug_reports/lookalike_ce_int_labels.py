# Rebuilt from: https://github.com/pytorch/pytorch/issues/3947
# Report: a beginner is confused by nn.CrossEntropyLoss: the model output is (minibatch, C) but the
#   target is a 1-D tensor of size minibatch holding class indices, so input and target "do not have
#   the same shape"; they ask whether the target should be (minibatch, C) instead.
# Not a bug (a look-alike that must stay silent): CrossEntropyLoss is defined on (N, C) scores and an
#   (N,) LongTensor of class indices; the differing shapes are the intended contract, nothing broadcasts.
# Our own code, written after the report (not copied from it); data: seeds.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder, StandardScaler
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)

df = pd.read_csv("seeds.csv")
le = LabelEncoder()
df["variety"] = le.fit_transform(df["variety"])
X = df.drop(columns="variety").values
y = df["variety"].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
sc = StandardScaler().fit(X_train)
X_train, X_test = sc.transform(X_train), sc.transform(X_test)

train_ds = TensorDataset(torch.tensor(X_train, dtype=torch.float32), torch.tensor(y_train, dtype=torch.long))
train_loader = DataLoader(train_ds, batch_size=16, shuffle=True)


class Net(nn.Module):
    def __init__(self, n_in, n_classes):
        super().__init__()
        self.fc1 = nn.Linear(n_in, 16)
        self.fc2 = nn.Linear(16, n_classes)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


net = Net(X_train.shape[1], len(le.classes_))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)

for epoch in range(20):
    for inputs, targets in train_loader:
        optimizer.zero_grad()
        outputs = net(inputs)               # (batch, 3) scores
        loss = criterion(outputs, targets)  # targets: (batch,) class indices
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = net(torch.tensor(X_test, dtype=torch.float32)).argmax(1).numpy()
    pred_tr = net(train_ds.tensors[0]).argmax(1).numpy()
print(f"test acc {(pred == y_test).mean():.3f}")
print(f"RESULT acc={(pred_tr == y_train).mean():.3f}")
