# Rebuilt from: https://stats.stackexchange.com/questions/95134/normalization-of-dummy-variables
# Report: Data = several continuous measurements plus dummy variables for the year of measurement,
#   to be fed to a neural network. The poster z-scores everything and asks whether the 0/1 dummies
#   should be normalized too. Answers: dummies act as a binary switch; leaving them as 0/1 is fine.
# Not a bug (a look-alike that must stay silent): the continuous columns are standardized inside
#   load_data() before training; only the 0/1 year dummies are left as they are.
# Our own code, written after the report (not copied from it); data file field_measurements.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split

torch.manual_seed(0)

CONTINUOUS = ["rainfall_mm", "soil_temp_c", "elevation_m", "nitrogen_kg_ha"]
DUMMIES = ["year_2015", "year_2016", "year_2017", "year_2018"]


def load_data(path):
    df = pd.read_csv(path)
    train_df, test_df = train_test_split(df, test_size=0.2, random_state=0)
    scaler = StandardScaler().fit(train_df[CONTINUOUS])

    def to_xy(part):
        cont = scaler.transform(part[CONTINUOUS])
        x = np.hstack([cont, part[DUMMIES].values])
        return (torch.tensor(x, dtype=torch.float32),
                torch.tensor(part["yield_t_ha"].values, dtype=torch.float32).unsqueeze(1))

    return to_xy(train_df), to_xy(test_df)


(x_train, y_train), (x_test, y_test) = load_data("field_measurements.csv")

model = nn.Sequential(nn.Linear(x_train.shape[1], 32), nn.Tanh(), nn.Linear(32, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.MSELoss()

for epoch in range(300):
    optimizer.zero_grad()
    loss = loss_fn(model(x_train), y_train)
    loss.backward()
    optimizer.step()
    if epoch % 100 == 0:
        print(f"epoch {epoch} mse {loss.item():.4f}")

with torch.no_grad():
    pred = model(x_train)
r2 = 1 - ((pred - y_train) ** 2).mean() / y_train.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
