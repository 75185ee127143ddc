# Rebuilt from: https://github.com/UK-Digital-Heart-Project/4Dsurvival/issues/1
# Report: A reader of the cardiac-MRI survival code asked whether the Cox negative log-likelihood
#   misses a transpose (risk.T - log_risk) as in DeepSurv; the authors answered that risk and the event
#   indicator E are both (n x 1), so no transpose is needed and adding one would give an (n x n) tensor.
# Not a bug (a look-alike that must stay silent): risk, log_risk and E are all (n, 1); every elementwise
#   op in neg_log_likelihood works on equal shapes, nothing broadcasts.
# Our own code, written after the report (not copied from it); synthetic patients with survival times
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(0)

n, d = 300, 6
X = rng.normal(size=(n, d)).astype(np.float32)          # standardized motion / volume descriptors
beta = np.array([0.9, -0.6, 0.4, 0.0, 0.3, -0.2])
hazard = np.exp(X @ beta)
T = rng.exponential(1.0 / hazard)
C = rng.exponential(1.5, size=n)
time = np.minimum(T, C).astype(np.float32)
event = (T <= C).astype(np.float32)

order = np.argsort(-time)                               # sort by descending survival time
X_t = torch.tensor(X[order])
E_t = torch.tensor(event[order]).reshape(-1, 1)         # (n, 1)
time_sorted = time[order]


def neg_log_likelihood(E, risk):
    hazard_ratio = torch.exp(risk)                      # (n, 1)
    log_risk = torch.log(torch.cumsum(hazard_ratio, dim=0))
    uncensored_likelihood = risk - log_risk             # (n, 1), no transpose
    censored_likelihood = uncensored_likelihood * E
    return -censored_likelihood.sum() / E.sum()


model = nn.Sequential(nn.Linear(d, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
for step in range(300):
    model.train()
    loss = neg_log_likelihood(E_t, model(X_t))
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 100 == 0:
        print(f"step {step} loss {loss.item():.4f}")


def concordance(times, events, risk):
    ok, tot = 0.0, 0
    for i in range(len(times)):
        if not events[i]:
            continue
        later = times > times[i]
        tot += later.sum()
        ok += (risk[i] > risk[later]).sum() + 0.5 * (risk[i] == risk[later]).sum()
    return ok / tot


model.eval()
with torch.no_grad():
    r = model(X_t).squeeze(1).numpy()
print(f"RESULT acc={concordance(time_sorted, event[order], r):.3f}")
