# Rebuilt from: https://community.deeplearning.ai/t/wrong-code-in-regression-with-perceptron-code-example/883849
# Report: In the MOOC lab C2_W3_Lab_1_regression_with_perceptron (TV budget -> Sales with a single perceptron),
#   a learner noticed that `adv_norm = (adv - np.mean(adv))/np.std(adv)` takes ONE mean/std over the TV and
#   Sales columns together (np.mean returns the scalar 80.53), so the z-score normalization is not done per
#   column; the cost then grows every iteration (82 -> 130 -> 305 -> ... 2.4e11) instead of converging.
#   Per-column statistics (adv.mean() / adv.std()) were the fix.
# Fixed twin of 365_perceptron_tv_sales_global_mean_norm.py: mean and std are taken per column (axis=0), so TV and
#   Sales are each z-scored before the perceptron is trained.
# Our own code, written after the report (not copied from it)
import csv

import numpy as np
import torch

torch.manual_seed(3)
np.random.seed(3)


def read_csv(path):
    """Tiny stand-in for pd.read_csv: returns (2-D float array, list of column names)."""
    with open(path) as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [[float(v) for v in row] for row in reader]
    return np.array(rows, dtype=np.float64), header


path = "tv_marketing_spend_sales.csv"
adv, columns = read_csv(path)
col = {name: i for i, name in enumerate(columns)}
print(adv[:5])

adv_norm = (adv - np.mean(adv, axis=0)) / np.std(adv, axis=0)

X_norm = adv_norm[:, col["TV"]]
Y_norm = adv_norm[:, col["Sales"]]

X_norm = torch.tensor(np.array(X_norm).reshape((1, len(X_norm))), dtype=torch.float32)
Y_norm = torch.tensor(np.array(Y_norm).reshape((1, len(Y_norm))), dtype=torch.float32)

print("The shape of X_norm: " + str(X_norm.shape))
print("The shape of Y_norm: " + str(Y_norm.shape))
print("I have m = %d training examples!" % (X_norm.shape[1]))


def layer_sizes(X, Y):
    n_x = X.shape[0]
    n_y = Y.shape[0]
    return (n_x, n_y)


def initialize_parameters(n_x, n_y):
    W = torch.randn(n_y, n_x) * 0.01
    b = torch.zeros((n_y, 1))
    parameters = {"W": W, "b": b}
    return parameters


def forward_propagation(X, parameters):
    W = parameters["W"]
    b = parameters["b"]
    Z = torch.matmul(W, X) + b
    Y_hat = Z
    return Y_hat


def compute_cost(Y_hat, Y):
    m = Y_hat.shape[1]
    cost = torch.sum((Y_hat - Y) ** 2) / (2 * m)
    return cost


def backward_propagation(Y_hat, X, Y):
    m = X.shape[1]
    dZ = Y_hat - Y
    dW = 1 / m * torch.matmul(dZ, X.T)
    db = 1 / m * torch.sum(dZ, dim=1, keepdim=True)
    grads = {"dW": dW, "db": db}
    return grads


def update_parameters(parameters, grads, learning_rate=1.2):
    W = parameters["W"]
    b = parameters["b"]
    dW = grads["dW"]
    db = grads["db"]
    W = W - learning_rate * dW
    b = b - learning_rate * db
    parameters = {"W": W, "b": b}
    return parameters


def nn_model(X, Y, num_iterations=10, learning_rate=1.2, print_cost=False):
    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[1]
    parameters = initialize_parameters(n_x, n_y)
    for i in range(0, num_iterations):
        Y_hat = forward_propagation(X, parameters)
        cost = compute_cost(Y_hat, Y)
        grads = backward_propagation(Y_hat, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost:
            print("Cost after iteration %i: %f" % (i, cost.item()))
    return parameters


parameters_simple = nn_model(X_norm, Y_norm, num_iterations=30, learning_rate=1.2, print_cost=True)
print("W = " + str(parameters_simple["W"]))
print("b = " + str(parameters_simple["b"]))


def predict(X, Y, parameters, X_pred):
    W = parameters["W"]
    b = parameters["b"]
    X_mean = np.mean(X)
    X_std = np.std(X)
    X_pred_norm = torch.tensor(((X_pred - X_mean) / X_std).reshape((1, len(X_pred))), dtype=torch.float32)
    Y_pred_norm = torch.matmul(W, X_pred_norm) + b
    Y_pred = Y_pred_norm.numpy() * np.std(Y) + np.mean(Y)
    return Y_pred[0]


X_pred = np.array([50, 120, 280])
print("TV marketing expenses:\n" + str(X_pred))
print("Predictions of sales:\n" + str(predict(adv[:, col["TV"]], adv[:, col["Sales"]], parameters_simple, X_pred)))

# how well does the perceptron explain sales on the whole table (in the normalized space it was trained in)
with torch.no_grad():
    Y_hat_all = forward_propagation(X_norm, parameters_simple)
ss_res = torch.sum((Y_norm - Y_hat_all) ** 2).item()
ss_tot = torch.sum((Y_norm - Y_norm.mean()) ** 2).item()
r2 = 1.0 - ss_res / ss_tot
print(f"RESULT r2={r2:.4f}")
