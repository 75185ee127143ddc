# Rebuilt from: https://tnblog.net/hb/article/details/8302
# Report: Blog walk-through of the popular "Pytorch 气温预测" (temps.csv) notebook: get_dummies on the weekday,
#   StandardScaler, then the "simpler" nn.Sequential version trained with hand-sliced mini-batches of 16.
#   The post runs with warnings.filterwarnings("ignore"), so the loss-shape warning of that loop never shows.
# Fixed twin of 262_temps_minibatch.py: yy is built with .view(-1, 1) so it matches prediction (16, 1)
# Our own code, written after the report (not copied from it); data: temps.csv from make_temps.py
import numpy as np
import pandas as pd
import torch
torch.set_num_threads(1)
from sklearn import preprocessing

torch.manual_seed(0)
np.random.seed(0)

features = pd.read_csv("temps.csv")
features = features.sample(frac=1, random_state=0).reset_index(drop=True)  # shuffle the days
features = pd.get_dummies(features)           # week -> week_Fri, week_Mon, ...
labels = np.array(features["actual"])
features = features.drop("actual", axis=1)
feature_list = list(features.columns)
features = np.array(features, dtype=float)
input_features = preprocessing.StandardScaler().fit_transform(features)
print("features:", input_features.shape)

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
optimizer = torch.optim.Adam(my_nn.parameters(), lr=0.01)

losses = []
for i in range(60):
    batch_loss = []
    for start in range(0, len(input_features), batch_size):
        end = start + batch_size if start + batch_size < len(input_features) else len(input_features)
        xx = torch.tensor(input_features[start:end], dtype=torch.float, requires_grad=True)
        yy = torch.tensor(labels[start:end], dtype=torch.float, requires_grad=True).view(-1, 1)
        prediction = my_nn(xx)
        loss = cost(prediction, yy)
        optimizer.zero_grad()
        loss.backward(retain_graph=True)
        optimizer.step()
        batch_loss.append(loss.data.numpy())
    if i % 20 == 0:
        losses.append(np.mean(batch_loss))
        print(i, np.mean(batch_loss))

x = torch.tensor(input_features, dtype=torch.float)
predict = my_nn(x).data.numpy().reshape(-1)
r2 = 1 - np.mean((predict - labels) ** 2) / np.var(labels)
print(f"RESULT r2={r2:.3f}")
