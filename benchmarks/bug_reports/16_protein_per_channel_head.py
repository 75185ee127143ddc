# Rebuilt from: https://github.com/jiaqingxie/DeepProtein/issues/1
# Report: training a protein property regressor warns "Using a target size
#   (torch.Size([66])) that is different to the input size
#   (torch.Size([66, 3, 1]))", and the evaluation then fails on 5360 against 16080
#   samples (3 predictions per protein).
# Bug (planted: TL001): a convolutional encoder's (B, 3, H) features go through
#   nn.Linear(H, 1) without pooling the 3 channels: the (B, 3, 1) prediction
#   broadcasts against the (B,) property to (B, 3, B).
# Our own code, written after the report (not copied from it).
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
n_proteins, length, vocabulary = 512, 40, 21
sequences = torch.randint(0, vocabulary, (n_proteins, length))
hydrophobic = (sequences < 8).float().mean(dim=1)
charge = (sequences > 16).float().mean(dim=1)
stability = 3.0 * hydrophobic - 2.0 * charge + 0.05 * torch.randn(n_proteins)


class ProteinRegressor(nn.Module):
    def __init__(self, embed=16, hidden=24):
        super().__init__()
        self.embed = nn.Embedding(vocabulary, embed)
        self.conv = nn.Conv1d(embed, 3, kernel_size=5, padding=2)
        self.pool = nn.AdaptiveAvgPool1d(hidden)
        self.head = nn.Linear(hidden, 1)

    def forward(self, tokens):
        x = self.embed(tokens).transpose(1, 2)
        x = self.pool(torch.relu(self.conv(x)))
        return self.head(x)


loader = DataLoader(TensorDataset(sequences, stability), batch_size=66, shuffle=True)
model = ProteinRegressor()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
for epoch in range(30):
    for tokens, target in loader:
        optimizer.zero_grad()
        loss = criterion(model(tokens), target)
        loss.backward()
        optimizer.step()

with torch.no_grad():
    pred = model(sequences).reshape(len(sequences), -1).mean(dim=1)
    r2 = 1 - ((pred - stability) ** 2).mean() / stability.var()
print(f"RESULT r2={r2.item():.3f}")
