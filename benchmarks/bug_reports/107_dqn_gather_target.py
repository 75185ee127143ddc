# Rebuilt from: https://github.com/kengz/SLM-Lab/pull/372
# Report: PR "fix dqn shape broadcast; dqn lunar specs" -- fixes a shape broadcast issue in SLM-Lab's DQN
#   Q-loss and re-tunes the DQN LunarLander specs after the fix.
# Bug (planted: TL001): in DQN.calc_q_loss the Q-values of the taken actions are gathered with
#   .gather(-1, actions.unsqueeze(-1)) and kept as (B, 1) while max_q_targets is (B,); MSELoss broadcasts (B, B).
# Our own code, written after the report (not copied from it); replay data is synthetic.
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(1); np.random.seed(1); torch.set_num_threads(1)
S_DIM, N_ACT, N = 6, 4, 4096

def make_replay(n):
    W = np.random.randn(S_DIM, N_ACT)
    s = np.random.randn(n, S_DIM).astype(np.float32)
    a = np.random.randint(0, N_ACT, n)
    r = np.tanh(s @ W)[np.arange(n), a] + 0.1 * np.random.randn(n)
    ns = np.tanh(s + 0.3 * np.random.randn(n, S_DIM)).astype(np.float32)
    done = (np.random.rand(n) < 0.2).astype(np.float32)
    return {'states': torch.tensor(s), 'actions': torch.tensor(a), 'rewards': torch.tensor(r, dtype=torch.float32),
            'next_states': torch.tensor(ns), 'dones': torch.tensor(done)}

class QNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(S_DIM, 64), nn.SELU(), nn.Linear(64, 64), nn.SELU(), nn.Linear(64, N_ACT))
        self.loss_fn = nn.MSELoss()
    def forward(self, x):
        return self.body(x)

class DQN:
    def __init__(self, gamma=0.9):
        self.gamma = gamma
        self.net, self.target_net = QNet(), QNet()
        self.target_net.load_state_dict(self.net.state_dict())
        self.optim = torch.optim.Adam(self.net.parameters(), lr=2e-3)

    def calc_q_loss(self, batch):
        states, next_states = batch['states'], batch['next_states']
        q_preds = self.net(states)
        with torch.no_grad():
            next_q_preds = self.target_net(next_states)
        act_q_preds = q_preds.gather(-1, batch['actions'].long().unsqueeze(-1))
        max_next_q_preds, _ = next_q_preds.max(dim=-1, keepdim=False)
        max_q_targets = batch['rewards'] + self.gamma * (1 - batch['dones']) * max_next_q_preds
        return self.net.loss_fn(act_q_preds, max_q_targets)

    def train_step(self, batch):
        loss = self.calc_q_loss(batch)
        self.optim.zero_grad(); loss.backward(); self.optim.step()
        return loss.item()

replay = make_replay(N)
agent = DQN()
for it in range(600):
    idx = torch.randint(0, N, (64,))
    loss = agent.train_step({k: v[idx] for k, v in replay.items()})
    if it % 50 == 49:
        agent.target_net.load_state_dict(agent.net.state_dict())
    if it % 200 == 0:
        print(f"iter {it} loss {loss:.4f}")

with torch.no_grad():
    q_sa = agent.net(replay['states']).gather(-1, replay['actions'].unsqueeze(-1)).squeeze(-1)
    y = replay['rewards'] + agent.gamma * (1 - replay['dones']) * agent.target_net(replay['next_states']).max(-1)[0]
    r2 = 1 - ((q_sa - y) ** 2).mean().item() / y.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
