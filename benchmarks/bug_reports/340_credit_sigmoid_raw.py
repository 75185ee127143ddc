# Rebuilt from: https://stackoverflow.com/questions/37371121/sigmoid-back-propagation-neural-network
# Report: Someone building a small sigmoid network for credit scoring (2 inputs, small hidden layer, sigmoid
#   everywhere, error = target - output) could not get the desired outcome for weeks; inputs are real numbers
#   on large ranges. The answer points to age (5..90) vs income (1000..100000) and says to normalise the inputs.
# Bug (planted: TL002): prepare_data() feeds raw age (years) and yearly income (dollars) straight into the
#   sigmoid MLP trained with plain SGD; income saturates the hidden sigmoids and the net stalls at the base rate.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)


def load_applicants(n=500):
    age = np.random.randint(18, 80, n)
    income = np.random.lognormal(mean=10.6, sigma=0.5, size=n).round(-2)
    score = 0.04 * (age - 45) + 1.6 * (np.log(income) - 10.6) / 0.5 + np.random.normal(0, 0.6, n)
    approved = (score > 0.3).astype(int)
    return pd.DataFrame({"age": age, "income": income, "approved": approved})


def prepare_data(df):
    X = df[["age", "income"]].values.astype(np.float32)
    y = df["approved"].values.astype(np.float32).reshape(-1, 1)
    return torch.tensor(X), torch.tensor(y)


def train_model(X, y, epochs=1500, lr=0.5):
    model = nn.Sequential(nn.Linear(2, 8), nn.Sigmoid(), nn.Linear(8, 1), nn.Sigmoid())
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    for epoch in range(epochs):
        opt.zero_grad()
        out = model(X)
        loss = loss_fn(out, y)
        loss.backward()
        opt.step()
        if epoch % 300 == 0:
            print(f"epoch {epoch} loss {loss.item():.4f}")
    return model


df = load_applicants()
X, y = prepare_data(df)
model = train_model(X, y)
with torch.no_grad():
    pred = (model(X) > 0.5).float()
acc = (pred == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
