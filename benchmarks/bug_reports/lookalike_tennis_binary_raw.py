# Rebuilt from: https://stats.stackexchange.com/questions/279598/how-do-i-standarize-input-data-for-a-neural-network
# Report: Someone predicting tennis match winners with a one-hidden-layer softmax network has numeric inputs (ages,
#   weight, height, world ranking, head-to-head win ratio), an injury indicator and one-hot fatigue / nationality
#   columns, and asks how to standardize such mixed inputs.
# Not a bug (a look-alike that must stay silent): the numeric columns are divided by their maximum as the answer
#   says; the 0/1 injury flag and one-hot columns stay raw because "binary data is already normalised".
# Our own code, written after the report (not copied from it); synthetic match table built in build_table()
import numpy as np, pandas as pd
import torch, torch.nn as nn

torch.manual_seed(4); rng = np.random.default_rng(4)

def build_table(n=500):
    df = pd.DataFrame({
        "age_a": rng.integers(18, 36, n), "age_b": rng.integers(18, 36, n),
        "height_a": rng.normal(186, 7, n).round(), "height_b": rng.normal(186, 7, n).round(),
        "rank_a": rng.integers(1, 300, n), "rank_b": rng.integers(1, 300, n),
        "h2h_ratio": rng.uniform(0, 1, n).round(2),
        "injury_a": rng.integers(0, 2, n), "injury_b": rng.integers(0, 2, n),
        "fatigue_a": rng.choice(["low", "mid", "high"], n), "nation_a": rng.choice(["ESP", "SRB", "USA", "SUI"], n),
    })
    s = (np.log(df.rank_b) - np.log(df.rank_a)) + 1.5 * (df.h2h_ratio - 0.5) - 0.9 * df.injury_a + 0.9 * df.injury_b \
        - 0.5 * (df.fatigue_a == "high") + 0.04 * (df.height_a - df.height_b)
    df["a_wins"] = (s + rng.logistic(0, 0.5, n) > 0).astype(int)
    return df

df = build_table()
numeric = ["age_a", "age_b", "height_a", "height_b", "rank_a", "rank_b"]
for c in numeric:
    df[c] = df[c] / df[c].max()                     # divide by the maximum, per the answer
df = pd.get_dummies(df, columns=["fatigue_a", "nation_a"], dtype=float)   # one-hot, left as 0/1
feats = [c for c in df.columns if c != "a_wins"]
X = torch.tensor(df[feats].values, dtype=torch.float32)
y = torch.tensor(df["a_wins"].values, dtype=torch.long)

net = nn.Sequential(nn.Linear(X.shape[1], 16), nn.Sigmoid(), nn.Linear(16, 2))
opt = torch.optim.SGD(net.parameters(), lr=0.5)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(600):
    opt.zero_grad()
    loss = loss_fn(net(X), y)
    loss.backward()
    opt.step()
    if epoch % 150 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    acc = (net(X).argmax(1) == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
