# Rebuilt from: https://na562080.site/2025/07/12/%E6%B7%B1%E5%BA%A6%E5%AD%A6%E4%B9%A0-%E4%BB%A3%E7%A0%81%E6%A8%A1%E6%9D%BF%E4%B8%8E%E5%88%86%E6%9E%90.html
# Report: notes on the d2l linear-regression template: y starts as a vector (n) and is turned
#   into an (n x 1) matrix with y.reshape((-1, 1)) so that labels have the same structure as the
#   model's 2-D predictions when the loss is computed.
# Not a bug (a look-alike that must stay silent): labels are built as (n, 1) and nn.Linear(2, 1)
#   returns (batch, 1); MSELoss sees identical shapes.
# Our own code, written after the report (not copied from it)
import torch
from torch import nn
from torch.utils import data

torch.manual_seed(0)


def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


true_w = torch.tensor([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 1000)
data_iter = load_array((features, labels), batch_size=10)

net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data.normal_(0, 0.01)
net[0].bias.data.fill_(0)
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)

num_epochs = 3
for epoch in range(num_epochs):
    for X, y in data_iter:
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(features), labels)
    print(f"epoch {epoch + 1}, loss {l:f}")

with torch.no_grad():
    pred = net(features)
r2 = 1 - torch.mean((pred - labels) ** 2) / torch.var(labels, unbiased=False)
print("RESULT r2=%.3f" % r2.item())
