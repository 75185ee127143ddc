# Rebuilt from: https://bthek1.github.io/FastAI_course/linear-model-and-neural-net-from-scratch.html
# Report: Walk-through of the fast.ai "Linear model and neural net from scratch" Titanic notebook: once the model
#   becomes a matrix-multiply neural net, calc_preds returns an (N,1) matrix while the dependent variable is still
#   a vector of N survival labels, and the hand-written loss torch.abs(preds-deps).mean() silently broadcasts.
# Fixed twin of 246_titanic_colvec.py: trn_dep turned into a column vector with [:,None] before training
# Our own code, written after the report (not copied from it); data: passengers.csv from make_passengers.py
import torch, numpy as np, pandas as pd
from torch import tensor

torch.manual_seed(442)
df = pd.read_csv("passengers_sporte.csv")
df["LogFare"] = np.log1p(df["Fare"])
df = pd.get_dummies(df, columns=["Sex", "Pclass", "Embarked"], dtype=float)
added_cols = ["Sex_male", "Sex_female", "Pclass_1", "Pclass_2", "Pclass_3", "Embarked_C", "Embarked_Q", "Embarked_S"]
indep_cols = ["Age", "SibSp", "Parch", "LogFare"] + added_cols

t_dep = tensor(df.Survived.values, dtype=torch.float)
t_indep = tensor(df[indep_cols].values, dtype=torch.float)
vals, indices = t_indep.max(dim=0)
t_indep = t_indep / vals                      # every column into 0..1, as in the notebook

trn_indep, trn_dep = t_indep, t_dep[:, None]   # dependent variable as an (N,1) column
n_coeff = t_indep.shape[1]

def init_coeffs(n_hidden=20):
    layer1 = (torch.rand(n_coeff, n_hidden) - 0.5) / n_hidden
    layer2 = torch.rand(n_hidden, 1) - 0.3
    const = torch.rand(1)[0]
    return layer1.requires_grad_(), layer2.requires_grad_(), const.requires_grad_()

def calc_preds(coeffs, indeps):
    l1, l2, const = coeffs
    res = torch.relu(indeps @ l1)
    res = res @ l2 + const
    return torch.sigmoid(res)                 # shape (N, 1)

def calc_loss(coeffs, indeps, deps):
    return torch.abs(calc_preds(coeffs, indeps) - deps).mean()

def update_coeffs(coeffs, lr):
    for layer in coeffs:
        layer.sub_(layer.grad * lr)
        layer.grad.zero_()

def one_epoch(coeffs, lr):
    loss = calc_loss(coeffs, trn_indep, trn_dep)
    loss.backward()
    with torch.no_grad():
        update_coeffs(coeffs, lr)
    return loss

def train_model(epochs=300, lr=1.4):
    coeffs = init_coeffs()
    for i in range(epochs):
        loss = one_epoch(coeffs, lr=lr)
        if i % 50 == 0:
            print(f"epoch {i:3d} loss {loss:.4f}")
    return coeffs

coeffs = train_model()
with torch.no_grad():
    preds = calc_preds(coeffs, t_indep).view(-1)
acc = ((preds > 0.5).float() == t_dep).float().mean().item()
print(f"RESULT acc={acc:.3f}")
