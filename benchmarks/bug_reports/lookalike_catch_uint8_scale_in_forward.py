# Rebuilt from: https://github.com/PacktPublishing/Deep-Reinforcement-Learning-Hands-On/issues/25
# Report: A reader removed the ScaledFloatFrame wrapper (frames now stay uint8 0..255 in the env and the
#   replay buffer) and moved the scaling into the model's forward(): x.float() / 255.0. DQN then seemed
#   not to learn Pong; the author replied that this change alone is fine and a run can fail by an unlucky seed.
# Not a bug (a look-alike that must stay silent): observations are raw uint8 pixels everywhere outside the
#   network, but forward() divides by 255 before the first conv, so the network sees inputs in [0, 1].
# Our own code, written after the report (not copied from it); a tiny "catch" game drawn as 7x5 uint8 frames
import random
import collections
import numpy as np
import torch
import torch.nn as nn

random.seed(0); np.random.seed(0); torch.manual_seed(0)
torch.set_num_threads(1)

H, W = 7, 5


class CatchEnv:
    def reset(self):
        self.ball_r, self.ball_c, self.paddle = 0, random.randrange(W), random.randrange(W)
        return self.frame()

    def frame(self):
        img = np.zeros((1, H, W), dtype=np.uint8)
        img[0, self.ball_r, self.ball_c] = 255
        img[0, H - 1, self.paddle] = 255
        return img

    def step(self, action):  # 0 left, 1 stay, 2 right
        self.paddle = min(max(self.paddle + action - 1, 0), W - 1)
        self.ball_r += 1
        done = self.ball_r == H - 1
        reward = (1.0 if self.ball_c == self.paddle else -1.0) if done else 0.0
        return self.frame(), reward, done


class DQN(nn.Module):
    def __init__(self, n_actions=3):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU())
        self.fc = nn.Sequential(nn.Linear(16 * H * W, 64), nn.ReLU(), nn.Linear(64, n_actions))

    def forward(self, x):
        fx = x.float() / 255.0
        conv_out = self.conv(fx).view(fx.size()[0], -1)
        return self.fc(conv_out)


Experience = collections.namedtuple("Experience", "state action reward done new_state")
buffer = collections.deque(maxlen=5000)
net, tgt_net = DQN(), DQN()
tgt_net.load_state_dict(net.state_dict())
optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
env = CatchEnv()


def calc_loss(batch):
    states = torch.tensor(np.array([e.state for e in batch]))          # uint8
    next_states = torch.tensor(np.array([e.new_state for e in batch]))  # uint8
    actions = torch.tensor([e.action for e in batch])
    rewards = torch.tensor([e.reward for e in batch], dtype=torch.float32)
    done_mask = torch.tensor([e.done for e in batch], dtype=torch.bool)
    q = net(states).gather(1, actions.unsqueeze(-1)).squeeze(-1)
    with torch.no_grad():
        next_v = tgt_net(next_states).max(1)[0]
        next_v[done_mask] = 0.0
    return nn.MSELoss()(q, rewards + 0.99 * next_v)


frame_idx = 0
for episode in range(250):
    state, done = env.reset(), False
    eps = max(0.05, 1.0 - episode / 150)
    while not done:
        if random.random() < eps:
            action = random.randrange(3)
        else:
            with torch.no_grad():
                action = int(net(torch.tensor(state[None])).argmax(1))
        new_state, reward, done = env.step(action)
        buffer.append(Experience(state, action, reward, done, new_state))
        state = new_state
        frame_idx += 1
        if len(buffer) >= 200:
            loss = calc_loss(random.sample(buffer, 32))
            optimizer.zero_grad(); loss.backward(); optimizer.step()
        if frame_idx % 200 == 0:
            tgt_net.load_state_dict(net.state_dict())

caught = []
for _ in range(200):
    state, done = env.reset(), False
    while not done:
        with torch.no_grad():
            state, reward, done = env.step(int(net(torch.tensor(state[None])).argmax(1)))
    caught.append(reward > 0)
print(f"RESULT acc={np.mean(caught):.3f}")
