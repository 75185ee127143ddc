# Rebuilt from: https://github.com/ClustProject/KUDataRegression/issues/8
# Report: (Korean) "CNN 모델 사용시 예측값이 거의 일정한 값이 나왔는데 어떤 이유일까요?" - with the repo's 1D-CNN
#   regressor the predictions came out almost constant. The maintainers' answer: the model is too large for the
#   amount of data and overfits toward the mean under MSE; use dropout / a smaller model. Neither the shapes nor
#   the scaling were the problem.
# Not a bug (a look-alike that must stay silent): the CNN returns (B, 1) but the trainer squeezes it with
#   outputs.squeeze(1) before nn.MSELoss, so it meets the (B,) labels element for element; the raw sensor
#   windows (channels on very different scales) are standardized per channel with a scaler fitted on the
#   transposed/reshaped train windows, and y is standardized too.
# Our own code, written after the report (not copied from it)
import time
import copy
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

np.random.seed(42)
torch.manual_seed(42)


# ------------------------------------------------------------ small stand-ins for the sklearn helpers the repo uses
class StandardScaler():
    def fit(self, x):
        self.mean_ = x.mean(axis=0)
        self.scale_ = x.std(axis=0)
        return self

    def transform(self, x):
        return (x - self.mean_) / self.scale_


def train_test_split(x, y, test_size=0.2, random_state=42):
    rng = np.random.RandomState(random_state)
    idx = rng.permutation(len(x))
    n_test = int(len(x) * test_size)
    te, tr = idx[:n_test], idx[n_test:]
    return x[tr], x[te], y[tr], y[te]


def mean_squared_error(y_true, y_pred):
    return float(np.mean((y_true - y_pred) ** 2))


# ------------------------------------------------------------ data: (num_of_instance, input_dims, time_steps)
def make_windows(n, seq_len=48, rng=None):
    t = np.arange(seq_len)
    flow = 1200 + 300 * rng.standard_normal((n, 1)) + 40 * rng.standard_normal((n, seq_len)).cumsum(axis=1) / 6
    pressure = 0.02 * (1 + 0.3 * rng.standard_normal((n, 1))) * (1 + 0.2 * np.sin(2 * np.pi * t / 12 + rng.uniform(0, 6, (n, 1))))
    temp = 65 + 5 * rng.standard_normal((n, 1)) + rng.standard_normal((n, seq_len))
    valve = rng.uniform(0, 100, (n, 1)) + 3 * rng.standard_normal((n, seq_len))
    x = np.stack([flow, pressure, temp, valve], axis=1)
    y = (0.004 * flow[:, -8:].mean(axis=1) + 60 * (pressure.max(axis=1) - pressure.min(axis=1))
         + 0.05 * (temp[:, -1] - 65) * valve[:, -1] / 10 + 0.1 * rng.standard_normal(n))
    return x.astype(np.float32), y.astype(np.float32)


rng = np.random.default_rng(3)
train_data = dict(zip(['x', 'y'], make_windows(1600, rng=rng)))
test_data = dict(zip(['x', 'y'], make_windows(400, rng=rng)))


# ------------------------------------------------------------ models/cnn_1d.py
def calculate_output_length(input_seq, kernel_size, stride=1, padding=0, dilation=1):
    return (input_seq + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


class CNN_1D(nn.Module):
    def __init__(self, input_channels, output_channels, kernel_size, stride, padding, drop_out, input_seq):
        super(CNN_1D, self).__init__()
        self.layer1 = nn.Sequential(
            nn.Conv1d(input_channels, 32, kernel_size=kernel_size, stride=stride, padding=padding),
            nn.ReLU(),
            nn.AvgPool1d(2)
        )
        next_seq = calculate_output_length(input_seq, kernel_size, stride, padding, dilation=1) // 2
        self.layer2 = nn.Sequential(
            nn.Conv1d(32, output_channels, kernel_size=kernel_size, stride=stride, padding=padding),
            nn.ReLU(),
            nn.AvgPool1d(2)
        )
        next_seq = calculate_output_length(next_seq, kernel_size, stride, padding, dilation=1) // 2
        self.dropout = nn.Dropout(drop_out)
        self.fc = nn.Linear(output_channels * next_seq, 1)

    def forward(self, x):
        x = self.layer1(x)
        x = self.layer2(x)
        x = x.view(x.size(0), -1)
        x = self.dropout(x)
        x = self.fc(x)
        return x


# ------------------------------------------------------------ models/train_model.py
class Train_Test():
    def __init__(self, config):
        self.config = config
        self.parameter = config['parameter']

    def train(self, model, dataloaders, criterion, num_epochs, optimizer):
        since = time.time()
        best_model_wts = copy.deepcopy(model.state_dict())
        best_mse = 10000000
        for epoch in range(num_epochs):
            for phase in ['train', 'val']:
                if phase == 'train':
                    model.train()
                else:
                    model.eval()
                running_loss = 0.0
                running_total = 0
                for inputs, labels in dataloaders[phase]:
                    inputs = inputs.to(self.parameter['device'])
                    labels = labels.to(self.parameter['device'], dtype=torch.float)
                    optimizer.zero_grad()
                    with torch.set_grad_enabled(phase == 'train'):
                        outputs = model(inputs)
                        outputs = outputs.squeeze(1)
                        loss = criterion(outputs, labels)
                        if phase == 'train':
                            loss.backward()
                            optimizer.step()
                    running_loss += loss.item() * inputs.size(0)
                    running_total += labels.size(0)
                epoch_loss = running_loss / running_total
                if (epoch + 1) % 10 == 0:
                    print('Epoch {} {} Loss: {:.4f}'.format(epoch + 1, phase, epoch_loss))
                if phase == 'val' and epoch_loss < best_mse:
                    best_mse = epoch_loss
                    best_model_wts = copy.deepcopy(model.state_dict())
        print('Training complete in {:.0f}s, best val MSE: {:4f}'.format(time.time() - since, best_mse))
        model.load_state_dict(best_model_wts)
        return model

    def test(self, model, test_loader):
        model.eval()
        with torch.no_grad():
            trues, preds = [], []
            for inputs, labels in test_loader:
                outputs = model(inputs)
                trues.extend(labels.detach().cpu().numpy())
                preds.extend(outputs.detach().cpu().numpy())
        preds = np.array(preds).reshape(-1)
        trues = np.array(trues)
        return preds, trues, mean_squared_error(trues, preds)


# ------------------------------------------------------------ main_regression.py
class Regression():
    def __init__(self, config, train_data, test_data):
        self.config = config
        self.parameter = config['parameter']
        self.train_loader, self.valid_loader, self.test_loader = self.get_loaders(
            train_data, test_data, batch_size=self.parameter['batch_size'])
        self.trainer = Train_Test(self.config)

    def build_model(self):
        return CNN_1D(input_channels=self.parameter['input_size'], input_seq=self.parameter['seq_len'],
                      output_channels=self.parameter['output_channels'], kernel_size=self.parameter['kernel_size'],
                      stride=self.parameter['stride'], padding=self.parameter['padding'],
                      drop_out=self.parameter['drop_out'])

    def train_model(self, init_model):
        dataloaders_dict = {'train': self.train_loader, 'val': self.valid_loader}
        criterion = nn.MSELoss()
        optimizer = optim.Adam(init_model.parameters(), lr=self.parameter['lr'])
        return self.trainer.train(init_model, dataloaders_dict, criterion, self.parameter['num_epochs'], optimizer)

    def get_loaders(self, train_data, test_data, batch_size):
        x, y = train_data['x'], train_data['y']
        x_test, y_test = test_data['x'], test_data['y']
        x_train, x_valid, y_train, y_valid = train_test_split(x, y, test_size=0.2, random_state=42)

        origin_shape = x.shape
        scaler = StandardScaler().fit(np.transpose(x_train, (0, 2, 1)).reshape(-1, origin_shape[1]))
        scaled_x_data = []
        for x_data in [x_train, x_valid, x_test]:
            x_data = scaler.transform(np.transpose(x_data, (0, 2, 1)).reshape(-1, origin_shape[1]))
            x_data = np.transpose(x_data.reshape(-1, origin_shape[2], origin_shape[1]), (0, 2, 1))
            scaled_x_data.append(x_data)
        x_train, x_valid, x_test = scaled_x_data

        self.y_scaler = StandardScaler().fit(y_train.reshape(y_train.shape[0], -1))
        y_train = self.y_scaler.transform(y_train.reshape(y_train.shape[0], -1)).flatten()
        y_valid = self.y_scaler.transform(y_valid.reshape(y_valid.shape[0], -1)).flatten()
        y_test = self.y_scaler.transform(y_test.reshape(y_test.shape[0], -1)).flatten()

        datasets = []
        for dataset in [(x_train, y_train), (x_valid, y_valid), (x_test, y_test)]:
            datasets.append(torch.utils.data.TensorDataset(torch.Tensor(np.array(dataset[0])), torch.Tensor(dataset[1])))
        trainset, validset, testset = datasets
        train_loader = torch.utils.data.DataLoader(trainset, batch_size=batch_size, shuffle=True)
        valid_loader = torch.utils.data.DataLoader(validset, batch_size=batch_size, shuffle=True)
        test_loader = torch.utils.data.DataLoader(testset, batch_size=batch_size, shuffle=False)
        return train_loader, valid_loader, test_loader


config = {
    'model': 'CNN_1D',
    'parameter': {
        'input_size': 4,
        'seq_len': 48,
        'output_channels': 32,
        'kernel_size': 3,
        'stride': 1,
        'padding': 0,
        'drop_out': 0.1,
        'num_epochs': 40,
        'batch_size': 64,
        'lr': 0.001,
        'device': 'cpu'
    }
}

data_reg = Regression(config, train_data, test_data)
model = data_reg.build_model()
best_model = data_reg.train_model(model)
pred, true, mse = data_reg.trainer.test(best_model, data_reg.test_loader)
r2 = 1.0 - ((true - pred) ** 2).sum() / ((true - true.mean()) ** 2).sum()
print('test mse (scaled) %.4f' % mse)
print('RESULT r2=%.4f' % r2)
