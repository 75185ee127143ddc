# Rebuilt from: https://github.com/PacktPublishing/Deep-Reinforcement-Learning-Hands-On/issues/33
# Report: "A3C Bug?" - in the A3C/A2C training code the value loss is computed between value_v, squeezed
#         from (batch_size, 1), and vals_ref_v of shape (batch_size), which is clear; but the advantage
#         adv_v = vals_ref_v - value_v.detach() is not squeezed and becomes (batch_size, batch_size). A
#         reader answers that it is just broadcasting, averaged by the following mean(); the reporter agrees.
# Not a bug (a look-alike that must stay silent): the regression loss F.mse_loss(value_v.squeeze(-1),
#         vals_ref_v) compares (B,) with (B,); the (B, B) advantage only enters the policy-gradient term,
#         where the broadcast makes the batch-mean value the baseline (still an unbiased estimator).
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
rng = np.random.default_rng(0)

OBS, N_ACTIONS, BATCH_SIZE, ENTROPY_BETA = 6, 2, 64, 0.01
W_true = rng.normal(0, 1, size=(N_ACTIONS, OBS))


def play_batch(n):
    """Contextual bandit: one-step episodes, so the reference value is the reward itself."""
    states = rng.normal(0, 1, size=(n, OBS)).astype(np.float32)
    return states


class A2CNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(OBS, 64), nn.ReLU())
        self.policy = nn.Linear(64, N_ACTIONS)
        self.value = nn.Linear(64, 1)

    def forward(self, x):
        h = self.body(x)
        return self.policy(h), self.value(h)


net = A2CNet()
optimizer = torch.optim.Adam(net.parameters(), lr=3e-3)

for it in range(600):
    states_v = torch.from_numpy(play_batch(BATCH_SIZE))
    with torch.no_grad():
        logits, _ = net(states_v)
        actions_t = torch.distributions.Categorical(logits=logits).sample()
    means = states_v.numpy() @ W_true.T
    rewards = means[np.arange(BATCH_SIZE), actions_t.numpy()] + rng.normal(0, 0.3, BATCH_SIZE)
    vals_ref_v = torch.tensor(rewards, dtype=torch.float32)            # (B,)

    optimizer.zero_grad()
    logits_v, value_v = net(states_v)                                  # value_v: (B, 1)
    loss_value_v = F.mse_loss(value_v.squeeze(-1), vals_ref_v)

    log_prob_v = F.log_softmax(logits_v, dim=1)
    adv_v = vals_ref_v - value_v.detach()
    log_prob_actions_v = adv_v * log_prob_v[range(BATCH_SIZE), actions_t]
    loss_policy_v = -log_prob_actions_v.mean()

    prob_v = F.softmax(logits_v, dim=1)
    entropy_loss_v = ENTROPY_BETA * (prob_v * log_prob_v).sum(dim=1).mean()
    loss_v = loss_policy_v + entropy_loss_v + loss_value_v
    loss_v.backward()
    optimizer.step()
    if it % 150 == 0:
        print(f"iter {it:3d} value_loss {loss_value_v.item():.3f} mean_reward {rewards.mean():.3f}")

test_states = torch.from_numpy(play_batch(2000))
with torch.no_grad():
    chosen = net(test_states)[0].argmax(1).numpy()
best = (test_states.numpy() @ W_true.T).argmax(1)
print(f"RESULT acc={(chosen == best).mean():.3f}")
