# Rebuilt from: https://github.com/Lasagne/Lasagne/pull/770
# Report: users on lasagne-users combined a network with a single sigmoid output unit and a vector
#   (1-D) target for binary classification; the objective silently compared all predictions against all
#   targets (column vector vs vector broadcasting), so the net never learned. The PR special-cases it.
# Fixed twin of 108_single_unit_vector_target.py: the target is made a column vector (y_train.view(-1, 1)),
#   as the PR does implicitly, so the loss is elementwise over (N, 1).
# Our own code, written after the report (not copied from it); data from sklearn.make_classification.
import numpy as np
import torch
import torch.nn as nn
from sklearn.datasets import make_classification
from sklearn.preprocessing import StandardScaler

np.random.seed(0); torch.manual_seed(0); torch.set_num_threads(1)

X, y = make_classification(n_samples=800, n_features=10, n_informative=6, random_state=0)
X = StandardScaler().fit_transform(X).astype(np.float32)
X_train = torch.from_numpy(X)
y_train = torch.from_numpy(y.astype(np.float32)).view(-1, 1)      # shape (800, 1)

net = nn.Sequential(
    nn.Linear(10, 32), nn.Tanh(),
    nn.Linear(32, 32), nn.Tanh(),
    nn.Linear(32, 1), nn.Sigmoid(),
)

def binary_crossentropy(predictions, targets, eps=1e-7):
    predictions = predictions.clamp(eps, 1 - eps)
    return -(targets * torch.log(predictions) + (1 - targets) * torch.log(1 - predictions))

optimizer = torch.optim.SGD(net.parameters(), lr=0.5, momentum=0.9)
for epoch in range(300):
    prediction = net(X_train)
    loss = binary_crossentropy(prediction, y_train).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 50 == 0:
        print(f"epoch {epoch:3d}  loss {loss.item():.4f}")

with torch.no_grad():
    pred_label = (net(X_train) > 0.5).float()
acc = (pred_label == y_train).float().mean().item()
print(f"RESULT acc={acc:.3f}")
