# Rebuilt from: https://github.com/nlpodyssey/spago/pull/1
# Report: The linear regression example (y = 2x + 1, one Linear(1, 1), MSE, plain SGD) was broken because the
#   labels list was filled with the inputs. The PR fixed that, raised the number of points to 110 and lowered
#   the learning rate from 0.01 to 0.0001 "to compensate for the higher X values as the input is not currently
#   being normalized"; with that the example learns the coefficient ~2.
# Not a bug (a look-alike that must stay silent): x is a single unnormalized feature of modest size (0..109) and
#   the learning rate was chosen for it (lr * 2 * mean(x^2) ~ 0.8 < 2), so full-batch SGD converges and the fit
#   is essentially exact; scaling the input would change nothing about the result.
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn

torch.set_num_threads(1)


class LinearRegression(nn.Module):
    def __init__(self, input_dim, output_dim):
        super().__init__()
        self.linear = nn.Linear(input_dim, output_dim)

    def forward(self, *xs):
        return [self.linear(x) for x in xs]


def mse_seq(outputs, labels, reduce_mean):
    loss = sum(((y - t) ** 2).sum() for y, t in zip(outputs, labels))
    if reduce_mean:
        loss = loss / len(outputs)
    return loss


def main():
    input_dim = 1  # takes variable 'x'
    output_dim = 1  # takes variable 'y'
    learning_rate = 0.0001
    epochs = 100
    seed = 734
    torch.manual_seed(seed)
    model = LinearRegression(input_dim, output_dim)
    criterion = mse_seq
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate, momentum=0.0)

    for name, param in model.named_parameters():
        if name.endswith("weight"):
            nn.init.xavier_uniform_(param, gain=1.0)

    # dummy data for y = 2x + 1
    n = 110
    x_values = [0.0] * n
    y_values = [0.0] * n
    for i in range(n):
        x_values[i] = float(i)
        y_values[i] = 2 * x_values[i] + 1

    for epoch in range(epochs):
        inputs = []
        labels = []
        for i in range(n):
            inputs.append(torch.tensor([x_values[i]]))
            labels.append(torch.tensor([y_values[i]]))

        optimizer.zero_grad()
        outputs = model(*inputs)
        loss = criterion(outputs, labels, True)
        loss.backward()
        optimizer.step()
        if epoch % 20 == 0:
            print(f"epoch {epoch}, loss {loss.item():.6f}")

    for name, param in model.named_parameters():
        print(f"Learned {name}: {param.item():.4f}")

    with torch.no_grad():
        x_check = torch.arange(0.5, 110.0, 1.0).unsqueeze(1)
        y_check = 2 * x_check + 1
        y_hat = model.linear(x_check)
        r2 = 1 - ((y_check - y_hat) ** 2).sum() / ((y_check - y_check.mean()) ** 2).sum()
    print(f"RESULT r2={r2.item():.4f}")


if __name__ == "__main__":
    main()
