# Rebuilt from: https://github.com/KindXiaoming/pykan/issues/243
# Report: "The loss doesn't decrease": fitting the toy function f(x) = x0 + x1 with a small network,
#   built by a create_dataset(f, n_var=2) helper and trained with LBFGS, train and test loss stay flat
#   (same for sqrt(x0^2 + x1^2) and x0^2 + x1^2), whatever width, grid or optimizer is tried.
# Bug (planted: TL001): f = lambda x: x[:,0] + x[:,1] returns labels of shape (N,), the model returns
#   (N, 1); the hand-written loss torch.mean((pred - label) ** 2) broadcasts to (N, N) without a warning.
# Our own code, written after the report (not copied from it); a plain MLP stands in for the KAN model
import torch
import torch.nn as nn

torch.manual_seed(0)


def create_dataset(f, n_var=2, ranges=(-1, 1), train_num=1000, test_num=1000):
    lo, hi = ranges
    train_input = torch.rand(train_num, n_var) * (hi - lo) + lo
    test_input = torch.rand(test_num, n_var) * (hi - lo) + lo
    return {
        "train_input": train_input,
        "train_label": f(train_input),
        "test_input": test_input,
        "test_label": f(test_input),
    }


class SmallNet(nn.Module):
    def __init__(self, width=(2, 5, 1)):
        super().__init__()
        self.fc1 = nn.Linear(width[0], width[1])
        self.fc2 = nn.Linear(width[1], width[2])

    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x)))


def train(model, dataset, steps=20):
    loss_fn = lambda pred, label: torch.mean((pred - label) ** 2)
    opt = torch.optim.LBFGS(model.parameters(), lr=1, history_size=10, line_search_fn="strong_wolfe")
    res = {"train_loss": [], "test_loss": []}
    for _ in range(steps):
        def closure():
            opt.zero_grad()
            loss = loss_fn(model(dataset["train_input"]), dataset["train_label"])
            loss.backward()
            return loss
        opt.step(closure)
        with torch.no_grad():
            res["train_loss"].append(loss_fn(model(dataset["train_input"]), dataset["train_label"]).sqrt().item())
            res["test_loss"].append(loss_fn(model(dataset["test_input"]), dataset["test_label"]).sqrt().item())
    return res


model = SmallNet(width=(2, 5, 1))
f = lambda x: x[:, 0] + x[:, 1]
dataset = create_dataset(f, n_var=2)
res = train(model, dataset, steps=20)
print("train loss", res["train_loss"][::5])
print("test loss", res["test_loss"][::5])

with torch.no_grad():
    pred = model(dataset["train_input"]).reshape(-1)
    target = dataset["train_label"].reshape(-1)
    r2 = 1 - ((pred - target) ** 2).mean() / target.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
