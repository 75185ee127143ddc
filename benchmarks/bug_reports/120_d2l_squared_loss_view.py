# Rebuilt from: http://hk.javashuo.com/article/p-mrjxlmph-gd.html
# Report: d2l "linear regression from scratch" exercise: which rewrite of
#   squared_loss(y_hat, y) makes the model untrainable? The answer: with y_hat of shape [n, 1]
#   and y of shape [n], (y_hat - y.view(-1)) ** 2 / 2 is an [n, n] matrix, so the loss is wrong.
# Bug (planted: TL001): squared_loss subtracts y.view(-1) (shape [n]) from y_hat ([n, 1]);
#   broadcasting gives an [n, n] all-pairs loss and w, b drift to fit the batch mean.
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
    return (y_hat - y.view(-1)) ** 2 / 2


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

lr = 0.03
num_epochs = 3
batch_size = 10
net = linreg
loss = squared_loss

for epoch in range(num_epochs):
    for X, y in data_iter(batch_size, features, labels):
        l = loss(net(X, w, b), y)
        l.sum().backward()
        sgd([w, b], lr, batch_size)
    with torch.no_grad():
        train_l = loss(net(features, w, b), labels)
        print(f"epoch {epoch + 1}, loss {float(train_l.mean()):f}")

print("w:", w.detach().reshape(-1), "b:", b.item())
with torch.no_grad():
    pred = net(features, w, b)
    r2 = 1 - torch.mean((pred - labels) ** 2) / torch.var(labels, unbiased=False)
print("RESULT r2=%.3f" % r2.item())
