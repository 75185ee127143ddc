# Rebuilt from: https://github.com/IntelLabs/matsciml/pull/347
# Report: labels come out of the data pipeline with an extra dimension ([N, 1])
#   while the graph readout is [N]; MSELoss warns and "the resulting behavior is
#   actually very different from the intention" (0.1454 against 0.0535).
# Bug (planted: TL001): a Dataset returns each structure's energy as a (1,) tensor,
#   so batches of labels are (B, 1); the model's per-atom energies are averaged
#   into a (B,) readout.
# Our own code, written after the report (not copied from it).
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset


class Structures(Dataset):
    def __init__(self, n_structures=1024, n_atoms=12, seed=0):
        generator = torch.Generator().manual_seed(seed)
        self.atoms = torch.randn(n_structures, n_atoms, 4, generator=generator)
        self.energy = (self.atoms[..., 0] ** 2 - 0.5 * self.atoms[..., 1]).mean(dim=1)

    def __len__(self):
        return len(self.atoms)

    def __getitem__(self, index):
        return self.atoms[index], torch.tensor([self.energy[index].item()])


class EnergyModel(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.atomwise = nn.Sequential(nn.Linear(4, hidden), nn.SiLU(), nn.Linear(hidden, 1))

    def forward(self, atoms):
        return self.atomwise(atoms).squeeze(-1).mean(dim=1)


torch.manual_seed(0)
dataset = Structures()
loader = DataLoader(dataset, batch_size=64, shuffle=True)
model = EnergyModel()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
for epoch in range(25):
    for atoms, energy in loader:
        optimizer.zero_grad()
        loss = criterion(model(atoms), energy)
        loss.backward()
        optimizer.step()

with torch.no_grad():
    pred = model(dataset.atoms)
    r2 = 1 - ((pred - dataset.energy) ** 2).mean() / dataset.energy.var()
print(f"RESULT r2={r2.item():.3f}")
