# Rebuilt from: https://github.com/alexhernandezgarcia/gflownet/pull/257
# Report: PR "Fix FL loss": the new forward-looking GFlowNet loss did not train (sanity-check runs
#   on the grid were off); the maintainer found that the state-flow network's log-flows had to be
#   squeezed ("Fix bug in FL loss (logflows needed to be squeezed); now it seems to work like a
#   charm"), reviewer: "Thank you for finding this subtle bug!"; PR #258 then moved the squeeze
#   into the StateFlow call.
# Bug (planted: TL001): `self.state_flow(...)` returns (N, 1) log-flows while the log-probs and
#   energies are (N,), so the hand-written per-node squared residual in forwardlooking_loss is an
#   (N, N) matrix: every transition's log-probs are fitted against every other transition's flows.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(1)


class Grid:
    """2-D hypergrid: start at the origin, increment one coordinate per step or stop (EOS)."""

    def __init__(self, length=8, n_dim=2):
        self.length = length
        self.n_dim = n_dim
        self.eos = n_dim
        self.n_actions = n_dim + 1
        self.policy_input_dim = length * n_dim

    def reward(self, states):
        x = np.asarray(states, dtype=np.float64) / (self.length - 1) - 0.5
        ax = np.abs(x)
        r = 0.1 + 0.5 * np.prod(ax > 0.25, axis=-1) + 2.0 * np.prod((ax > 0.3) & (ax < 0.4), axis=-1)
        return r

    def state2policy(self, states):
        states = torch.as_tensor(np.asarray(states), dtype=torch.long)
        one_hot = torch.nn.functional.one_hot(states, self.length).float()
        return one_hot.reshape(len(states), -1)

    def get_mask_invalid_actions_forward(self, state):
        mask = [state[d] >= self.length - 1 for d in range(self.n_dim)] + [False]
        return mask

    def get_mask_invalid_actions_backward(self, state, done):
        if done:
            return [True] * self.n_dim + [False]
        return [state[d] == 0 for d in range(self.n_dim)] + [True]

    def step(self, state, action):
        if action == self.eos:
            return list(state), True
        new_state = list(state)
        new_state[action] += 1
        return new_state, False

    def get_logprobs(self, policy_output, actions, masks, states, is_backward=False):
        logits = policy_output.clone()
        logits[masks] = -float("inf")
        logprobs = torch.log_softmax(logits, dim=1)
        return logprobs[torch.arange(len(actions)), actions]


class Batch:
    def __init__(self, env):
        self.env = env
        self.states, self.parents, self.actions, self.done, self.traj_indices = [], [], [], [], []

    def add(self, parent, action, state, done, traj_idx):
        self.parents.append(list(parent))
        self.states.append(list(state))
        self.actions.append(action)
        self.done.append(done)
        self.traj_indices.append(traj_idx)

    def is_valid(self):
        return len(self.states) == len(self.parents) == len(self.actions)

    def get_states(self, policy=False):
        return self.env.state2policy(self.states) if policy else self.states

    def get_parents(self, policy=False):
        return self.env.state2policy(self.parents) if policy else self.parents

    def get_actions(self):
        return torch.tensor(self.actions, dtype=torch.long)

    def get_done(self):
        return torch.tensor(self.done, dtype=torch.bool)

    def get_trajectory_indices(self, consecutive=True):
        return torch.tensor(self.traj_indices, dtype=torch.long)

    def get_masks_forward(self, of_parents=True):
        source = self.parents if of_parents else self.states
        return torch.tensor([self.env.get_mask_invalid_actions_forward(s) for s in source], dtype=torch.bool)

    def get_masks_backward(self):
        return torch.tensor([self.env.get_mask_invalid_actions_backward(s, d) for s, d in zip(self.states, self.done)], dtype=torch.bool)

    def get_rewards(self, do_non_terminating=True):
        return torch.tensor(self.env.reward(self.states), dtype=torch.float32)

    def get_rewards_parents(self):
        return torch.tensor(self.env.reward(self.parents), dtype=torch.float32)


def make_mlp(n_in, n_out, n_hid=64):
    return nn.Sequential(nn.Linear(n_in, n_hid), nn.LeakyReLU(), nn.Linear(n_hid, n_hid), nn.LeakyReLU(), nn.Linear(n_hid, n_out))


class UniformBackwardPolicy(nn.Module):
    def __init__(self, n_actions):
        super().__init__()
        self.n_actions = n_actions

    def forward(self, states_policy):
        return torch.zeros(len(states_policy), self.n_actions)


class StateFlow(nn.Module):
    """Takes state in the policy format and predicts its (log) flow, a scalar."""

    def __init__(self, input_dim):
        super().__init__()
        self.output_dim = 1
        self.model = make_mlp(input_dim, self.output_dim)

    def forward(self, states_policy):
        return self.model(states_policy)


class GFlowNetAgent:
    def __init__(self, env, lr=1e-3, random_action_prob=0.1):
        self.env = env
        self.forward_policy = make_mlp(env.policy_input_dim, env.n_actions)
        self.backward_policy = UniformBackwardPolicy(env.n_actions)
        self.state_flow = StateFlow(env.policy_input_dim)
        params = list(self.forward_policy.parameters()) + list(self.state_flow.parameters())
        self.opt = torch.optim.Adam(params, lr=lr)
        self.random_action_prob = random_action_prob

    @torch.no_grad()
    def sample_batch(self, n_trajectories):
        batch = Batch(self.env)
        states = [[0] * self.env.n_dim for _ in range(n_trajectories)]
        done = [False] * n_trajectories
        while not all(done):
            active = [i for i in range(n_trajectories) if not done[i]]
            policy_output = self.forward_policy(self.env.state2policy([states[i] for i in active]))
            masks = torch.tensor([self.env.get_mask_invalid_actions_forward(states[i]) for i in active])
            logits = policy_output.masked_fill(masks, -float("inf"))
            probs = torch.softmax(logits, dim=1)
            uniform = (~masks).float() / (~masks).float().sum(1, keepdim=True)
            probs = (1 - self.random_action_prob) * probs + self.random_action_prob * uniform
            actions = torch.multinomial(probs, 1).squeeze(1).tolist()
            for i, a in zip(active, actions):
                new_state, is_done = self.env.step(states[i], a)
                batch.add(states[i], a, new_state, is_done, i)
                states[i] = new_state
                done[i] = is_done
        return batch

    def forwardlooking_loss(self, it, batch):
        assert batch.is_valid()
        states_policy = batch.get_states(policy=True)
        states = batch.get_states(policy=False)
        actions = batch.get_actions()
        parents_policy = batch.get_parents(policy=True)
        parents = batch.get_parents(policy=False)
        done = batch.get_done()

        masks_b = batch.get_masks_backward()
        policy_output_b = self.backward_policy(states_policy)
        logprobs_bkw = self.env.get_logprobs(policy_output_b, actions, masks_b, states, is_backward=True)
        masks_f = batch.get_masks_forward(of_parents=True)
        policy_output_f = self.forward_policy(parents_policy)
        logprobs_fwd = self.env.get_logprobs(policy_output_f, actions, masks_f, parents, is_backward=False)

        states_log_flflow = self.state_flow(states_policy)
        # forward-looking flow is 1 in the terminal states
        states_log_flflow[done.eq(1)] = 0.0
        parents_log_flflow = self.state_flow(parents_policy)

        rewards_states = batch.get_rewards(do_non_terminating=True)
        rewards_parents = batch.get_rewards_parents()
        energies_states = -torch.log(rewards_states)
        energies_parents = -torch.log(rewards_parents)

        per_node_loss = (
            parents_log_flflow
            - states_log_flflow
            + logprobs_fwd
            - logprobs_bkw
            + energies_states
            - energies_parents
        ).pow(2)

        term_loss = per_node_loss[done].mean()
        nonterm_loss = per_node_loss[~done].mean()
        loss = per_node_loss.mean()
        return loss, term_loss, nonterm_loss

    def train(self, n_iters=800, batch_size=16):
        for it in range(n_iters):
            batch = self.sample_batch(batch_size)
            loss, term_loss, nonterm_loss = self.forwardlooking_loss(it, batch)
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            if it % 200 == 0:
                print(f"it {it:4d} loss {loss.item():.4f} term {term_loss.item():.4f} nonterm {nonterm_loss.item():.4f}")

    @torch.no_grad()
    def terminal_distribution(self):
        """Exact P_T(x) of the forward policy on the grid (no exploration), by dynamic programming."""
        L = self.env.length
        all_states = [[i, j] for i in range(L) for j in range(L)]
        logits = self.forward_policy(self.env.state2policy(all_states))
        masks = torch.tensor([self.env.get_mask_invalid_actions_forward(s) for s in all_states])
        probs = torch.softmax(logits.masked_fill(masks, -float("inf")), dim=1).numpy()
        reach = np.zeros((L, L))
        reach[0, 0] = 1.0
        p_term = np.zeros((L, L))
        for total in range(2 * L - 1):
            for i in range(L):
                j = total - i
                if j < 0 or j >= L:
                    continue
                p = probs[i * L + j]
                p_term[i, j] = reach[i, j] * p[2]
                if i + 1 < L:
                    reach[i + 1, j] += reach[i, j] * p[0]
                if j + 1 < L:
                    reach[i, j + 1] += reach[i, j] * p[1]
        return p_term.ravel(), np.array(all_states)


if __name__ == "__main__":
    env = Grid(length=8, n_dim=2)
    agent = GFlowNetAgent(env, lr=1e-3)
    agent.train(n_iters=600, batch_size=16)

    p_term, all_states = agent.terminal_distribution()
    rewards = env.reward(all_states)
    target = rewards / rewards.sum()
    r2 = 1.0 - np.sum((target - p_term) ** 2) / np.sum((target - target.mean()) ** 2)
    print(f"RESULT r2={r2:.4f}")
