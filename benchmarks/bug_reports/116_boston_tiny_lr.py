# Rebuilt from: https://coderapp.vercel.app/answer/62394335
# Report: "Too small learning rate for multiple linear regression": a multiple linear regression on the
#   Boston data trained with SGD only learns with a learning rate of 0.000000001; any larger rate
#   diverges to NaN or inf, and the validation loss wanders. (Our copy lacks the answer text; the fix
#   applied is the usual one for this symptom: standardize the features.)
# Bug (planted: TL002): the 13 raw Boston columns (TAX ~ 200-700, B ~ 400, ...) go straight into the
#   weight update; with SGD the usable learning rate is tiny and the fit stays poor.
# Our own code, written after the report (not copied from it); data: housing.csv from make_housing.py
import numpy as np
import torch

torch.manual_seed(0)
rng = np.random.default_rng(0)

raw = np.loadtxt("housing_13_columns.csv", delimiter=",", skiprows=1)
features, target = raw[:, :13], raw[:, 13:]

# bias column, like the original x @ w with 14 weights
x = np.hstack([np.ones((len(features), 1)), features])
training_x = torch.tensor(x[:400], dtype=torch.float32)
training_y = torch.tensor(target[:400], dtype=torch.float32)

w = torch.zeros(14, 1, requires_grad=True)
learning_rate = 1e-6
batch_size = 16


def loss(x, y, w):
    predict_y = x @ w
    return torch.sqrt(torch.mean((y - predict_y) ** 2))


for epoch in range(100):
    order = rng.permutation(len(training_x))
    for s in range(0, len(order), batch_size):
        b = order[s:s + batch_size]
        l = loss(training_x[b], training_y[b], w)
        l.backward()
        with torch.no_grad():
            w -= learning_rate * w.grad
            w.grad.zero_()
    if epoch % 25 == 0:
        print("epoch", epoch, "training RMSE", loss(training_x, training_y, w).item())

with torch.no_grad():
    pred = training_x @ w
    r2 = 1 - torch.mean((pred - training_y) ** 2) / torch.var(training_y, unbiased=False)
print("RESULT r2=%.3f" % r2.item())
