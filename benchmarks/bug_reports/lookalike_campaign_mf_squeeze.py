# Rebuilt from: https://github.com/pytorch/pytorch/issues/3268
# Report: a user implementing matrix factorization with user/item nn.Embedding tables plus bias embeddings
#   of width 1 compared two forward() variants that differ in where .squeeze(1) is applied and asked
#   whether squeeze() influences the gradient.
# Not a bug (a look-alike that must stay silent): the bias lookups are (B,1) but forward() squeezes them to
#   (B,) before adding the (B,) dot product, so prediction and (B,) target match; the large integer
#   user/campaign ids go into nn.Embedding as indices, not as scaled features.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)

# %% user x ad-campaign engagement (log of dwell seconds after click, centred)
n_users, n_campaigns, k = 800, 120, 8
U = np.random.randn(n_users, k) * 0.5
C = np.random.randn(n_campaigns, k) * 0.5
n = 20000
user_id = np.random.randint(0, n_users, n)
campaign_id = np.random.randint(0, n_campaigns, n)
engagement = (U[user_id] * C[campaign_id]).sum(1) + 0.3 * np.random.randn(n)

users = torch.tensor(user_id)
camps = torch.tensor(campaign_id)
target = torch.tensor(engagement, dtype=torch.float32)        # (n,)


class CampaignMF(nn.Module):
    def __init__(self, n_users, n_items, dim=8):
        super().__init__()
        self.user_emb = nn.Embedding(n_users, dim)
        self.item_emb = nn.Embedding(n_items, dim)
        self.user_bias = nn.Embedding(n_users, 1)
        self.item_bias = nn.Embedding(n_items, 1)
        for emb in (self.user_emb, self.item_emb):
            nn.init.normal_(emb.weight, std=0.1)
        nn.init.zeros_(self.user_bias.weight)
        nn.init.zeros_(self.item_bias.weight)

    def forward(self, u, i):
        dot = (self.user_emb(u) * self.item_emb(i)).sum(1)            # (B,)
        bias = (self.user_bias(u) + self.item_bias(i)).squeeze(1)     # (B,1) -> (B,)
        return dot + bias


model = CampaignMF(n_users, n_campaigns)
opt = torch.optim.Adam(model.parameters(), lr=0.03)
loss_fn = nn.MSELoss()
bs = 1024
for epoch in range(20):
    perm = torch.randperm(n)
    for s in range(0, n, bs):
        idx = perm[s:s + bs]
        opt.zero_grad()
        loss = loss_fn(model(users[idx], camps[idx]), target[idx])
        loss.backward()
        opt.step()
    if epoch % 5 == 0:
        print(epoch, round(loss.item(), 4))

with torch.no_grad():
    pred = model(users, camps)
r2 = 1 - ((pred - target) ** 2).mean().item() / target.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
