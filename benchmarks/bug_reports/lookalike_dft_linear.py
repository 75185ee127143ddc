# Rebuilt from: https://gist.github.com/endolith/98863221204541bf017b6cae71cb0a89
# Report: "Training neural network to implement discrete Fourier transform": a single bias-free
#   dense layer (real and imaginary parts stacked, 2N in / 2N out) trained with MSE + Adam on random
#   complex signals and their np.fft.fft; it learns the DFT weights, the author only wondered why the
#   loss creeps up again late in training (commenters: float error, or tune Adam's beta_2).
# Not a bug (a look-alike that must stay silent): the FFT outputs are larger than the inputs (std
#   ~sqrt(N)), but the inputs are standard-normal samples, and (N, 2N) outputs match (N, 2N) targets.
# Our own code, written after the report (not copied from it).
import numpy as np
import torch
import torch.nn as nn

np.random.seed(6)
torch.manual_seed(6)
torch.set_num_threads(1)

N = 32
batch = 4000

sig = np.random.randn(batch, N) + 1j * np.random.randn(batch, N)
F = np.fft.fft(sig, axis=-1)

# first half real part, second half imaginary part
X = torch.tensor(np.hstack([sig.real, sig.imag]), dtype=torch.float32)
Y = torch.tensor(np.hstack([F.real, F.imag]), dtype=torch.float32)

model = nn.Sequential(nn.Linear(N * 2, N * 2, bias=False))  # DFT is linear: no bias, no activation
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
mse = nn.MSELoss()

for epoch in range(40):
    perm = torch.randperm(batch)
    for i in range(0, batch, 100):
        idx = perm[i:i + 100]
        opt.zero_grad()
        loss = mse(model(X[idx]), Y[idx])
        loss.backward()
        opt.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch}: loss {loss.item():.5f}")


def ann_dft(x):
    with torch.no_grad():
        pred = model(torch.tensor(np.hstack([x.real, x.imag])[None], dtype=torch.float32))[0].numpy()
    return pred[:N] + 1j * pred[N:]


data = np.arange(N)
print("max |ANN_DFT - fft| on arange:", np.abs(ann_dft(data) - np.fft.fft(data)).max())

with torch.no_grad():
    P = model(X)
    r2 = 1 - ((P - Y) ** 2).mean() / Y.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
