# Rebuilt from: https://datascience.stackexchange.com/q/64248
# Report: A PyTorch user with a multi-class model using CrossEntropyLoss is confused that the network outputs one
#   score per class (N, C) while the label is a single class index per sample (N,), and asks how the loss can be
#   computed when "the dimensions don't agree".
# Not a bug (a look-alike that must stay silent): nn.CrossEntropyLoss expects (N, C) logits and (N,) integer class
#   indices; it is not an elementwise loss, so nothing broadcasts. Here: home win / draw / away win from team form stats.
# Our own code, written after the report (not copied from it); synthetic match data built in load_matches()
import numpy as np
import torch, torch.nn as nn

torch.manual_seed(0); rng = np.random.default_rng(0)

def load_matches(n=600):
    elo_diff = rng.normal(0, 120, n)
    home_form = rng.uniform(0, 15, n)           # points from last 5 games
    away_form = rng.uniform(0, 15, n)
    home_gd = rng.normal(0, 6, n)
    away_gd = rng.normal(0, 6, n)
    strength = elo_diff / 100 + 0.15 * (home_form - away_form) + 0.08 * (home_gd - away_gd) + 0.3
    noise = rng.logistic(0, 0.6, n)
    outcome = np.where(strength + noise > 0.6, 0, np.where(strength + noise < -0.6, 2, 1))  # 0 home, 1 draw, 2 away
    X = np.column_stack([elo_diff, home_form, away_form, home_gd, away_gd])
    X = (X - X.mean(0)) / X.std(0)
    return torch.tensor(X, dtype=torch.float32), torch.tensor(outcome, dtype=torch.long)

X, y = load_matches()
model = nn.Sequential(nn.Linear(5, 32), nn.ReLU(), nn.Linear(32, 3))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

for epoch in range(200):
    optimizer.zero_grad()
    logits = model(X)                      # (600, 3)
    loss = criterion(logits, y)            # y is (600,) class indices
    loss.backward()
    optimizer.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d} loss {loss.item():.4f} logits {tuple(logits.shape)} labels {tuple(y.shape)}")

with torch.no_grad():
    acc = (model(X).argmax(dim=1) == y).float().mean().item()
print(f"RESULT acc={acc:.3f}")
