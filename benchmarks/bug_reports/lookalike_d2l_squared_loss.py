# Rebuilt from: https://github.com/d2l-ai/d2l-en/pull/2320
# Report: A reader of "linear regression from scratch" spent a long time on why squared_loss needs
#   y.reshape(y_hat.shape), and sent a PR removing it: y_hat and y are already both (batch, 1); maintainers agreed.
# Not a bug (a look-alike that must stay silent): synthetic_data returns y as y.reshape((-1, 1)) and linreg
#   returns X @ w + b with w of shape (2, 1), so (y_hat - y) ** 2 compares two (batch, 1) tensors; no reshape needed.
# Our own code, written after the report (not copied from it)
import random
import torch

random.seed(0)
torch.manual_seed(0)


def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y) ** 2 / 2


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


true_w = torch.tensor([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 1000)

w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr, num_epochs, batch_size = 0.03, 3, 10
net, loss = linreg, squared_loss

for epoch in range(num_epochs):
    for X, y in data_iter(batch_size, features, labels):
        l = loss(net(X, w, b), y)
        l.sum().backward()
        sgd([w, b], lr, batch_size)
    with torch.no_grad():
        train_l = loss(net(features, w, b), labels)
        print(f"epoch {epoch + 1}, loss {float(train_l.mean()):f}")

with torch.no_grad():
    pred = net(features, w, b)
    r2 = 1 - ((pred - labels) ** 2).mean() / labels.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
