# Rebuilt from: https://github.com/deeplearning4j/deeplearning4j-examples/pull/699
# Report: In the RegressionMathFunctions example (1-50-50-1 tanh MLP, Nesterov SGD lr 0.01, MSE), training on
#   f(x) = 2x with x in [-100, 100] failed: the network output did not follow the function. The PR added a
#   NormalizerStandardize (fitLabel(true)) fitted on the DataSet before the shuffled ListDataSetIterator is
#   built, and reverted the labels for plotting; with normalized data the net fits as expected.
# Bug (planted: TL002): x = linspace(-100, 100) goes raw into the tanh layers (and the +-200 labels raw into MSE).
# Our own code, written after the report (not copied from it)
import random

import torch
import torch.nn as nn

SEED = 12345
N_EPOCHS = 200
PLOT_FREQUENCY = 100
N_SAMPLES = 1000
BATCH_SIZE = 100
LEARNING_RATE = 0.01
NUM_INPUTS = 1
NUM_OUTPUTS = 1

torch.manual_seed(SEED)
torch.set_num_threads(1)
rng = random.Random(SEED)


class MathFunction:
    def get_function_values(self, x):
        raise NotImplementedError

    def get_name(self):
        raise NotImplementedError


class Mul2XMathFunction(MathFunction):
    def get_function_values(self, x):
        return x * 2.0

    def get_name(self):
        return "Mul2X"


class SinXDivXMathFunction(MathFunction):
    def get_function_values(self, x):
        return torch.where(x == 0, torch.ones_like(x), torch.sin(x) / x)

    def get_name(self):
        return "SinXDivX"


class DataSet:
    def __init__(self, features, labels):
        self.features = features
        self.labels = labels

    def as_list(self):
        return [DataSet(self.features[i:i + 1], self.labels[i:i + 1]) for i in range(self.features.shape[0])]


class ListDataSetIterator:
    def __init__(self, examples, batch_size):
        self.examples = examples
        self.batch_size = batch_size
        self.cursor = 0

    def reset(self):
        self.cursor = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.cursor >= len(self.examples):
            raise StopIteration
        chunk = self.examples[self.cursor:self.cursor + self.batch_size]
        self.cursor += self.batch_size
        return DataSet(torch.cat([d.features for d in chunk]), torch.cat([d.labels for d in chunk]))


def get_deep_dense_layer_network_configuration():
    num_hidden_nodes = 50
    net = nn.Sequential(
        nn.Linear(NUM_INPUTS, num_hidden_nodes), nn.Tanh(),
        nn.Linear(num_hidden_nodes, num_hidden_nodes), nn.Tanh(),
        nn.Linear(num_hidden_nodes, NUM_OUTPUTS),
    )
    for layer in net:
        if isinstance(layer, nn.Linear):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    return net


def get_training_data(x, function, batch_size, rng):
    y = function.get_function_values(x)
    all_data = DataSet(x, y)

    examples = all_data.as_list()
    rng.shuffle(examples)
    return ListDataSetIterator(examples, batch_size)


def r2_score(y_true, y_pred):
    ss_res = ((y_true - y_pred) ** 2).sum()
    ss_tot = ((y_true - y_true.mean()) ** 2).sum()
    return (1.0 - ss_res / ss_tot).item()


def main():
    fn = Mul2XMathFunction()
    net = get_deep_dense_layer_network_configuration()

    x = torch.linspace(-100, 100, N_SAMPLES).reshape(N_SAMPLES, 1)
    iterator = get_training_data(x, fn, BATCH_SIZE, rng)

    optimizer = torch.optim.SGD(net.parameters(), lr=LEARNING_RATE, momentum=0.9, nesterov=True)
    loss_fn = nn.MSELoss()

    network_predictions = []
    for i in range(N_EPOCHS):
        iterator.reset()
        for batch in iterator:
            optimizer.zero_grad()
            loss = loss_fn(net(batch.features), batch.labels)
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            output = net(x)
        if (i + 1) % PLOT_FREQUENCY == 0:
            network_predictions.append(output)
            print(f"epoch {i + 1}: score {loss.item():.5f}")

    target = fn.get_function_values(x)
    print(f"RESULT r2={r2_score(target, network_predictions[-1]):.4f}")


if __name__ == "__main__":
    main()
