# Rebuilt from: https://forecastegy.com/posts/do-neural-networks-need-feature-scaling-or-normalization/
# Report: Red Wine quality as a classification problem (quality - min as class id); the same small
#   network is trained on the raw physicochemical columns and on scaled ones. Unscaled, the large
#   columns (total/free sulfur dioxide) dominate the gradients and training stalls / fails to converge.
# Fixed twin of 93_redwine_quality_unscaled.py: StandardScaler is fit on X_train and applied to X_train / X_test before the tensors are built.
# Our own code, written after the report (not copied from it); data: winequality_red.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

torch.manual_seed(1)
np.random.seed(1)

wine_data = pd.read_csv("winequality_red.csv", sep=";")
X = wine_data.drop("quality", axis=1)
y = wine_data["quality"] - wine_data["quality"].min()

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)

scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

X_train_t = torch.tensor(X_train, dtype=torch.float32)
y_train_t = torch.tensor(y_train.values, dtype=torch.long)
X_test_t = torch.tensor(X_test, dtype=torch.float32)
y_test_t = torch.tensor(y_test.values, dtype=torch.long)

train_loader = DataLoader(TensorDataset(X_train_t, y_train_t), batch_size=64, shuffle=True)

n_classes = int(y.max()) + 1
model = nn.Sequential(
    nn.Linear(X_train_t.shape[1], 64),
    nn.ReLU(),
    nn.Linear(64, 64),
    nn.ReLU(),
    nn.Linear(64, n_classes),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)

for epoch in range(40):
    running = 0.0
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
        running += loss.item() * len(xb)
    if epoch % 10 == 0:
        print(f"epoch {epoch} loss {running / len(X_train_t):.4f}")

with torch.no_grad():
    train_acc = (model(X_train_t).argmax(1) == y_train_t).float().mean().item()
    test_acc = (model(X_test_t).argmax(1) == y_test_t).float().mean().item()
print(f"test accuracy {test_acc:.3f}")
print(f"RESULT acc={train_acc:.3f}")
