# Rebuilt from: https://github.com/BrainJS/brain.js/issues/195
# Report: brain.NeuralNetwork trained on {bedrooms, bathrooms, sqft} -> {cost} (e.g. 3/2/1421 -> 1692)
#   returns (almost) always the same output ({cost: 0}) whatever is run. Answer: the activation
#   functions work best with inputs between 0 and 1; with a sigmoid net, divide bedrooms and bathrooms
#   by 10, sqft by 10000 (and the cost by 10000).
# Bug (planted: TL002): normalize_datum() only rescales the cost; sqft (~500-3000) goes raw into the
#   sigmoid hidden layer, which saturates, so the SGD-trained net outputs a near-constant value.
# Our own code, written after the report (not copied from it); our rebuild already divides the cost by 10000 because the output unit is a sigmoid
import random
import torch
import torch.nn as nn

torch.manual_seed(195)
random.seed(195)


def make_listings(n=200):
    data = []
    for _ in range(n):
        bedrooms = random.randint(1, 5)
        bathrooms = random.randint(1, min(bedrooms, 3))
        sqft = int(random.gauss(450 + 330 * bedrooms + 120 * bathrooms, 150))
        cost = 0.75 * sqft + 140 * bedrooms + 90 * bathrooms + random.gauss(0, 60)
        data.append({"input": {"bedrooms": bedrooms, "bathrooms": bathrooms, "sqft": sqft},
                     "output": {"cost": round(cost)}})
    return data


def normalize_output(datum):
    datum["output"]["cost"] /= 10000


def normalize_datum(datum):
    normalize_output(datum)
    return datum


def to_tensors(data):
    x = torch.tensor([[d["input"]["bedrooms"], d["input"]["bathrooms"], d["input"]["sqft"]]
                      for d in data], dtype=torch.float32)
    y = torch.tensor([[d["output"]["cost"]] for d in data], dtype=torch.float32)
    return x, y


data = [normalize_datum(d) for d in make_listings()]
x, y = to_tensors(data)

# one sigmoid hidden layer and a sigmoid output, like brain.NeuralNetwork({activation: "sigmoid"})
net = nn.Sequential(nn.Linear(3, 8), nn.Sigmoid(),
                    nn.Linear(8, 1), nn.Sigmoid())
optimizer = torch.optim.SGD(net.parameters(), lr=0.3, momentum=0.9)
loss_fn = nn.MSELoss()

for it in range(3000):
    optimizer.zero_grad()
    loss = loss_fn(net(x), y)
    loss.backward()
    optimizer.step()
    if it % 500 == 0:
        print(f"iterations: {it}, training error: {loss.item():.6f}")

with torch.no_grad():
    pred = net(x)
    print("predicted cost of first listing:", pred[:1].item() * 10000)
    r2 = 1 - torch.mean((pred - y) ** 2).item() / torch.var(y, unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
