# Rebuilt from: https://datascience.stackexchange.com/questions/31499/neural-network-only-converges-when-data-cloud-is-close-to-0
# Report: A small fully connected regressor (arch [1, 3, 3, 1], sigmoid hidden units, plain gradient descent with
#   lr 0.5, MSE) fits 100 (x, y) points well when the data cloud sits near the origin, but when the same cloud is
#   shifted away from 0 the loss stalls and the net outputs an almost flat line. Answers: centre/scale the inputs.
# Bug (planted: TL002): x is fed raw (values ~40..60); the first sigmoid layer saturates, gradients vanish and
#   plain GD never gets anywhere, so the model only learns the mean of y.
# Our own code, written after the report (not copied from it); data generated in the script.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)


def neural_network_constructor(arch_list=(1, 3, 3, 1), act_func=nn.Sigmoid):
    layers = []
    for n_in, n_out in zip(arch_list[:-2], arch_list[1:-1]):
        lin = nn.Linear(n_in, n_out)
        nn.init.xavier_uniform_(lin.weight)
        nn.init.zeros_(lin.bias)
        layers += [lin, act_func()]
    out = nn.Linear(arch_list[-2], arch_list[-1])
    nn.init.xavier_uniform_(out.weight)
    nn.init.zeros_(out.bias)
    layers.append(out)
    return nn.Sequential(*layers)


def make_cloud(m=100, center=50.0):
    x = np.random.uniform(center - 10, center + 10, m)
    y = np.sin((x - center) / 4.0) + 0.05 * np.random.randn(m)
    return x.reshape(-1, 1).astype(np.float32), y.reshape(-1, 1).astype(np.float32)


x_np, y_np = make_cloud()
X = torch.from_numpy(x_np)
Y = torch.from_numpy(y_np)

net = neural_network_constructor([1, 3, 3, 1])
loss_function = nn.MSELoss()
train_step = torch.optim.SGD(net.parameters(), lr=0.5)

for it in range(4000):
    loss = loss_function(net(X), Y)
    train_step.zero_grad()
    loss.backward()
    train_step.step()
    if it % 1000 == 0:
        print(f"iter {it} loss {loss.item():.4f}")

with torch.no_grad():
    pred = net(X)
r2 = 1 - ((pred - Y) ** 2).mean().item() / Y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
