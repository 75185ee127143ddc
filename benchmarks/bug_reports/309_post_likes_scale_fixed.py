# Rebuilt from: https://datascience.stackexchange.com/questions/79669/how-to-use-text-as-an-input-for-a-neural-network-regression-problem-how-many
# Report: User wants to predict how many likes a post gets from its text (dataframe with "text" and "likes"),
#   asks what the NN input should look like; answers point to a vector representation (bag-of-words counts
#   the size of the vocabulary) plus simple text statistics.
# Fixed twin of 309_post_likes_scale.py: standardize the feature matrix (StandardScaler) before training.
# Our own code, written after the report (not copied from it); data: posts.csv made by make_posts.py
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import StandardScaler

np.random.seed(0)
torch.manual_seed(0)


def load_data():
    df = pd.read_csv("posts.csv")
    vec = CountVectorizer(max_features=150, token_pattern=r"#?\w+")
    bow = vec.fit_transform(df["text"]).toarray().astype(np.float32)
    stats = df[["n_chars", "n_words", "n_hashtags", "n_links"]].values.astype(np.float32)
    X = np.hstack([bow, stats])
    X = StandardScaler().fit_transform(X).astype(np.float32)
    y = np.log1p(df["likes"].values).astype(np.float32)   # log of like count
    return X, y


X, y = load_data()
X_t = torch.from_numpy(X)
y_t = torch.from_numpy(y).unsqueeze(1)

model = nn.Sequential(nn.Linear(X.shape[1], 64), nn.ReLU(), nn.Linear(64, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

batch_size = 32
n = len(X_t)
for epoch in range(60):
    perm = torch.randperm(n)
    for i in range(0, n, batch_size):
        idx = perm[i:i + batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(X_t[idx]), y_t[idx])
        loss.backward()
        optimizer.step()
    if epoch % 20 == 0:
        print(f"epoch {epoch} loss {loss.item():.4f}")

with torch.no_grad():
    pred = model(X_t)
r2 = 1 - ((pred - y_t) ** 2).mean() / y_t.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
