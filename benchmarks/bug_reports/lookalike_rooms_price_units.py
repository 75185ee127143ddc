# Rebuilt from: https://community.deeplearning.ai/t/week-1-exercise-1-value-in-the-hundreds-of-thousands/80030/6
# Report: Course exercise "predict a house price from the number of bedrooms"; a learner's answer of ~400,000
#   was rejected by the grader; the mentor explained the price should be expressed in hundreds of thousands
#   and that inputs and outputs of similar magnitude keep training well behaved.
# Not a bug (a look-alike that must stay silent): the single feature (bedrooms, 1-7) is fed un-normalized,
#   but it is already on a unit-ish scale and the target is in units of $100k, so plain SGD converges fine.
# Our own code, written after the report (not copied from it); the course used Keras, this is PyTorch
import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)
np.random.seed(3)
torch.manual_seed(3)

def house_model_data(n=200):
    bedrooms = np.random.randint(1, 8, size=n).astype(np.float32)
    price_100k = 0.5 + 0.5 * bedrooms + np.random.normal(0, 0.05, n).astype(np.float32)  # 50k + 50k per room
    return torch.tensor(bedrooms).view(-1, 1), torch.tensor(price_100k).view(-1, 1)

xs, ys = house_model_data()
model = nn.Sequential(nn.Linear(1, 1))
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

for epoch in range(500):
    optimizer.zero_grad()
    loss = loss_fn(model(xs), ys)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    print("7 bedrooms ->", round(model(torch.tensor([[7.0]])).item(), 3), "x $100k")
    pred = model(xs)
    r2 = 1 - torch.mean((pred - ys) ** 2) / torch.var(ys, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
