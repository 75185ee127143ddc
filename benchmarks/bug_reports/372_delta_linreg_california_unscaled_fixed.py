# Rebuilt from: https://github.com/blackportal-ai/delta/issues/248
# Report: The delta_examples linear_regression example (California housing CSV, batch gradient descent,
#   lr 0.01, 1000 epochs) produced NaN predictions: loss 5.6e10 at epoch 0, 3.7e296 by epoch 26, then inf/NaN,
#   because features (total_rooms, population, ...) and the target (median_house_value) were used raw.
#   The fix (commit bd5f2fc) made LinearRegression standardize x and y with StandardScaler before training.
# Fixed twin of 372_delta_linreg_california_unscaled.py: LinearRegression gets StandardScalers for x and y
#   (normalize=True, as in the fix commit); predictions are mapped back with the y scaler.
# Our own code, written after the report (not copied from it)
import csv

import torch

torch.manual_seed(0)
torch.set_num_threads(1)


class MSE:
    def calculate(self, predictions, actuals):
        return ((predictions - actuals) ** 2).mean()


def load_data(path):
    """CSV with a header row; every column but the last is a feature, the last one is the target."""
    features, targets = [], []
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            values = [float(v) for v in row]
            features.append(values[:-1])
            targets.append(values[-1])
    return torch.tensor(features, dtype=torch.float32), torch.tensor(targets, dtype=torch.float32)


def batch_gradient_descent(x, y, weights, bias, loss_function):
    w = weights.detach().clone().requires_grad_(True)
    b = bias.detach().clone().requires_grad_(True)
    predictions = x @ w + b
    loss = loss_function.calculate(predictions, y)
    grad_weights, grad_bias = torch.autograd.grad(loss, (w, b))
    return grad_weights, grad_bias


class StandardScaler:
    def __init__(self):
        self.mean = None
        self.std = None

    def fit_transform(self, data):
        self.mean = data.mean(dim=0)
        self.std = data.std(dim=0)
        return self.transform(data)

    def transform(self, data):
        return (data - self.mean) / self.std

    def inverse_transform(self, data):
        return data * self.std + self.mean


class LinearRegression:
    def __init__(self, loss_function, normalize, x_scaler, y_scaler):
        self.weights = None
        self.bias = torch.zeros(())
        self.loss_function = loss_function
        self.normalize = normalize
        self.x_scaler = x_scaler
        self.y_scaler = y_scaler

    @classmethod
    def new_with_defaults(cls, loss_function):
        return cls(loss_function, True, StandardScaler(), StandardScaler())

    def calculate_loss(self, predictions, actuals):
        return self.loss_function.calculate(predictions, actuals)

    def fit(self, x, y, learning_rate, epochs):
        if x.numel() == 0 or y.numel() == 0:
            raise ValueError("Input data cannot be empty")
        if x.shape[0] != y.shape[0]:
            raise ValueError("Number of samples in x and y must match")
        if self.normalize:
            x_scaled = self.x_scaler.fit_transform(x)
            y_scaled = self.y_scaler.fit_transform(y.unsqueeze(1)).squeeze(1)
        else:
            x_scaled, y_scaled = x.clone(), y.clone()
        n_features = x_scaled.shape[1]
        self.weights = torch.zeros(n_features)
        for epoch in range(epochs):
            predictions = x_scaled @ self.weights + self.bias
            loss = self.calculate_loss(predictions, y_scaled)
            if epoch % 200 == 0:
                print(f"Epoch {epoch}: Loss = {loss.item():.6g}")
            grad_weights, grad_bias = batch_gradient_descent(
                x_scaled, y_scaled, self.weights, self.bias, self.loss_function)
            self.weights = self.weights - grad_weights * learning_rate
            self.bias = self.bias - grad_bias * learning_rate

    def predict(self, x):
        x_scaled = self.x_scaler.transform(x) if self.normalize else x.clone()
        predictions_scaled = x_scaled @ self.weights + self.bias
        if self.normalize:
            return self.y_scaler.inverse_transform(predictions_scaled.unsqueeze(1)).squeeze(1)
        return predictions_scaled


def r2_score(y_true, y_pred):
    ss_res = ((y_true - y_pred) ** 2).sum()
    ss_tot = ((y_true - y_true.mean()) ** 2).sum()
    return (1.0 - ss_res / ss_tot).item()


def main():
    x_train, y_train = load_data("calif_like_housing_train.csv")
    x_test, y_test = load_data("calif_like_housing_test.csv")
    print("x_train shape:", tuple(x_train.shape))

    model = LinearRegression.new_with_defaults(MSE())

    learning_rate = 0.01
    epochs = 1000
    model.fit(x_train, y_train, learning_rate, epochs)

    predictions = model.predict(x_test)
    print("Predictions for new data:", predictions[:5].tolist())
    test_loss = model.calculate_loss(predictions, y_test)
    print(f"Test Loss after training: {test_loss.item():.6f}")
    print(f"RESULT r2={r2_score(y_test, predictions):.4f}")


if __name__ == "__main__":
    main()
