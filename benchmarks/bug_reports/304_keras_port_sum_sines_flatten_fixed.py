# Rebuilt from: https://discuss.pytorch.org/t/400-higher-error-with-pytorch-compared-with-identical-keras-model-with-adam-optimizer/160720
# Report: A one-hidden-layer net fitting y = sin(X1) + ... + sin(X10) is built twice, in Keras and in PyTorch,
#   with the same init, Adam settings, batch size and epochs; the PyTorch model's MSE is ~400% higher than Keras'.
#   The answer found the shapes: ypred is [32, 1], ytrue is [32], so the loss compares a [32, 32] grid.
# Fixed twin of 304_keras_port_sum_sines_flatten.py: forward() returns the output flattened to (B,), matching ytrue
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn
from sklearn.preprocessing import MinMaxScaler
from torch.utils.data import DataLoader, TensorDataset


def get_data(n=1500):
    np.random.seed(0)
    Xtrain = np.random.normal(0, 1, size=(n, 10))
    ytrain = np.sum(np.sin(Xtrain), axis=1)
    scaler = MinMaxScaler()
    ytrain = scaler.fit_transform(ytrain.reshape(-1, 1)).flatten()
    return Xtrain.astype(np.float32), ytrain.astype(np.float32)


class TorchLinearModel(nn.Module):
    def __init__(self, input_dim=10, random_seed=0):
        super().__init__()
        torch.manual_seed(random_seed)
        self.hidden_layer = nn.Linear(input_dim, 100)
        self.output_layer = nn.Linear(100, 1)
        for layer in (self.hidden_layer, self.output_layer):
            nn.init.xavier_uniform_(layer.weight)   # Keras' glorot_uniform
            nn.init.zeros_(layer.bias)

    def forward(self, x):
        x = torch.relu(self.hidden_layer(x))
        return self.output_layer(x).flatten()


def train_torch(model, Xtrain, ytrain, epochs=15, batch_size=32):
    loader = DataLoader(TensorDataset(torch.from_numpy(Xtrain), torch.from_numpy(ytrain)),
                        batch_size=batch_size, shuffle=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.MSELoss()
    for epoch in range(epochs):
        for xb, ytrue in loader:
            optimizer.zero_grad()
            ypred = model(xb)
            loss = loss_fn(ypred, ytrue)
            loss.backward()
            optimizer.step()
        if epoch % 5 == 0:
            print(f"epoch {epoch}: loss {loss.item():.5f}")
    return model


Xtrain, ytrain = get_data()
model = train_torch(TorchLinearModel(), Xtrain, ytrain)
with torch.no_grad():
    p = model(torch.from_numpy(Xtrain)).reshape(-1).numpy()
print(f"RESULT r2={1 - np.mean((p - ytrain) ** 2) / np.var(ytrain):.3f}")
