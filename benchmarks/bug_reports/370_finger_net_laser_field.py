# Rebuilt from: https://github.com/Photon-AI-Research/NeuralSolvers/pull/50
# Report: NeuralSolvers (a PINN library) fits a laser E-field from a PIConGPU grid (cells up to 2048 along y)
#   with its FingerNet. The PR author found that forward() put the min-max scaled coordinates into a new
#   variable and then sliced the raw input, so each finger got raw cell coordinates ("strong influence on
#   the gradients", shown at x=2048); the fix ("BugFix in Normalization") assigns the scaled value to x_in.
# Bug (planted: TL002): FingerNet.forward stores the [-1, 1] scaled coordinates in `x` but feeds the raw
#   x_in columns (0..2048 cells) to the finger sub-networks.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset


def laser_e_field(Z, Y, X):
    # gaussian envelope travelling along y, carrier wavelength of 1024 cells
    envelope = np.exp(-((Y - 1100.0) / 700.0) ** 2) * np.exp(-((Z - 7.5) ** 2 + (X - 7.5) ** 2) / 150.0)
    return 3.2e12 * envelope * np.sin(2 * np.pi * Y / 1024.0)


class LaserICDataset(Dataset):
    """Initial-condition points of a synthetic laser pulse (E_x) on a (z, y, x) cell grid."""

    def __init__(self, n0, batch_size, iteration=2000, max_t=3000, normalize_labels=True, seed=0):
        self.n0 = n0
        self.batch_size = batch_size
        self.cell_depth = 1.0
        self.cell_height = 8.0
        self.cell_width = 1.0

        z_length, y_length, x_length = 16, 256, 16
        z = np.arange(0, z_length) * self.cell_depth
        y = np.arange(0, y_length) * self.cell_height
        x = np.arange(0, x_length) * self.cell_width
        Z, Y, X = np.meshgrid(z, y, x, indexing="ij")

        E_x = laser_e_field(Z, Y, X).reshape(-1, 1)

        t = np.zeros(Z.shape) + iteration
        self.input_x = np.concatenate(
            [Z.reshape(-1, 1), Y.reshape(-1, 1), X.reshape(-1, 1), t.reshape(-1, 1)], axis=1)
        self.lb = [0, 0, 0, 0]
        self.ub = [np.max(Z), np.max(Y), np.max(X), max_t]
        self.e_field = E_x
        self.e_field_max = np.max(np.abs(E_x))
        if normalize_labels:
            self.e_field = self.e_field / self.e_field_max

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
                 activation=torch.sin, normalize=True, scaling=1.):
        torch.manual_seed(1234)
        super(FingerNet, self).__init__()
        self.input_size = inputSize
        self.num_finger_layers = num_finger_layers
        self.numFeatures = numFeatures
        self.numLayers = numLayers
        self.lb = torch.tensor(lb).float()
        self.ub = torch.tensor(ub).float()
        self.activation = activation
        self.normalize = normalize
        self.scaling = scaling
        self.output_size = outputSize
        self.init_layers()

    def init_layers(self):
        self.finger_nets = nn.ModuleList()
        self.lin_layers = nn.ModuleList()
        for i in range(self.input_size):
            self.finger_nets.append(nn.ModuleList())
            self.finger_nets[i].append(nn.Linear(1, self.numFeatures))
            for _ in range(self.num_finger_layers - 1):
                self.finger_nets[i].append(nn.Linear(self.numFeatures, self.numFeatures))
            for m in self.finger_nets[i]:
                nn.init.xavier_uniform_(m.weight)

        self.lin_layers.append(nn.Linear(self.input_size * self.numFeatures, self.numFeatures))
        for i in range(self.numLayers - 1):
            self.lin_layers.append(nn.Linear(self.numFeatures, self.numFeatures))
        self.lin_layers.append(nn.Linear(self.numFeatures, self.output_size))
        for m in self.lin_layers:
            nn.init.xavier_uniform_(m.weight)
            nn.init.constant_(m.bias, 0)

    def forward(self, x_in):
        if self.normalize:
            x = 2.0 * (x_in - self.lb) / (self.ub - self.lb) - 1.0

        input_tensors = []
        for i in range(self.input_size):
            input_tensors.append(x_in[:, i].view(-1, 1))

        output_tensors = []
        for finger_idx in range(self.input_size):
            h = input_tensors[finger_idx]
            for i in range(0, self.num_finger_layers):
                h = self.finger_nets[finger_idx][i](h)
                h = self.activation(h)
            output_tensors.append(h)

        x = torch.cat(output_tensors, 1)
        for i in range(0, len(self.lin_layers) - 1):
            x = self.lin_layers[i](x)
            x = self.activation(x)
        x = self.lin_layers[-1](x)
        return self.scaling * x


def r2_score(y_true, y_pred):
    ss_res = ((y_true - y_pred) ** 2).sum()
    ss_tot = ((y_true - y_true.mean()) ** 2).sum()
    return 1.0 - ss_res / ss_tot


if __name__ == "__main__":
    ic_dataset = LaserICDataset(n0=3200, batch_size=800)
    model = FingerNet(ic_dataset.lb, ic_dataset.ub, inputSize=4, outputSize=1, activation=torch.tanh)
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
    criterion = nn.MSELoss()

    for epoch in range(100):
        epoch_loss = 0.0
        for idx in range(len(ic_dataset)):
            x, u = ic_dataset[idx]
            optimizer.zero_grad()
            pred = model(x)
            loss = criterion(pred, u)
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item()
        if epoch % 25 == 0:
            print("epoch {} initial condition loss {:.5f}".format(epoch, epoch_loss / len(ic_dataset)))

    # evaluate between the cells, where the PDE collocation points will lie
    rs = np.random.RandomState(seed=1)
    z_c = rs.uniform(0, ic_dataset.ub[0], 3000)
    y_c = rs.uniform(0, ic_dataset.ub[1], 3000)
    x_c = rs.uniform(0, ic_dataset.ub[2], 3000)
    t_c = np.zeros(3000) + 2000
    x_eval = torch.tensor(np.stack([z_c, y_c, x_c, t_c], axis=1)).float()
    e_true = laser_e_field(z_c, y_c, x_c).reshape(-1, 1) / ic_dataset.e_field_max
    with torch.no_grad():
        pred = model(x_eval).numpy()
    r2 = r2_score(e_true, pred)
    print("RESULT r2={:.4f}".format(r2))
