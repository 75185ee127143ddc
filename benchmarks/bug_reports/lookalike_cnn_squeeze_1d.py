# Rebuilt from: https://github.com/MorvanZhou/PyTorch-Tutorial/pull/55
# Report: PR to the tutorial's 401_CNN script: besides a typo, it removes `.squeeze()` from
#   `pred_y = torch.max(test_output, 1)[1].data.squeeze()` because the argmax result is already 1-D.
# Not a bug (a look-alike that must stay silent): the extra squeeze on a (N,) tensor is a no-op; predictions
#   and labels are both (N,) when compared, and CrossEntropyLoss gets (B, C) logits with (B,) class targets.
# Our own code, written after the report (not copied from it); small synthetic digit-like images instead of MNIST
import torch
import torch.nn as nn
import torch.utils.data as Data

torch.set_num_threads(1)
torch.manual_seed(1)

EPOCH = 2
BATCH_SIZE = 50
LR = 0.001

def make_images(n):
    y = torch.randint(0, 4, (n,))
    x = torch.rand(n, 1, 14, 14) * 0.3
    for i, c in enumerate(y.tolist()):
        r = 2 + 3 * c
        x[i, 0, r:r + 2, 2:12] += 0.7           # class = row of a horizontal stroke
    return x, y

train_x, train_y = make_images(1000)
test_x, test_y = make_images(300)
train_loader = Data.DataLoader(dataset=Data.TensorDataset(train_x, train_y), batch_size=BATCH_SIZE, shuffle=True)

class CNN(nn.Module):
    def __init__(self):
        super(CNN, self).__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(1, 8, 5, 1, 2), nn.ReLU(), nn.MaxPool2d(2))   # -> (8, 7, 7)
        self.out = nn.Linear(8 * 7 * 7, 4)

    def forward(self, x):
        x = self.conv1(x)
        x = x.view(x.size(0), -1)
        return self.out(x)

cnn = CNN()
optimizer = torch.optim.Adam(cnn.parameters(), lr=LR)
loss_func = nn.CrossEntropyLoss()

for epoch in range(EPOCH):
    for step, (b_x, b_y) in enumerate(train_loader):
        output = cnn(b_x)
        loss = loss_func(output, b_y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 10 == 0:
            test_output = cnn(test_x)
            pred_y = torch.max(test_output, 1)[1].data.squeeze()
            accuracy = float((pred_y == test_y).sum()) / float(test_y.size(0))
            print('Epoch: ', epoch, '| train loss: %.4f' % loss.item(), '| test accuracy: %.2f' % accuracy)

with torch.no_grad():
    pred_y = torch.max(cnn(test_x), 1)[1].data.squeeze()
print(f"RESULT acc={(pred_y == test_y).float().mean().item():.3f}")
