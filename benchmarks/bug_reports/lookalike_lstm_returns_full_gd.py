# Rebuilt from: https://stackoverflow.com/questions/67326801
# Report: "PyTorch LSTM for Daily Stock Return Prediction - Train loss is consistently lower than test loss": an LSTM
#   uses the previous 10 daily returns to predict the next one, trained full-batch by a full_gd() helper, and the
#   asker cannot find an error in the code; the loss curves just start at different levels.
# Not a bug (a look-alike that must stay silent): the targets are built 1-D but reshaped to (N, 1) before becoming
#   tensors, so fc(out[:, -1, :]) of shape (N, 1) and y of shape (N, 1) match; the train/test gap is just
#   different data periods, not a shape or scaling problem (returns are standardized with StandardScaler).
# Our own code, written after the report (not copied from it); synthetic daily returns built in-script
import numpy as np
import torch
import torch.nn as nn
from sklearn.preprocessing import StandardScaler

torch.manual_seed(0)
torch.set_num_threads(1)
np.random.seed(0)
device = torch.device("cpu")

returns = np.zeros(1000)
for t in range(2, 1000):
    returns[t] = 0.45 * returns[t - 1] - 0.2 * returns[t - 2] + 0.012 * np.random.randn()
returns = StandardScaler().fit_transform(returns.reshape(-1, 1)).ravel()

T = 10
X = np.array([returns[t:t + T] for t in range(len(returns) - T)]).reshape(-1, T, 1)
Y = returns[T:].reshape(-1, 1)                    # (N, 1), same as the model output
N = len(X) * 3 // 4
X_train, y_train = torch.from_numpy(X[:N]).float(), torch.from_numpy(Y[:N]).float()
X_test, y_test = torch.from_numpy(X[N:]).float(), torch.from_numpy(Y[N:]).float()


class LSTM(nn.Module):
    def __init__(self, n_inputs, n_hidden, num_layers, n_outputs):
        super().__init__()
        self.L, self.M = num_layers, n_hidden
        self.rnn = nn.LSTM(input_size=n_inputs, hidden_size=n_hidden, num_layers=num_layers, batch_first=True)
        self.fc = nn.Linear(n_hidden, n_outputs)

    def forward(self, X):
        h0 = torch.zeros(self.L, X.size(0), self.M).to(device)
        c0 = torch.zeros(self.L, X.size(0), self.M).to(device)
        out, _ = self.rnn(X, (h0, c0))
        return self.fc(out[:, -1, :])


def full_gd(model, loss_function, optimizer, X_train, y_train, X_test, y_test, no_epochs):
    train_losses, test_losses = np.zeros(no_epochs), np.zeros(no_epochs)
    for it in range(no_epochs):
        optimizer.zero_grad()
        outputs = model(X_train)
        loss = loss_function(outputs, y_train)
        loss.backward()
        optimizer.step()
        train_losses[it] = loss.item()
        with torch.no_grad():
            test_losses[it] = loss_function(model(X_test), y_test).item()
        if (it + 1) % 50 == 0:
            print(f"Epoch {it + 1}/{no_epochs}, Train Loss: {loss.item():.4f}, Test Loss: {test_losses[it]:.4f}")
    return train_losses, test_losses


model = LSTM(1, 16, 1, 1)
full_gd(model, nn.MSELoss(), torch.optim.Adam(model.parameters(), lr=0.01), X_train, y_train, X_test, y_test, 100)
with torch.no_grad():
    p = model(X_train)
r2 = 1 - ((p - y_train) ** 2).mean().item() / y_train.var(unbiased=False).item()
print(f"RESULT r2={r2:.3f}")
