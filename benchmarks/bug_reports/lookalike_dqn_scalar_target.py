# Rebuilt from: https://github.com/DeepReinforcementLearning/DeepReinforcementLearningInAction/issues/15
# Report: the book's Q-learning listing warns "Using a target size
#   (torch.Size([1])) that is different to the input size (torch.Size([]))" at
#   `loss_fn(X, Y)` with `Y = torch.Tensor([Y]).detach()` and
#   `X = qval.squeeze()[action_]`; "the script still works fine".
# Not a bug (a look-alike that must stay silent): one Q-value () against a
#   one-element target (1,): the same single difference, the same gradient.
# Our own code, written after the report (not copied from it): a 5-state chain
# where moving right reaches the reward.
import random

import torch
import torch.nn as nn

random.seed(0)
torch.manual_seed(0)
n_states, gamma, epsilon = 5, 0.9, 0.2
model = nn.Sequential(nn.Linear(n_states, 32), nn.ReLU(), nn.Linear(32, 2))
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def one_hot(state):
    vector = torch.zeros(1, n_states)
    vector[0, state] = 1.0
    return vector


for episode in range(300):
    state = 0
    while state != n_states - 1:
        qval = model(one_hot(state))
        action_ = random.randrange(2) if random.random() < epsilon else int(qval.argmax())
        next_state = min(state + 1, n_states - 1) if action_ == 1 else max(state - 1, 0)
        reward = 1.0 if next_state == n_states - 1 else -0.1
        with torch.no_grad():
            next_q = model(one_hot(next_state)).max().item()
        Y = reward if next_state == n_states - 1 else reward + gamma * next_q
        Y = torch.Tensor([Y]).detach()
        X = qval.squeeze()[action_]
        loss = loss_fn(X, Y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        state = next_state

with torch.no_grad():
    right = sum(int(model(one_hot(s)).argmax()) == 1 for s in range(n_states - 1))
print(f"RESULT accuracy={right / (n_states - 1):.3f}")
