# Rebuilt from: https://ai.stackexchange.com/questions/43839/using-a-neural-network-to-predict-a-single-discrete-number
# Report: A team predicting a success rate (0..1) from mixed categorical/numeric data (age, native language,
#   education level -> exam success rate) asked how to encode the inputs; the answer: one-hot the nominal
#   language, map EducationLevel None..Doctorate to integers 0..5, and put a sigmoid on the single output.
# Not a bug (a look-alike that must stay silent): the unscaled inputs are 0/1 dummies from get_dummies and an
#   ordinal 0..5 code from a dict .map(); both sit near unit scale (age is standardised), and the sigmoid
#   output (N, 1) is compared with a target reshaped to (N, 1), so shapes match.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(3)
rng = np.random.default_rng(3)

EDU = {"None": 0, "MiddleSchool": 1, "HighSchool": 2, "Bachelor": 3, "Master": 4, "Doctorate": 5}
n = 450
df = pd.DataFrame({
    "Age": rng.integers(18, 65, n),
    "NativeLanguage": rng.choice(["English", "French", "Spanish"], n),
    "EducationLevel": rng.choice(list(EDU), n),
})
edu = df["EducationLevel"].map(EDU)
logit = -1.5 + 0.6 * edu - 0.02 * (df["Age"] - 40) + 0.5 * (df["NativeLanguage"] == "English")
df["ExamSuccessRate"] = (1 / (1 + np.exp(-logit)) + rng.normal(0, 0.03, n)).clip(0, 1)


def prepare_data(df):
    X = pd.get_dummies(df[["NativeLanguage"]], dtype=float)
    X["EducationLevel"] = df["EducationLevel"].map(EDU).astype(float)
    X["Age"] = (df["Age"] - df["Age"].mean()) / df["Age"].std()
    y = df["ExamSuccessRate"].values.reshape(-1, 1)
    return torch.tensor(X.values, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)


X, y = prepare_data(df)
model = nn.Sequential(nn.Linear(X.shape[1], 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.MSELoss()
for epoch in range(400):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()

with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
