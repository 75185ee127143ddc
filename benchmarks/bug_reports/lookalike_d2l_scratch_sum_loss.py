# Rebuilt from: https://discuss.d2l.ai/t/topic/1775?page=4
# Report: Readers of the D2L (Chinese edition) linear-regression-from-scratch section discuss the training
#   loop where the loss l has shape (batch_size, 1) and not a scalar, so it is summed with l.sum() before
#   backward(); one reader posts the loop together with a "backward through the graph a second time" error.
# Not a bug (a look-alike that must stay silent): the labels are made (n, 1) in synthetic_data and the
#   loss reshapes y to y_hat's shape, so y_hat - y is (batch, 1) elementwise, no broadcasting; the
#   per-example loss vector is summed on purpose and sgd() divides by batch_size.
# Our own code, written after the report (not copied from it)
import random
import torch

torch.manual_seed(0)
random.seed(0)


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
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


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
        l = loss(net(X, w, b), y)  # shape (batch_size, 1)
        l.sum().backward()
        sgd([w, b], lr, batch_size)
    with torch.no_grad():
        train_l = loss(net(features, w, b), labels)
        print(f'epoch {epoch + 1}, loss {float(train_l.mean()):f}')

with torch.no_grad():
    pred = net(features, w, b)
    r2 = 1 - ((pred - labels) ** 2).mean() / labels.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
