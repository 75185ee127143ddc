# Rebuilt from: https://github.com/online-ml/river/issues/669
# Report: Training a factorization machine (FMRegressor) online on MovieLens-100K with the numerical side
#   features (timestamp, release date, age, zip code) made the model predict nan; dropping those columns
#   made it work. Maintainer: gradient explosion caused by the raw numeric features living on much larger
#   scales than the one-hot user/item features; standard practice is to scale them (StandardScaler) first.
# Fixed twin of 368_streaming_fm_side_features.py: the numeric side features go through an online
#   StandardScaler step (running mean/std, learned one sample at a time) before reaching the FM.
# Our own code, written after the report (not copied from it)
import math

import numpy as np
import torch

torch.manual_seed(0)
torch.set_num_threads(1)
rng = np.random.default_rng(7)


# ---------------------------------------------------------------------------
# a MovieLens-like stream: one dict of raw fields per rating, like a built-in dataset
# ---------------------------------------------------------------------------
class MovieLensLike:
    def __init__(self, n_ratings=5000, n_users=60, n_items=80, k=4):
        self.n_ratings = n_ratings
        self.user_vec = rng.normal(0, 0.6, (n_users, k))
        self.item_vec = rng.normal(0, 0.6, (n_items, k))
        self.user_bias = rng.normal(0, 0.4, n_users)
        self.item_bias = rng.normal(0, 0.5, n_items)
        self.user_age = rng.integers(15, 70, n_users)
        self.user_zip = rng.integers(10000, 99999, n_users)
        self.item_year = rng.integers(1950, 1998, n_items)
        self.users = rng.integers(0, n_users, n_ratings)
        self.items = rng.integers(0, n_items, n_ratings)
        self.timestamps = np.sort(rng.integers(874_700_000, 893_300_000, n_ratings))

    def __iter__(self):
        for i in range(self.n_ratings):
            u, m = int(self.users[i]), int(self.items[i])
            score = (3.5 + self.user_bias[u] + self.item_bias[m]
                     + self.user_vec[u] @ self.item_vec[m]
                     + 0.01 * (self.user_age[u] - 40) + rng.normal(0, 0.5))
            rating = float(np.clip(np.round(score), 1, 5))
            x = {
                "user": str(u),
                "item": str(m),
                "timestamp": int(self.timestamps[i]),
                "release_date": int(self.item_year[m]),
                "age": float(self.user_age[u]),
                "zip_code": float(self.user_zip[u]),
            }
            yield x, rating


# ---------------------------------------------------------------------------
# tiny "compose" helpers
# ---------------------------------------------------------------------------
class Select:
    def __init__(self, *keys):
        self.keys = keys

    def learn_one(self, x):
        pass

    def transform_one(self, x):
        return {k: x[k] for k in self.keys}


class StandardScaler:
    def __init__(self):
        self.counts, self.means, self.m2 = {}, {}, {}

    def learn_one(self, x):
        for k, v in x.items():
            if isinstance(v, str):
                continue
            n = self.counts.get(k, 0) + 1
            mean = self.means.get(k, 0.0)
            delta = v - mean
            mean += delta / n
            self.m2[k] = self.m2.get(k, 0.0) + delta * (v - mean)
            self.counts[k], self.means[k] = n, mean

    def transform_one(self, x):
        out = {}
        for k, v in x.items():
            if isinstance(v, str):
                out[k] = v
                continue
            n = self.counts.get(k, 0)
            var = self.m2[k] / n if n else 0.0
            out[k] = (v - self.means[k]) / math.sqrt(var) if var > 0 else 0.0
        return out


class Pipeline:
    def __init__(self, *steps):
        self.steps = steps

    def _transform(self, x, learn):
        for step in self.steps[:-1]:
            if learn:
                step.learn_one(x)
            x = step.transform_one(x)
        return x

    def predict_one(self, x):
        return self.steps[-1].predict_one(self._transform(x, learn=False))

    def learn_one(self, x, y):
        self.steps[-1].learn_one(self._transform(x, learn=True), y)


# ---------------------------------------------------------------------------
# factorization machine trained one sample at a time
# ---------------------------------------------------------------------------
class FMRegressor:
    def __init__(self, n_factors=10, weight_lr=0.025, latent_lr=0.05, intercept=3.0,
                 intercept_lr=0.01, max_features=512):
        self.vocab = {}
        self.intercept = torch.tensor([intercept], requires_grad=True)
        self.weights = torch.nn.Embedding(max_features, 1)
        self.latents = torch.nn.Embedding(max_features, n_factors)
        torch.nn.init.zeros_(self.weights.weight)
        torch.nn.init.normal_(self.latents.weight, 0.0, 0.1)
        self.optimizer = torch.optim.SGD([
            {"params": [self.intercept], "lr": intercept_lr},
            {"params": self.weights.parameters(), "lr": weight_lr},
            {"params": self.latents.parameters(), "lr": latent_lr},
        ])

    def _ohe_cat_features(self, x):
        feats = {}
        for k, v in x.items():
            if isinstance(v, str):
                feats[f"{k}_{v}"] = 1.0
            else:
                feats[k] = float(v)
        return feats

    def _index(self, feats):
        idx = []
        for name in feats:
            if name not in self.vocab:
                self.vocab[name] = len(self.vocab)
            idx.append(self.vocab[name])
        return torch.tensor(idx), torch.tensor(list(feats.values()), dtype=torch.float32)

    def _raw_dot(self, idx, vals):
        w = self.weights(idx).squeeze(-1)
        v = self.latents(idx) * vals.unsqueeze(-1)
        pairwise = 0.5 * (v.sum(0).pow(2) - v.pow(2).sum(0)).sum()
        return self.intercept[0] + (w * vals).sum() + pairwise

    def predict_one(self, x):
        idx, vals = self._index(self._ohe_cat_features(x))
        with torch.no_grad():
            return self._raw_dot(idx, vals).item()

    def learn_one(self, x, y):
        idx, vals = self._index(self._ohe_cat_features(x))
        y_pred = self._raw_dot(idx, vals)
        loss = (y_pred - y) ** 2
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()


# ---------------------------------------------------------------------------
# metrics + progressive validation
# ---------------------------------------------------------------------------
class MAE:
    def __init__(self):
        self.total, self.n = 0.0, 0

    def update(self, y_true, y_pred):
        self.total += abs(y_true - y_pred)
        self.n += 1

    def get(self):
        return self.total / max(self.n, 1)


class RMSE(MAE):
    def update(self, y_true, y_pred):
        self.total += (y_true - y_pred) ** 2
        self.n += 1

    def get(self):
        return math.sqrt(self.total / max(self.n, 1))


def progressive_val_score(dataset, model, metrics, print_every=1000):
    y_trues, y_preds = [], []
    for step, (x, y) in enumerate(dataset, start=1):
        y_pred = model.predict_one(x)
        for m in metrics:
            m.update(y, y_pred)
        y_trues.append(y)
        y_preds.append(y_pred)
        model.learn_one(x, y)
        if step % print_every == 0:
            print(f"[{step:,d}] MAE: {metrics[0].get():.4f}, RMSE: {metrics[1].get():.4f}")
    return np.array(y_trues), np.array(y_preds)


fm_params = dict(n_factors=10, weight_lr=0.01, latent_lr=0.01, intercept=3.0, intercept_lr=0.01)

model = Pipeline(
    Select("user", "item", "timestamp", "release_date", "age", "zip_code"),
    StandardScaler(),
    FMRegressor(**fm_params),
)

y_true, y_pred = progressive_val_score(MovieLensLike(), model, [MAE(), RMSE()])

# r2 of the progressive predictions after a short warm-up
y_true, y_pred = y_true[1000:], y_pred[1000:]
r2 = 1.0 - np.mean((y_true - y_pred) ** 2) / np.var(y_true)
print(f"RESULT r2={r2:.4f}")
