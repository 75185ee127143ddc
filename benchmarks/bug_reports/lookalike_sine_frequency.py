# Rebuilt from: https://discuss.pytorch.org/t/fitting-the-sine-curve-using-pytorch-optimizers/185010
# Report: fitting the frequency f of sin(f*x) to points of sin(x) on x in [0, 6] with Adam got stuck in a local
#   minimum near the starting value f_0 = 1.8; the answer plots the loss over f and shows starts above ~1.75
#   move away from the optimum, so the fix is a better start, not a code change.
# Not a bug (a look-alike that must stay silent): x_data (0..6) is used raw but is a small physical range for a
#   one-parameter sin model, and prediction and target are both 1-D (10,) tensors, so MSELoss pairs them
#   correctly; we try several starts kept in a list and keep the best, as the thread suggests.
# Our own code, written after the report (not copied from it)
import torch

torch.manual_seed(0)

def sin_function(x, f):
    return torch.sin(f * x)

x_data = torch.linspace(0, 6, 10, dtype=torch.float32)
f_truth = 1.0
y_data = sin_function(x_data, f_truth)

loss_fn = torch.nn.MSELoss()
starts = [1.8, 1.2, 0.6]
fits = []
for f_0 in starts:
    f = torch.tensor(f_0, requires_grad=True)
    optimizer = torch.optim.Adam([f], lr=0.05)
    for epoch in range(300):
        y_pred = sin_function(x_data, f)
        loss = loss_fn(y_pred, y_data)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    fits.append((loss.item(), f.item()))
    print("start %.1f -> f=%.4f loss=%.5f" % (f_0, f.item(), loss.item()))

best_loss, best_f = min(fits)
with torch.no_grad():
    p = sin_function(x_data, torch.tensor(best_f))
    r2 = 1 - ((p - y_data) ** 2).mean() / y_data.var(unbiased=False)
print("RESULT r2=%.3f" % r2.item())
