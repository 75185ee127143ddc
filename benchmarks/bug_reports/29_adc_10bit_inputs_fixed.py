# Rebuilt from: https://github.com/GiorgosXou/NeuralNetworks/issues/1
# Report: "Why not work with 10 bit input data?" -- 8 raw 10-bit ADC readings per sample ({540,131,48,3,0,...})
#   were fed to a small sigmoid MLP; after training every sample got the same output (0.8215888 ...).
#   Dividing the inputs by 1024 made it "work perfectly". (Microcontroller C++ library there, PyTorch here.)
# Fixed twin of 104_adc_10bit_inputs.py: the ADC counts are divided by 1024 before they become the input
#   tensor (the reporter's own fix); nothing else changed.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
rng = np.random.default_rng(0)


def read_adc_samples(n=400):
    """8-channel decaying spectra as 10-bit ADC counts; the label is the (0..1) decay class value."""
    amp = rng.uniform(300, 1000, n)
    k = rng.uniform(0.2, 1.5, n)
    ch = np.arange(8)
    counts = amp[:, None] * np.exp(-k[:, None] * ch[None, :]) + rng.normal(0, 6, (n, 8))
    counts = np.clip(np.round(counts), 0, 1023)
    target = (k - 0.2) / 1.3
    return counts, target


def fit(inputs, outputs, epochs=150, lr=1.0, batch=20):
    net = nn.Sequential(nn.Linear(8, 12), nn.Sigmoid(), nn.Linear(12, 6), nn.Sigmoid(),
                        nn.Linear(6, 1), nn.Sigmoid())
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    for epoch in range(epochs):
        for i in range(0, len(inputs), batch):
            xb, yb = inputs[i:i + batch], outputs[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(net(xb), yb)
            loss.backward()
            opt.step()
    return net


counts, target = read_adc_samples()
inputs = torch.tensor(counts / 1024.0, dtype=torch.float32)
outputs = torch.tensor(target, dtype=torch.float32).view(-1, 1)
net = fit(inputs, outputs)

with torch.no_grad():
    pred = net(inputs)
for p in pred[:4].view(-1).tolist():
    print(f"{p:.7f}")
r2 = 1 - torch.mean((pred - outputs) ** 2) / torch.var(outputs, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
