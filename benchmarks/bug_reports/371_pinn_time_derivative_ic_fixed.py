# Rebuilt from: https://github.com/Photon-AI-Research/NeuralSolvers/commit/acb61830c0f93a286b59caeacaa421291b3a76d3
# Report: NeuralSolvers (a PINN library) added a TimeDerivativeBC to initialise du/dt of hyperbolic problems
#   (their 3D wave equation) from data. Its __call__ took grad(...)[0][:, -1], a (N,) vector, and compared it
#   with the dataset's (N, 1) derivative through MSELoss; the commit "Fix bug in dimensionality of the predicted
#   time derivative" adds pred_dt.reshape(-1, 1).
# Fixed twin of 371_pinn_time_derivative_ic.py: pred_dt.reshape(-1, 1) gives the predicted derivative the
#   dataset's (N, 1) shape, as in the commit.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from torch.autograd import grad
from torch.nn import L1Loss, MSELoss
from torch.utils.data import Dataset


# ----------------------------------------------------------------------------- loss terms
class LossTerm:
    def __init__(self, dataset, name, norm='L2', weight=1.):
        if norm == 'L2':
            self.norm = MSELoss()
        elif norm == 'L1':
            self.norm = L1Loss()
        else:
            self.norm = norm
        self.dataset = dataset
        self.name = name
        self.weight = weight


class InitialCondition(LossTerm):
    def __call__(self, x, y, model):
        prediction = model(x)
        return self.weight * self.norm(prediction, y)


class PDELoss(LossTerm):
    def __init__(self, dataset, pde, name, norm='L2', weight=1.):
        super().__init__(dataset, name, norm, weight)
        self.pde = pde

    def __call__(self, x, model):
        x.requires_grad = True
        u = model(x)
        residual = self.pde(x, u)
        zeros = torch.zeros(residual.shape, device=residual.device)
        return self.weight * self.norm(residual, zeros)


class PeriodicBC(LossTerm):
    def __init__(self, dataset, output_dimension, name, norm='L2', weight=1.):
        super().__init__(dataset, name, norm, weight)
        self.output_dimension = output_dimension

    def __call__(self, x_lb, x_ub, model):
        y_lb = model(x_lb)[:, self.output_dimension]
        y_ub = model(x_ub)[:, self.output_dimension]
        return self.weight * self.norm(y_lb, y_ub)


class TimeDerivativeBC(LossTerm):
    """Initialises the time derivative of a hyperbolic system from data."""

    def __call__(self, x, dt_y, model):
        x.requires_grad = True
        pred = model(x)
        grads = torch.ones(pred.shape, device=pred.device)
        pred_dt = grad(pred, x, create_graph=True, grad_outputs=grads)[0][:, -1]
        pred_dt = pred_dt.reshape(-1, 1)
        return self.weight * self.norm(pred_dt, dt_y)


# ----------------------------------------------------------------------------- datasets
C = 1.0


def exact_solution(x, t):
    return np.sin(np.pi * (x - C * t))


class ICDataset(Dataset):
    def __init__(self, n0, seed=0):
        rs = np.random.RandomState(seed)
        x = rs.uniform(-1, 1, (n0, 1))
        t = np.zeros((n0, 1))
        self.x = torch.tensor(np.concatenate([x, t], axis=1)).float()
        self.u = torch.tensor(exact_solution(x, t)).float()

    def __len__(self):
        return 1

    def __getitem__(self, idx):
        return self.x, self.u


class DTDataset(Dataset):
    def __init__(self, nb, seed=1):
        rs = np.random.RandomState(seed)
        x = rs.uniform(-1, 1, (nb, 1))
        t = np.zeros((nb, 1))
        self.x = torch.tensor(np.concatenate([x, t], axis=1)).float()
        # du/dt of the travelling wave at t = 0
        self.dt_y = torch.tensor(-C * np.pi * np.cos(np.pi * x)).float()

    def __len__(self):
        return 1

    def __getitem__(self, idx):
        return self.x, self.dt_y


class PDEDataset(Dataset):
    def __init__(self, nf, seed=2):
        rs = np.random.RandomState(seed)
        x = rs.uniform(-1, 1, (nf, 1))
        t = rs.uniform(0, 1, (nf, 1))
        self.x = torch.tensor(np.concatenate([x, t], axis=1)).float()

    def __len__(self):
        return 1

    def __getitem__(self, idx):
        return self.x


class BoundaryDataset(Dataset):
    def __init__(self, nb, seed=3):
        rs = np.random.RandomState(seed)
        t = rs.uniform(0, 1, (nb, 1))
        self.x_lb = torch.tensor(np.concatenate([-np.ones((nb, 1)), t], axis=1)).float()
        self.x_ub = torch.tensor(np.concatenate([np.ones((nb, 1)), t], axis=1)).float()

    def __len__(self):
        return 1

    def __getitem__(self, idx):
        return self.x_lb, self.x_ub


# ----------------------------------------------------------------------------- model and PINN
class MLP(nn.Module):
    def __init__(self, input_size, output_size, hidden_size, num_hidden, lb, ub, activation=torch.tanh):
        super().__init__()
        self.lb = torch.tensor(lb).float()
        self.ub = torch.tensor(ub).float()
        self.activation = activation
        self.linear_layers = nn.ModuleList([nn.Linear(input_size, hidden_size)])
        for _ in range(num_hidden):
            self.linear_layers.append(nn.Linear(hidden_size, hidden_size))
        self.linear_layers.append(nn.Linear(hidden_size, output_size))
        for m in self.linear_layers:
            nn.init.xavier_normal_(m.weight)
            nn.init.zeros_(m.bias)

    def forward(self, x):
        x = 2.0 * (x - self.lb) / (self.ub - self.lb) - 1.0
        for layer in self.linear_layers[:-1]:
            x = self.activation(layer(x))
        return self.linear_layers[-1](x)


def wave_eq(x, u):
    grads = torch.ones(u.shape, device=u.device)
    grad_u = grad(u, x, create_graph=True, grad_outputs=grads)[0]
    u_x = grad_u[:, 0]
    u_t = grad_u[:, 1]
    grads = torch.ones(u_x.shape, device=u.device)
    u_xx = grad(u_x, x, create_graph=True, grad_outputs=grads)[0][:, 0]
    u_tt = grad(u_t, x, create_graph=True, grad_outputs=grads)[0][:, 1]
    return u_tt - C ** 2 * u_xx


class PINN(nn.Module):
    def __init__(self, model, initial_condition, pde_loss, boundary_conditions):
        super().__init__()
        self.model = model
        self.initial_condition = initial_condition
        self.pde_loss = pde_loss
        self.boundary_conditions = boundary_conditions

    def calculate_boundary_condition(self, boundary_condition, training_data):
        if isinstance(boundary_condition, PeriodicBC):
            return boundary_condition(training_data[0], training_data[1], self.model)
        if isinstance(boundary_condition, TimeDerivativeBC):
            return boundary_condition(training_data[0], training_data[1], self.model)
        raise ValueError("unknown boundary condition {}".format(boundary_condition.name))

    def pinn_loss(self, training_data):
        ic_x, ic_u = training_data[self.initial_condition.name]
        pinn_loss = self.initial_condition(ic_x, ic_u, self.model)
        pinn_loss = pinn_loss + self.pde_loss(training_data[self.pde_loss.name], self.model)
        for bc in self.boundary_conditions:
            pinn_loss = pinn_loss + self.calculate_boundary_condition(bc, training_data[bc.name])
        return pinn_loss

    def fit(self, epochs, learning_rate=5e-3):
        optim = torch.optim.Adam(self.model.parameters(), lr=learning_rate)
        training_data = {self.initial_condition.name: self.initial_condition.dataset[0],
                         self.pde_loss.name: self.pde_loss.dataset[0]}
        for bc in self.boundary_conditions:
            training_data[bc.name] = bc.dataset[0]
        for epoch in range(epochs):
            optim.zero_grad()
            loss = self.pinn_loss(training_data)
            loss.backward()
            optim.step()
            if epoch % 250 == 0:
                print("epoch {:5d}  pinn loss {:.5f}".format(epoch, loss.item()))


if __name__ == "__main__":
    torch.manual_seed(0)
    lb = [-1.0, 0.0]
    ub = [1.0, 1.0]
    initial_condition = InitialCondition(ICDataset(n0=200), "Initial Condition")
    pde_condition = PDELoss(PDEDataset(nf=300), wave_eq, "Wave Equation")
    dt_boundary = TimeDerivativeBC(DTDataset(nb=200), "Time Derivative Boundary")
    periodic_x = PeriodicBC(BoundaryDataset(nb=100), 0, "Boundary x")

    model = MLP(input_size=2, output_size=1, hidden_size=24, num_hidden=2, lb=lb, ub=ub)
    pinn = PINN(model, initial_condition, pde_condition, [dt_boundary, periodic_x])
    pinn.fit(epochs=1200)

    xs, ts = np.meshgrid(np.linspace(-1, 1, 81), np.linspace(0, 1, 41))
    grid = torch.tensor(np.stack([xs.ravel(), ts.ravel()], axis=1)).float()
    with torch.no_grad():
        u_pred = model(grid).numpy().ravel()
    u_true = exact_solution(xs.ravel(), ts.ravel())
    r2 = 1.0 - ((u_true - u_pred) ** 2).sum() / ((u_true - u_true.mean()) ** 2).sum()
    print("RESULT r2={:.4f}".format(r2))
