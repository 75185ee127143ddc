# Rebuilt from: https://github.com/datarobot/datarobot-user-models/pull/126
# Report: The PyTorch regression template trained its RegModel on a target popped from a
#   DataFrame; y_hat came back as (batch_size, 1) while y was (batch_size,), and pytorch
#   complained (target-size warning). The PR reshapes the target to the model output's shape.
# Fixed twin of 123_df_pop_manual_batches.py: the target tensor is reshaped to (N, 1), the shape of the model output
# Our own code, written after the report (not copied from it); data: juniors_stats.csv (make_juniors.py)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.optim as optim
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
np.random.seed(0)


class RegModel(nn.Module):
    def __init__(self, input_size):
        super(RegModel, self).__init__()
        self.fc1 = nn.Linear(input_size, 50)
        self.relu1 = nn.ReLU()
        self.dout = nn.Dropout(0.2)
        self.fc2 = nn.Linear(50, 100)
        self.prelu = nn.PReLU(1)
        self.out = nn.Linear(100, 1)

    def forward(self, input_):
        h1 = self.dout(self.relu1(self.fc1(input_)))
        h2 = self.prelu(self.fc2(h1))
        return self.out(h2)


def train_epoch(model, opt, criterion, X, y, batch_size=50):
    model.train()
    losses = []
    for beg_i in range(0, X.size(0), batch_size):
        x_batch = X[beg_i:beg_i + batch_size, :]
        y_batch = y[beg_i:beg_i + batch_size]
        opt.zero_grad()
        y_hat = model(x_batch)
        loss = criterion(y_hat, y_batch)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


reg_X = pd.read_csv("juniors_stats.csv").fillna(0)
reg_y = reg_X.pop("Grade 2014")
scaler = StandardScaler()
reg_t_X = torch.from_numpy(scaler.fit_transform(reg_X.values)).type(torch.FloatTensor)
reg_t_y = torch.from_numpy(reg_y.values).type(torch.FloatTensor).view(-1, 1)

reg_model = RegModel(reg_X.shape[1])
reg_opt = optim.Adam(reg_model.parameters(), lr=0.01)
reg_criterion = nn.MSELoss()

num_epochs = 80
for e in range(num_epochs):
    perm = torch.randperm(reg_t_X.size(0))
    losses = train_epoch(reg_model, reg_opt, reg_criterion, reg_t_X[perm], reg_t_y[perm])
    if e % 20 == 0:
        print(f"epoch {e:3d}  loss {np.mean(losses):.3f}")

reg_model.eval()
with torch.no_grad():
    pred = reg_model(reg_t_X).view(-1)
target = reg_t_y.view(-1)
r2 = 1 - torch.mean((pred - target) ** 2) / torch.var(target, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
