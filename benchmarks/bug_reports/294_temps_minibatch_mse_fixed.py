# Rebuilt from: https://pin.qq.com/read/1047217322/20
# Report: Book exercise "每日最高温度预测" (daily max temperature prediction from temps.csv):
#   labels = np.array(features['actual']), a Sequential(Linear, Sigmoid, Linear) net, MSELoss and
#   hand-rolled mini-batches of 16; the loss plateaus and the predicted curve stays almost flat
#   around the mean temperature (PyTorch prints "Using a target size ... different to the input size").
# Fixed twin of 294_temps_minibatch_mse.py: yy gets a trailing axis (labels[start:end].reshape(-1, 1)) so it
#   matches the (16, 1) output of my_nn(xx); nothing else changed.
# Our own code, written after the report (not copied from it); data: temps.csv from make_temps.py
import numpy as np
import pandas as pd
import torch
from sklearn import preprocessing

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

features = pd.read_csv("temps_geor.csv")
features = pd.get_dummies(features)              # one-hot the 'week' column
labels = np.array(features["actual"])             # shape (348,)
features = features.drop("actual", axis=1)
feature_list = list(features.columns)
input_features = preprocessing.StandardScaler().fit_transform(np.array(features, dtype=float))

input_size = input_features.shape[1]
hidden_size = 128
output_size = 1
batch_size = 16
my_nn = torch.nn.Sequential(
    torch.nn.Linear(input_size, hidden_size),
    torch.nn.Sigmoid(),
    torch.nn.Linear(hidden_size, output_size),
)
cost = torch.nn.MSELoss(reduction="mean")
optimizer = torch.optim.Adam(my_nn.parameters(), lr=0.001)

losses = []
for i in range(300):
    batch_loss = []
    for start in range(0, len(input_features), batch_size):
        end = start + batch_size if start + batch_size < len(input_features) else len(input_features)
        xx = torch.tensor(input_features[start:end], dtype=torch.float, requires_grad=True)
        yy = torch.tensor(labels[start:end].reshape(-1, 1), dtype=torch.float, requires_grad=True)
        prediction = my_nn(xx)
        loss = cost(prediction, yy)
        optimizer.zero_grad()
        loss.backward(retain_graph=True)
        optimizer.step()
        batch_loss.append(loss.data.numpy())
    if i % 100 == 0:
        losses.append(np.mean(batch_loss))
        print(i, np.mean(batch_loss))

x = torch.tensor(input_features, dtype=torch.float)
with torch.no_grad():
    predict = my_nn(x).reshape(-1)
y = torch.tensor(labels, dtype=torch.float)
r2 = 1 - torch.mean((predict - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
