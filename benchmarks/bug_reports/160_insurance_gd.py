# Rebuilt from: https://stats.stackexchange.com/questions/520535/multiple-linear-regression-with-very-large-cost
# Report: Hand-written multiple linear regression (gradient descent, theta starting at zeros) on the Kaggle
#   insurance data (age, sex, bmi, children, smoker -> charges). The cost curve stays huge and flat; changing
#   iterations and learning rate (alpha=0.00003) "nothing seems to make it better".
# Bug (planted: TL002): raw features (age 18-64, bmi ~30, 0/1 flags) and raw charges (thousands of dollars) go
#   straight into gradient descent; only a tiny alpha is stable, so the intercept/smoker directions never move.
# Our own code, written after the report (not copied from it); data: insurance.csv from make_insurance.py
import numpy as np
import pandas as pd
import torch

torch.manual_seed(0)

sex = {'female': 0, 'male': 1}
smoker = {'no': 0, 'yes': 1}
region = {'southwest': 0, 'southeast': 1, 'northwest': 2, 'northeast': 3}


def filterData(data):
    data['smoker'] = [smoker[item] for item in data['smoker']]
    data['sex'] = [sex[item] for item in data['sex']]
    data['region'] = [region[item] for item in data['region']]
    data['charges'] = [round(item, 2) for item in data['charges']]
    return data


data = filterData(pd.read_csv("insurance_kaggle.csv"))
x = data[['age', 'sex', 'bmi', 'children', 'smoker']].astype('float32')
x.insert(0, 'coefficient', np.ones(len(data.index), dtype='float32'))
y = data['charges']

x = torch.tensor(x.values, dtype=torch.float32)
y = torch.tensor(np.array(y), dtype=torch.float32)
theta = torch.zeros(x.shape[1], requires_grad=True)

alpha = 0.00003
iters = 1000


def getMSE(x, y, theta):
    predY = torch.sum(x * theta, 1)
    return torch.sum((predY - y) ** 2) / (2 * len(x))


def gradientDescent(x, y, theta, alpha, iters):
    cost = []
    for iteration in range(iters):
        loss = getMSE(x, y, theta)
        loss.backward()
        with torch.no_grad():
            theta -= alpha * theta.grad
        theta.grad.zero_()
        cost.append(loss.item())
    return theta, cost


theta, cost = gradientDescent(x, y, theta, alpha, iters)
print("first/last cost:", round(cost[0], 1), round(cost[-1], 1))
print("theta:", theta.detach().numpy().round(2))

with torch.no_grad():
    pred = torch.sum(x * theta, 1)
    r2 = 1 - torch.mean((pred - y) ** 2) / torch.var(y, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
