# Rebuilt from: https://stackoverflow.com/questions/75202594/how-to-fit-a-small-dataset-with-a-perceptron-model-using-pytorch
# Report: a 7-point curve (x = 500 ... 10000, y = 1.17 ... 492) fitted with a 3-layer perceptron
#   (Linear-ReLU-Linear-sigmoid-Linear, normal_ init, SGD lr=0.1): "the loss can't converge", and
#   enlarging or shrinking the model does not help. The report's code shows the raw-x line and a log(x)
#   variant; the answer: "Rescaling and normalization is key ... you apply some rescaling but simply
#   not enough".
# Bug (planted: TL002): the raw x values (500..10000) are fed to Net; only the target is standardized,
#   so the first layer's pre-activations are in the thousands and SGD cannot fit the curve.
# Our own code, written after the report (not copied from it); target standardized in both twins.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(3)

vec_shape = [7, 1]
x_0 = [500, 1000, 2000, 4000, 5000, 8000, 10000]
y_0 = [1.171467, 1.486507, 11.7738, 34.448421, 75.402871, 225.319848, 492.262426]

x = torch.tensor(x_0).reshape(vec_shape).float()
y_raw = torch.tensor(y_0).reshape(vec_shape).float()
y = (y_raw - y_raw.mean()) / y_raw.std()


class Net(nn.Module):
    def __init__(self, n_input, n_hidden, n_output):
        super(Net, self).__init__()
        self.hidden1 = nn.Linear(n_input, n_hidden)
        self.hidden2 = nn.Linear(n_hidden, n_hidden)
        self.predict = nn.Linear(n_hidden, n_output)

    def forward(self, input):
        out = F.relu(self.hidden1(input))
        out = torch.sigmoid(self.hidden2(out))
        return self.predict(out)

    def weight_init(self):
        for op in self.modules():
            if isinstance(op, nn.Linear):
                nn.init.normal_(op.weight.data)
                nn.init.normal_(op.bias.data)


net = Net(1, 10, 1)
net.weight_init()
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
loss_func = nn.MSELoss()

for t in range(2000):
    prediction = net(x)
    loss = loss_func(prediction, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if t % 500 == 0:
        print("Loss = %.4f" % loss.item())

with torch.no_grad():
    pred = net(x) * y_raw.std() + y_raw.mean()
    r2 = 1 - ((pred - y_raw) ** 2).mean() / y_raw.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
