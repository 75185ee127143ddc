# Rebuilt from: https://github.com/BlackArbsCEO/Adv_Fin_ML_Exercises/issues/33
# Report: "Optimum way of Scaling for LSTM Regressor?" The user MinMax-scales the whole feature DataFrame,
#   drops the target column before scaling and adds it back afterwards, and worries this is suboptimal.
# Not a bug (a look-alike that must stay silent): every feature column is scaled (MinMaxScaler works per
#   column even on a whole frame); the unscaled target is a small forward return, and it is taken as
#   df[['fwd_ret']] so its (N, 1) shape matches the (N, 1) model output.
# Our own code, written after the report (not copied from it)
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.preprocessing import MinMaxScaler

torch.manual_seed(5)
rng = np.random.default_rng(5)

n = 500
px = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
df = pd.DataFrame({'close': px, 'volume': rng.lognormal(13, 0.3, n)})
df['ret_1d'] = df['close'].pct_change()
df['ma_ratio'] = df['close'] / df['close'].rolling(10).mean()
df['vol_z'] = (df['volume'] - df['volume'].rolling(20).mean()) / df['volume'].rolling(20).std()
df['dow'] = pd.bdate_range('2020-01-01', periods=n).day_of_week
df['fwd_ret'] = 0.4 * df['ret_1d'] - 0.05 * (df['ma_ratio'] - 1) + 0.002 * df['vol_z'] + rng.normal(0, 0.002, n)
df = df.dropna()

target = df[['fwd_ret']]
features = df.drop(columns=['fwd_ret'])
features = pd.DataFrame(MinMaxScaler().fit_transform(features), columns=features.columns, index=features.index)
features['fwd_ret'] = target['fwd_ret']  # added back later, as in the report

X = torch.tensor(features.drop(columns=['fwd_ret']).values, dtype=torch.float32)
y = torch.tensor(features[['fwd_ret']].values, dtype=torch.float32)

model = nn.Sequential(nn.Linear(X.shape[1], 32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
for step in range(800):
    opt.zero_grad()
    loss = nn.functional.mse_loss(model(X), y)
    loss.backward()
    opt.step()
    if step % 200 == 0:
        print(step, f'{loss.item():.3e}')

with torch.no_grad():
    pred = model(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f'RESULT r2={r2.item():.3f}')
