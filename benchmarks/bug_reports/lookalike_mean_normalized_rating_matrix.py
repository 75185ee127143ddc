# Rebuilt from: https://github.com/kaleko/CourseraML/issues/6
# Report: in the collaborative-filtering exercise, normalizeRatings subtracts each movie's mean rating from
#   the whole Y matrix, so the unrated zeros become negative; the reporter expects odd results. The
#   maintainer: this is the intended mean normalization and is fine.
# Not a bug (a look-alike that must stay silent): predictions X @ Theta.T and Ynorm are both (n_movies,
#   n_users) and the cost is masked by R, so the negative values in unrated cells never reach the loss;
#   the ratings are targets, not input features.
# Our own code, written after the report (not copied from it); synthetic rating matrix.
import numpy as np
import torch

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)

n_movies, n_users, n_features = 120, 80, 6


def make_ratings():
    mf, uf = np.random.randn(n_movies, 3), np.random.randn(n_users, 3)
    full = np.clip(np.round(3 + 0.7 * mf @ uf.T / np.sqrt(3) + np.random.randn(n_movies, 1) * 0.6), 1, 5)
    R = (np.random.rand(n_movies, n_users) < 0.3).astype(np.float32)
    return (full * R).astype(np.float32), R


def normalize_ratings(Y, R):
    Ymean = Y.sum(1) / np.maximum(R.sum(1), 1)       # mean over rated entries only
    Ymean = Ymean.reshape(-1, 1)
    return Y - Ymean, Ymean                           # unrated zeros become negative here


Y, R = make_ratings()
Ynorm, Ymean = normalize_ratings(Y, R)
Ynorm_t, R_t = torch.tensor(Ynorm), torch.tensor(R)

X = (0.1 * torch.randn(n_movies, n_features)).requires_grad_()
Theta = (0.1 * torch.randn(n_users, n_features)).requires_grad_()
opt = torch.optim.Adam([X, Theta], lr=0.02)
lam = 1.0

for it in range(400):
    pred = X @ Theta.T
    J = 0.5 * (((pred - Ynorm_t) * R_t) ** 2).sum() + lam / 2 * ((X ** 2).sum() + (Theta ** 2).sum())
    opt.zero_grad()
    J.backward()
    opt.step()
    if it % 100 == 0:
        print(f"iter {it} cost {J.item():.2f}")

with torch.no_grad():
    p = (X @ Theta.T).numpy() + Ymean
mask = R.astype(bool)
y_obs, p_obs = Y[mask], p[mask]
r2 = 1 - np.mean((p_obs - y_obs) ** 2) / np.var(y_obs)
print(f"RESULT r2={r2:.3f}")
