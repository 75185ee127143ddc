# Rebuilt from: https://github.com/NNReasoning/What-Can-Neural-Networks-Reason-About/issues/1
# Report: "Are you normalizing input data before passing to the model?": reproducing the paper's "maximum
#   value difference" task (a set of objects, each with a location, a value and a colour; answer the
#   difference between the largest and smallest value), an MLP reaches about 9% accuracy when the object
#   features are fed raw, and close to 100% after dividing the location by 20, the value by 100 and scaling
#   the colour to [0, 1].
# Bug (planted: TL002): each object's location (0..20), value (0..100) and RGB colour (0..255) are
#   flattened into the MLP's input unscaled; the colour channels, which carry no information, dominate.
# Our own code, written after the report (not copied from it); data: generated object sets
import numpy as np
import torch
import torch.nn as nn

np.random.seed(23)
torch.manual_seed(23)
torch.set_num_threads(1)

N_OBJ = 5


def make_sets(n, rng):
    loc = rng.integers(0, 21, (n, N_OBJ, 1)).astype(np.float32)
    val = rng.integers(0, 101, (n, N_OBJ, 1)).astype(np.float32)
    rgb = rng.integers(0, 256, (n, N_OBJ, 3)).astype(np.float32)
    answer = ((val.max(axis=(1, 2)) - val.min(axis=(1, 2))) // 10).clip(0, 9).astype(np.int64)
    return np.concatenate([loc, val, rgb], axis=2), answer


rng = np.random.default_rng(23)
objects, answers = make_sets(6000, rng)
features = torch.from_numpy(objects.reshape(len(objects), -1))
labels = torch.from_numpy(answers)

mlp = nn.Sequential(nn.Linear(N_OBJ * 5, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
optimizer = torch.optim.Adam(mlp.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

for epoch in range(20):
    perm = torch.randperm(5000)
    for i in range(0, 5000, 64):
        idx = perm[i:i + 64]
        loss = criterion(mlp(features[idx]), labels[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if epoch % 5 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    predicted = mlp(features[5000:]).argmax(dim=1)
print(f"RESULT acc={(predicted == labels[5000:]).float().mean().item():.4f}")
