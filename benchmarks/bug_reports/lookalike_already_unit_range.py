# Rebuilt from: https://imathworks.com/cv/neural-networks-normalizing-data-which-already-lies-in-01
# Report: A network with sigmoid activations whose data already lies in [0, 1] (target roughly
#   0.05-0.2): is min-max "stretching" needed? Answer: try both ways; it may help a little numerically,
#   but the data is already in a range the sigmoid network handles.
# Not a bug (a look-alike that must stay silent): every input column is a fraction in [0, 1] and the
#   target is a small fraction, so feeding the columns without a scaler is fine for plain SGD.
# Our own code, written after the report (not copied from it); data: plots.csv from make_plots.py
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)

df = pd.read_csv("plots.csv")
X = torch.tensor(df[["canopy_cover", "soil_moisture", "clay_frac", "slope_frac"]].values, dtype=torch.float32)
y = torch.tensor(df["moss_cover"].values, dtype=torch.float32).unsqueeze(1)

net = nn.Sequential(nn.Linear(4, 16), nn.Sigmoid(), nn.Linear(16, 1), nn.Sigmoid())
opt = torch.optim.SGD(net.parameters(), lr=0.5, momentum=0.9)
mse = nn.MSELoss()

for epoch in range(2000):
    opt.zero_grad()
    loss = mse(net(X), y)
    loss.backward()
    opt.step()
    if epoch % 500 == 0:
        print(epoch, loss.item())

with torch.no_grad():
    r2 = 1 - mse(net(X), y) / y.var(unbiased=False)
print("RESULT r2=%.3f" % r2.item())
