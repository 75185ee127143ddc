# Rebuilt from: https://github.com/pytorch/pytorch/issues/149827
# Report: A beginner (code written with ChatGPT) fits spending ~ age for elderly customers with a single
#   nn.Linear(1, 1), MSELoss and SGD(lr=0.001); every printed loss is nan and the prediction for a
#   77-year-old is nan.
# Bug (planted: TL002): the feature `ages` (65..100) goes into the model raw; with plain SGD the
#   first updates overshoot and the weights blow up to inf/nan.
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)

# ages (feature) and monthly spending (target), one sample per row
ages = torch.tensor([[65], [70], [75], [80], [85], [90], [95], [100]], dtype=torch.float32)
spendings = torch.tensor([[200], [250], [300], [350], [400], [450], [500], [550]], dtype=torch.float32)

X = ages

model = nn.Sequential(nn.Linear(1, 1))
criterion = nn.MSELoss()
optimizer = optim.SGD(model.parameters(), lr=0.001)

num_epochs = 3000
for epoch in range(num_epochs):
    optimizer.zero_grad()
    predictions = model(X)
    loss = criterion(predictions, spendings)
    loss.backward()
    optimizer.step()
    if (epoch + 1) % 500 == 0:
        print(f"Epoch {epoch+1}/{num_epochs}, Loss: {loss.item():.4f}")

model.eval()
with torch.no_grad():
    pred = model(X)
    mse = ((pred - spendings) ** 2).mean()
    r2 = 1 - mse / spendings.var(unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
