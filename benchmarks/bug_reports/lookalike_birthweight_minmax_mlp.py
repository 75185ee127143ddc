# Rebuilt from: https://github.com/nfmcclure/tensorflow_cookbook/issues/37
# Report: readers of the "TensorFlow Machine Learning Cookbook" companion script 06_using_a_multiple_layer_network
#   asked why the small MLP on the low-birth-weight data converges only for some seeds and why the inputs are
#   min-max normalised to [0, 1] rather than standardised; the author answered that NNs need not reach the same
#   solution every run and that the data set is only illustrative (nothing in the input pipeline was wrong).
# Not a bug (a look-alike that must stay silent): every feature column is min-max scaled with the training
#   min/max (normalize_cols) before it reaches the network, so all inputs lie in [0, 1]; the target batches are
#   built with np.transpose([...]) and are (batch, 1) like the (batch, 1) network output.
# Our own code, written after the report (not copied from it)
import csv

import numpy as np
import torch

seed = 4
np.random.seed(seed)
torch.manual_seed(seed)
torch.set_num_threads(1)

birth_weight_file = "birthweight_lowbw_cohort_demo.csv"

# read birth weight data into memory
birth_data = []
with open(birth_weight_file, newline="") as csvfile:
    csv_reader = csv.reader(csvfile)
    birth_header = next(csv_reader)
    for row in csv_reader:
        birth_data.append(row)

birth_data = [[float(x) for x in row] for row in birth_data]

# Extract y-target (birth weight in grams, last column)
y_vals = np.array([x[8] for x in birth_data])

# Filter for features of interest
cols_of_interest = ["AGE", "LWT", "RACE", "SMOKE", "PTL", "HT", "UI"]
x_vals = np.array([[x[ix] for ix, feature in enumerate(birth_header) if feature in cols_of_interest]
                   for x in birth_data])

batch_size = 100

# Split data into train/test = 80%/20%
train_indices = np.random.choice(len(x_vals), round(len(x_vals) * 0.8), replace=False)
test_indices = np.array(list(set(range(len(x_vals))) - set(train_indices)))
x_vals_train = x_vals[train_indices]
x_vals_test = x_vals[test_indices]
y_vals_train = y_vals[train_indices]
y_vals_test = y_vals[test_indices]


# Normalize by column (min-max norm to be between 0 and 1)
def normalize_cols(m, col_min=None, col_max=None):
    if col_min is None:
        col_min = m.min(axis=0)
    if col_max is None:
        col_max = m.max(axis=0)
    return (m - col_min) / (col_max - col_min), col_min, col_max


x_vals_train, train_min, train_max = normalize_cols(x_vals_train)
x_vals_test, _, _ = normalize_cols(x_vals_test, train_min, train_max)
x_vals_train = np.nan_to_num(x_vals_train)
x_vals_test = np.nan_to_num(x_vals_test)


# Define Variable Functions (weights and bias)
def init_weight(shape, st_dev):
    return (torch.randn(shape) * st_dev).requires_grad_()


def init_bias(shape, st_dev):
    return (torch.randn(shape) * st_dev).requires_grad_()


# Create a fully connected layer:
def fully_connected(input_layer, weights, biases):
    layer = torch.add(torch.matmul(input_layer, weights), biases)
    return torch.relu(layer)


# -------Create the first layer (25 hidden nodes)--------
weight_1 = init_weight(shape=[7, 25], st_dev=10.0)
bias_1 = init_bias(shape=[25], st_dev=10.0)
# -------Create second layer (10 hidden nodes)--------
weight_2 = init_weight(shape=[25, 10], st_dev=10.0)
bias_2 = init_bias(shape=[10], st_dev=10.0)
# -------Create third layer (3 hidden nodes)--------
weight_3 = init_weight(shape=[10, 3], st_dev=10.0)
bias_3 = init_bias(shape=[3], st_dev=10.0)
# -------Create output layer (1 output value)--------
weight_4 = init_weight(shape=[3, 1], st_dev=10.0)
bias_4 = init_bias(shape=[1], st_dev=10.0)
params = [weight_1, bias_1, weight_2, bias_2, weight_3, bias_3, weight_4, bias_4]


def model_output(x_data):
    layer_1 = fully_connected(x_data, weight_1, bias_1)
    layer_2 = fully_connected(layer_1, weight_2, bias_2)
    layer_3 = fully_connected(layer_2, weight_3, bias_3)
    return fully_connected(layer_3, weight_4, bias_4)


# Declare optimizer
my_opt = torch.optim.Adam(params, lr=0.05)

x_test_t = torch.tensor(x_vals_test, dtype=torch.float32)
y_test_t = torch.tensor(np.transpose([y_vals_test]), dtype=torch.float32)

# Training loop
loss_vec = []
test_loss = []
for i in range(1500):
    rand_index = np.random.choice(len(x_vals_train), size=batch_size)
    rand_x = torch.tensor(x_vals_train[rand_index], dtype=torch.float32)
    rand_y = torch.tensor(np.transpose([y_vals_train[rand_index]]), dtype=torch.float32)

    final_output = model_output(rand_x)
    loss = torch.mean(torch.abs(rand_y - final_output))  # L1 loss
    my_opt.zero_grad()
    loss.backward()
    my_opt.step()
    loss_vec.append(loss.item())

    with torch.no_grad():
        test_loss.append(torch.mean(torch.abs(y_test_t - model_output(x_test_t))).item())
    if (i + 1) % 250 == 0:
        print("Generation: " + str(i + 1) + ". Loss = " + str(loss.item()) + ". Test loss = " + str(test_loss[-1]))

# Model Accuracy: predict the low-birth-weight category (<2500 g) from the regression output
actuals = np.array([x[0] for x in birth_data])
test_actuals = actuals[test_indices]
with torch.no_grad():
    test_preds = [x[0] for x in model_output(x_test_t).numpy()]
test_preds = np.array([1.0 if x < 2500.0 else 0.0 for x in test_preds])
test_acc = np.mean([x == y for x, y in zip(test_preds, test_actuals)])
print("On predicting the category of low birthweight from regression output (<2500g):")
print("Test Accuracy: {}".format(test_acc))
print(f"RESULT acc={test_acc:.4f}")
