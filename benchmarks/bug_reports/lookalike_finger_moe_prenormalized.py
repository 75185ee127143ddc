# Rebuilt from: https://github.com/Photon-AI-Research/NeuralSolvers/commit/83c63db77c3ce0da3ce47bdfd8c361b3ef0db198
# Report: NeuralSolvers' gated mixture of experts builds its FingerNet/MLP experts with normalize=False
#   ("Gated Model sets normalization of integrated models to false"); the MoE's forward() min-max scales the
#   coordinates once, before the gating network and before dispatching them to the experts.
# Not a bug (a look-alike that must stay silent): the experts are created with normalize=False, but every
#   input they get has already been scaled to [-1, 1] by FingerMoE.forward, so nothing reaches a layer raw.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset


def laser_e_field(Z, Y, X):
    envelope = np.exp(-((Y - 1100.0) / 700.0) ** 2) * np.exp(-((Z - 7.5) ** 2 + (X - 7.5) ** 2) / 150.0)
    return 3.2e12 * envelope * np.sin(2 * np.pi * Y / 1024.0)


class LaserICDataset(Dataset):
    def __init__(self, n0, batch_size, iteration=2000, max_t=3000, seed=0):
        self.n0 = n0
        self.batch_size = batch_size
        z = np.arange(0, 16) * 1.0
        y = np.arange(0, 256) * 8.0
        x = np.arange(0, 16) * 1.0
        Z, Y, X = np.meshgrid(z, y, x, indexing="ij")
        E_x = laser_e_field(Z, Y, X).reshape(-1, 1)
        t = np.zeros(Z.shape) + iteration
        self.input_x = np.concatenate(
            [Z.reshape(-1, 1), Y.reshape(-1, 1), X.reshape(-1, 1), t.reshape(-1, 1)], axis=1)
        self.lb = [0, 0, 0, 0]
        self.ub = [np.max(Z), np.max(Y), np.max(X), max_t]
        self.e_field_max = np.max(np.abs(E_x))
        self.e_field = E_x / self.e_field_max
        rs = np.random.RandomState(seed=seed)
        rand_idx = rs.choice(self.input_x.shape[0], self.n0, replace=False)
        self.inputs = self.input_x[rand_idx, :]
        self.exact = self.e_field[rand_idx, :]

    def __len__(self):
        return int(self.n0 // self.batch_size)

    def __getitem__(self, idx):
        x = self.inputs[idx * self.batch_size:(idx + 1) * self.batch_size, :]
        y = self.exact[idx * self.batch_size:(idx + 1) * self.batch_size, :]
        return torch.tensor(x).float(), torch.tensor(y).float()


class FingerNet(nn.Module):
    def __init__(self, lb, ub, inputSize, outputSize, numFeatures=32, num_finger_layers=2, numLayers=2,
                 activation=torch.tanh, normalize=True):
        super().__init__()
        self.input_size = inputSize
        self.num_finger_layers = num_finger_layers
        self.lb = torch.tensor(lb).float()
        self.ub = torch.tensor(ub).float()
        self.activation = activation
        self.normalize = normalize
        self.finger_nets = nn.ModuleList()
        for i in range(inputSize):
            layers = nn.ModuleList([nn.Linear(1, numFeatures)])
            for _ in range(num_finger_layers - 1):
                layers.append(nn.Linear(numFeatures, numFeatures))
            self.finger_nets.append(layers)
        self.lin_layers = nn.ModuleList([nn.Linear(inputSize * numFeatures, numFeatures)])
        for _ in range(numLayers - 1):
            self.lin_layers.append(nn.Linear(numFeatures, numFeatures))
        self.lin_layers.append(nn.Linear(numFeatures, outputSize))
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x_in):
        if self.normalize:
            x_in = 2.0 * (x_in - self.lb) / (self.ub - self.lb) - 1.0
        outputs = []
        for finger_idx in range(self.input_size):
            h = x_in[:, finger_idx].view(-1, 1)
            for layer in self.finger_nets[finger_idx]:
                h = self.activation(layer(h))
            outputs.append(h)
        x = torch.cat(outputs, 1)
        for layer in self.lin_layers[:-1]:
            x = self.activation(layer(x))
        return self.lin_layers[-1](x)


class FingerMoE(nn.Module):
    """Softly gated mixture of FingerNet experts."""

    def __init__(self, input_size, output_size, num_experts, hidden_size, num_hidden, lb, ub, activation=torch.tanh):
        super().__init__()
        self.lb = torch.Tensor(lb).float()
        self.ub = torch.Tensor(ub).float()
        self.num_experts = num_experts
        # normalization of the experts is disabled because the gating network performs the normalization
        self.experts = nn.ModuleList([
            FingerNet(lb, ub, input_size, output_size, hidden_size, 2, num_hidden, activation, normalize=False)
            for _ in range(num_experts)
        ])
        self.w_gate = nn.Parameter(torch.zeros(input_size, num_experts), requires_grad=True)
        self.softmax = nn.Softmax(1)

    def forward(self, x):
        # normalization is performed here for better convergence of the gating network
        x = 2.0 * (x - self.lb) / (self.ub - self.lb) - 1.0
        gates = self.softmax(x @ self.w_gate)
        expert_outputs = torch.stack([expert(x) for expert in self.experts], dim=1)  # (B, E, 1)
        return (gates.unsqueeze(-1) * expert_outputs).sum(1)


def r2_score(y_true, y_pred):
    return 1.0 - ((y_true - y_pred) ** 2).sum() / ((y_true - y_true.mean()) ** 2).sum()


if __name__ == "__main__":
    torch.manual_seed(1234)
    ic_dataset = LaserICDataset(n0=3200, batch_size=800)
    model = FingerMoE(4, 1, num_experts=2, hidden_size=24, num_hidden=2, lb=ic_dataset.lb, ub=ic_dataset.ub)
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
    criterion = nn.MSELoss()

    for epoch in range(100):
        epoch_loss = 0.0
        for idx in range(len(ic_dataset)):
            x, u = ic_dataset[idx]
            optimizer.zero_grad()
            loss = criterion(model(x), u)
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item()
        if epoch % 25 == 0:
            print("epoch {} initial condition loss {:.5f}".format(epoch, epoch_loss / len(ic_dataset)))

    rs = np.random.RandomState(seed=1)
    z_c = rs.uniform(0, ic_dataset.ub[0], 3000)
    y_c = rs.uniform(0, ic_dataset.ub[1], 3000)
    x_c = rs.uniform(0, ic_dataset.ub[2], 3000)
    t_c = np.zeros(3000) + 2000
    x_eval = torch.tensor(np.stack([z_c, y_c, x_c, t_c], axis=1)).float()
    e_true = laser_e_field(z_c, y_c, x_c).reshape(-1, 1) / ic_dataset.e_field_max
    with torch.no_grad():
        pred = model(x_eval).numpy()
    print("RESULT r2={:.4f}".format(r2_score(e_true, pred)))
