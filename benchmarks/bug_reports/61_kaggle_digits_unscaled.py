# Rebuilt from: https://github.com/keras-team/keras/issues/6914
# Report: A basic MNIST classifier (the mnist_mlp example, reported at 98.4%) trained on the Kaggle
#   digit-recognizer train.csv never got past ~30% accuracy; the reporter found they had not
#   normalized the input (x_train /= 255) and after that it worked as expected.
# Bug (planted: TL002): the pixel columns read from the CSV (raw 0..255 intensities) go straight into
#   the MLP as float32 without being divided by 255.
# Our own code, written after the report (not copied from it); data file digits_train.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split

torch.manual_seed(0)
np.random.seed(0)

train = pd.read_csv("digits_train.csv")
y_all = train["label"].values
x_all = train.drop(columns=["label"]).values.astype("float32")

x_train, x_test, y_train, y_test = train_test_split(x_all, y_all, test_size=0.2, random_state=42)
x_train = torch.tensor(x_train)
x_test = torch.tensor(x_test)
y_train = torch.tensor(y_train, dtype=torch.long)
y_test = torch.tensor(y_test, dtype=torch.long)

num_pixels = x_train.shape[1]
model = nn.Sequential(
    nn.Linear(num_pixels, 512), nn.ReLU(), nn.Dropout(0.2),
    nn.Linear(512, 512), nn.ReLU(), nn.Dropout(0.2),
    nn.Linear(512, 10),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)

batch_size = 32
for epoch in range(20):
    model.train()
    perm = torch.randperm(len(x_train))
    running = 0.0
    for i in range(0, len(x_train), batch_size):
        idx = perm[i:i + batch_size]
        optimizer.zero_grad()
        loss = criterion(model(x_train[idx]), y_train[idx])
        loss.backward()
        optimizer.step()
        running += loss.item() * len(idx)
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {running / len(x_train):.4f}")

model.eval()
with torch.no_grad():
    pred = model(x_test).argmax(dim=1)
acc = (pred == y_test).float().mean().item()
print(f"RESULT acc={acc:.3f}")
