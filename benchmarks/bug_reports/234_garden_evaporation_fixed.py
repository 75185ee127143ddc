# Rebuilt from: https://stackoverflow.com/questions/48913271/do-neural-network-in-output-need-to-be-1-1
# Report: Hourly garden log (soil moisture %, barometer ~950-1050 hPa, rain mm, wind m/s, temp C) used to
#   predict the change in soil moisture. The tansig net trained with plain gradient descent printed the
#   same error every epoch ("Error: 27215.49") and predicted one value for every row.
# Fixed twin of 234_garden_evaporation.py: inputs standardized (z-score per column) before the tanh layer
# Our own code, written after the report (not copied from it); data: garden_weather.csv from make_garden_weather.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

df = pd.read_csv("garden_weather.csv")
inputs = ["soil_moisture_pct", "pressure_hpa", "precip_mm", "wind_mps", "temp_c"]
i_data = df[inputs].values.astype(np.float32)
i_data = (i_data - i_data.mean(axis=0)) / i_data.std(axis=0)   # scale every column
t_data = df["delta_soil_moisture_pct"].values.astype(np.float32).reshape(-1, 1)

X = torch.from_numpy(i_data)
y = torch.from_numpy(t_data)

# 5 inputs -> 5 tanh neurons -> 1 linear output (like newff(in_min_max, [5, 1]))
net = nn.Sequential(nn.Linear(5, 5), nn.Tanh(), nn.Linear(5, 1))
opt = torch.optim.SGD(net.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

for epoch in range(1, 2001):
    opt.zero_grad()
    out = net(X)
    loss = loss_fn(out, y)
    loss.backward()
    opt.step()
    if epoch % 400 == 0:
        print(f"Epoch: {epoch}; Error: {loss.item() * len(X) / 2:.4f};")

with torch.no_grad():
    pred = net(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print("first predictions:", pred[:5].view(-1).numpy().round(3))
print(f"RESULT r2={r2.item():.3f}")
