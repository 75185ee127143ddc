# Rebuilt from: https://github.com/Lightning-Universe/lightning-bolts/issues/575
# Report: The Bolts LinearRegression model trained on sklearn's load_diabetes (through SklearnDataModule,
#   batch_size=50) "doesn't learn": test MSE stays around 27000 whatever the epochs or learning rate, and the
#   predicted curve is flat against the actual values.
# Fixed twin of 254_bolts_diabetes_linreg.py: the target is reshaped to the (B, 1) shape of y_hat before F.mse_loss.
# Our own code, written after the report (not copied from it); plain PyTorch stand-ins for SklearnDataset,
#   SklearnDataModule and the LightningModule, so no Lightning install is needed.
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.data import Dataset, DataLoader
from sklearn.datasets import load_diabetes

torch.manual_seed(1234)
np.random.seed(1234)


class SklearnDataset(Dataset):
    def __init__(self, X, y):
        self.data, self.labels = X, y

    def __len__(self):
        return len(self.data)

    def __getitem__(self, idx):
        x = self.data[idx].astype(np.float32)
        y = self.labels[idx].astype(np.float32)   # numpy scalar -> collated into shape (B,)
        return x, y


class LinearRegression(nn.Module):
    """min_W ||(Wx + b) - y||^2, same layout as the Bolts model."""

    def __init__(self, input_dim, output_dim=1, bias=True, learning_rate=1e-4):
        super().__init__()
        self.learning_rate = learning_rate
        self.linear = nn.Linear(input_dim, output_dim, bias=bias)

    def forward(self, x):
        return self.linear(x)

    def training_step(self, batch):
        x, y = batch
        x = x.view(x.size(0), -1)
        y_hat = self(x)
        loss = F.mse_loss(y_hat, y.view(-1, 1), reduction="sum")
        loss /= x.size(0)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=self.learning_rate)


def fit(model, loader, max_epochs):
    opt = model.configure_optimizers()
    for epoch in range(max_epochs):
        for batch in loader:
            loss = model.training_step(batch)
            opt.zero_grad()
            loss.backward()
            opt.step()
        if epoch % 50 == 0:
            print(f"epoch {epoch} train_mse_loss {loss.item():.1f}")


X, y = load_diabetes(return_X_y=True)
train_loader = DataLoader(SklearnDataset(X, y), batch_size=50, shuffle=True)
model = LinearRegression(input_dim=10, output_dim=1, learning_rate=5.0)
fit(model, train_loader, max_epochs=200)

with torch.no_grad():
    pred = model(torch.from_numpy(X).float()).view(-1)
    target = torch.from_numpy(y).float()
    r2 = 1 - ((pred - target) ** 2).mean() / target.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
