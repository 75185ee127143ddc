# Rebuilt from: https://github.com/pytorch/pytorch/issues/6610
# Report: A Titanic kernel: the model's forward output is nan; the reporter found the nan appears right
#   after self.fc1(x) and suspected "some numbers in the input vector are large". Switching to
#   DoubleTensor did not help.
# Fixed twin of 112_titanic_big_numbers.py: the feature matrix is standardized (column mean 0, std 1) before it becomes a tensor.
# Our own code, written after the report (not copied from it); data: passengers.csv from make_passengers.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

df = pd.read_csv("passengers.csv")
df["Age"] = df["Age"].fillna(df["Age"].median())
sex = pd.get_dummies(df["Sex"], prefix="Sex")
emb = pd.get_dummies(df["Embarked"], prefix="Emb")
df = pd.concat([df, sex, emb], axis=1)
df = df.drop(["Sex", "Embarked"], axis=1)

label = torch.tensor(df["Survived"].values, dtype=torch.long)
train_np = df.drop(["Survived"], axis=1).values.astype(np.float32)
train_np = (train_np - train_np.mean(axis=0)) / (train_np.std(axis=0) + 1e-8)
train = torch.FloatTensor(train_np)


class Net(nn.Module):
    def __init__(self, n_in):
        super(Net, self).__init__()
        self.fc1 = nn.Linear(n_in, 32)
        self.tanh = nn.Tanh()
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        x = self.tanh(self.fc1(x))
        x = self.fc2(x)
        return x


model = Net(train.shape[1])
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

for epoch in range(400):
    optimizer.zero_grad()
    out = model(train)
    loss = criterion(out, label)
    loss.backward()
    optimizer.step()
    if epoch % 100 == 0:
        print("epoch", epoch, "loss", loss.item())

with torch.no_grad():
    out = model(train)
    pred = out.argmax(dim=1)
    acc = (pred == label).float().mean().item()
print("RESULT acc=%.3f" % acc)
