# Rebuilt from: https://mejorcodigo.com/p/45698.html
# Report: (mirror of a StackOverflow question) A hand-written gradient-descent LinearRegression for
#   y = m*x + c works when x = np.random.rand(1, 500), but with x = np.random.rand(1, 500) * 100 the
#   gradients blow up and w and c become nan after a couple of iterations. Answer: gradient descent
#   only converges for a small enough step; by rescaling the data you effectively rescale the lr.
# Fixed twin of 66_linreg_x_times_100.py: x is standardized ((x - mean) / std) before fitting
# Our own code, written after the report (not copied from it)
import numpy as np
import torch


class LinearRegression:
    def __init__(self, lr=0.01, iter=2000):
        self.lr = lr
        self.iter = iter

    def gradient_descent(self, y, x):
        opt = torch.optim.SGD([self.w, self.c], lr=self.lr)
        for i in range(self.iter):
            yhat = self.w.T @ x + self.c
            loss = ((yhat - y) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            if i % 500 == 0:
                print(f"iter {i} loss {loss.item():.4f}")

    def run(self, y, x):
        self.m = x.shape[1]   # examples
        self.n = x.shape[0]   # features
        self.w = torch.zeros((self.n, 1), requires_grad=True)
        self.c = torch.zeros(1, requires_grad=True)
        self.gradient_descent(y, x)
        return self.w, self.c


def main():
    np.random.seed(0)
    torch.manual_seed(0)
    x = np.random.rand(1, 500) * 100  # n x m (n = no of features, m = no of examples)
    y = 5 * x + 3 + (np.random.randn(1, 500) * 0.1)
    x = (x - x.mean()) / x.std()
    x = torch.tensor(x, dtype=torch.float32)
    y = torch.tensor(y, dtype=torch.float32)

    algorithm = LinearRegression()
    w, c = algorithm.run(y, x)
    print(w.detach().flatten(), c.detach())

    with torch.no_grad():
        yhat = w.T @ x + c
        r2 = 1 - ((yhat - y) ** 2).mean() / y.var(unbiased=False)
    print(f"RESULT r2={r2.item():.3f}")


if __name__ == "__main__":
    main()
