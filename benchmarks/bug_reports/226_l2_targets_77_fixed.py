# Rebuilt from: https://github.com/HIPS/Kayak/issues/14
# Report: The reporter had 77 targets of shape (77,) and network predictions of shape (77, 1); the L2
#   loss silently broadcast and scored all 77*77 prediction/target pairs, so the net learned nothing
#   useful and no error was raised (reported for Kayak; rebuilt here with PyTorch autograd).
# Fixed twin of 226_l2_targets_77.py: targets reshaped to (77, 1) so the L2 loss is per sample
# Our own code, written after the report (not copied from it)
import numpy as np
import torch

np.random.seed(3)
torch.manual_seed(3)

def load_data(n=77, d=5):
    X = np.random.randn(n, d)
    w_true = np.array([1.5, -2.0, 0.7, 0.0, 1.1])
    y = np.tanh(X @ w_true) * 3.0 + 0.1 * np.random.randn(n)
    return X.astype(np.float32), y.astype(np.float32)

X_np, y_np = load_data()
X = torch.from_numpy(X_np)
y = torch.from_numpy(y_np).reshape(-1, 1)   # shape (77, 1)

# explicit parameters, one hidden layer
W1 = (0.3 * torch.randn(5, 20)).requires_grad_()
b1 = torch.zeros(20, requires_grad=True)
W2 = (0.3 * torch.randn(20, 1)).requires_grad_()
b2 = torch.zeros(1, requires_grad=True)
params = [W1, b1, W2, b2]

def predict(X):
    h = torch.tanh(X @ W1 + b1)
    return h @ W2 + b2              # shape (77, 1)

l2_loss = torch.nn.MSELoss()   # L2 loss object, like the library's L2Loss

lr = 0.05
for epoch in range(2000):
    loss = l2_loss(predict(X), y)
    for p in params:
        p.grad = None
    loss.backward()
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
    if epoch % 400 == 0:
        print("epoch", epoch, "loss", round(loss.item(), 4))

with torch.no_grad():
    pred = predict(X)
    r2 = 1 - ((pred - y) ** 2).mean() / y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
