# Rebuilt from: https://github.com/rasbt/python-machine-learning-book-2nd-edition/issues/68
# Report: A reader of the book's MNIST multilayer-perceptron chapter (784-50-50-10 tanh network, SGD lr=0.001,
#   momentum 0.9, batch 64, 50 epochs) removed the pixel normalization to [-1, 1] / centering, arguing all
#   pixels already share the 0..255 range; "the gradient descent didn't converge even after 50 epochs on the
#   same net architecture". The author answered that small input values matter for numerical stability and
#   that with raw [0, 255] pixels the learning rate would have to be changed accordingly.
# Fixed twin of 366_digits_mlp_raw_pixels_tanh.py: load_digits() rescales pixels to [-1, 1] as in the book
#   (images / 255. - .5) * 2, and the training/test arrays are mean-centered and divided by the training std.
# Our own code, written after the report (not copied from it)
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_digits(path, kind="train"):
    """Load the IDX-format digit images/labels from `path`"""
    labels_path = os.path.join(path, "synthdigits12_%s_labels.idx1" % kind)
    images_path = os.path.join(path, "synthdigits12_%s_images.idx3" % kind)

    with open(labels_path, "rb") as lbpath:
        magic, n = struct.unpack(">II", lbpath.read(8))
        labels = np.fromfile(lbpath, dtype=np.uint8)

    with open(images_path, "rb") as imgpath:
        magic, num, rows, cols = struct.unpack(">IIII", imgpath.read(16))
        images = np.fromfile(imgpath, dtype=np.uint8).reshape(len(labels), rows * cols)
        images = images.astype(np.float64)
        images = ((images / 255.) - .5) * 2

    return images, labels


X_train, y_train = load_digits("./", kind="train")
print("Rows: %d,  Columns: %d" % (X_train.shape[0], X_train.shape[1]))
X_test, y_test = load_digits("./", kind="test")
print("Rows: %d,  Columns: %d" % (X_test.shape[0], X_test.shape[1]))

mean_vals = np.mean(X_train, axis=0)
std_val = np.std(X_train)
X_train = (X_train - mean_vals) / std_val
X_test = (X_test - mean_vals) / std_val

np.random.seed(123)
torch.set_num_threads(1)
torch.manual_seed(123)


def to_categorical(y, num_classes):
    onehot = np.zeros((len(y), num_classes), dtype=np.float32)
    onehot[np.arange(len(y)), y] = 1.0
    return onehot


y_train_onehot = to_categorical(y_train, 10)
print("First 3 labels: ", y_train[:3])
print("\nFirst 3 labels (one-hot):\n", y_train_onehot[:3])


def glorot_dense(in_dim, units):
    layer = nn.Linear(in_dim, units)
    nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)
    return layer


model = nn.Sequential(
    glorot_dense(X_train.shape[1], 50),
    nn.Tanh(),
    glorot_dense(50, 50),
    nn.Tanh(),
    glorot_dense(50, y_train_onehot.shape[1]),
)

sgd_optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)


def fit(model, X, Y, batch_size=64, epochs=50, validation_split=0.1):
    n_valid = int(len(X) * validation_split)
    X_tr, Y_tr = X[:-n_valid], Y[:-n_valid]
    X_va, Y_va = X[-n_valid:], Y[-n_valid:]
    X_tr_t = torch.tensor(X_tr, dtype=torch.float32)
    Y_tr_t = torch.tensor(Y_tr, dtype=torch.float32)
    X_va_t = torch.tensor(X_va, dtype=torch.float32)
    Y_va_t = torch.tensor(Y_va, dtype=torch.float32)
    history = {"loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        idx = np.random.permutation(len(X_tr_t))
        running = 0.0
        for start in range(0, len(idx), batch_size):
            b = idx[start:start + batch_size]
            logits = model(X_tr_t[b])
            loss = F.cross_entropy(logits, Y_tr_t[b])   # categorical cross-entropy with one-hot targets
            sgd_optimizer.zero_grad()
            loss.backward()
            sgd_optimizer.step()
            running += loss.item() * len(b)
        model.eval()
        with torch.no_grad():
            val_loss = F.cross_entropy(model(X_va_t), Y_va_t).item()
        history["loss"].append(running / len(idx))
        history["val_loss"].append(val_loss)
        if epoch % 10 == 0 or epoch == epochs - 1:
            print("Epoch %d/%d - loss: %.4f - val_loss: %.4f" % (epoch + 1, epochs, history["loss"][-1], val_loss))
    return history


history = fit(model, X_train, y_train_onehot, batch_size=64, epochs=50, validation_split=0.1)

with torch.no_grad():
    y_train_pred = model(torch.tensor(X_train, dtype=torch.float32)).argmax(dim=1).numpy()
print("First 3 predictions: ", y_train_pred[:3])
correct_preds = np.sum(y_train == y_train_pred, axis=0)
train_acc = correct_preds / y_train.shape[0]
print("Training accuracy: %.2f%%" % (train_acc * 100))

with torch.no_grad():
    y_test_pred = model(torch.tensor(X_test, dtype=torch.float32)).argmax(dim=1).numpy()
correct_preds = np.sum(y_test == y_test_pred, axis=0)
test_acc = correct_preds / y_test.shape[0]
print("Test accuracy: %.2f%%" % (test_acc * 100))
print(f"RESULT acc={test_acc:.4f}")
