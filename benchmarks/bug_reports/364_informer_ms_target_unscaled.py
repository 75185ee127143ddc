# Rebuilt from: https://github.com/zhouhaoyi/Informer2020/issues/178
# Report: (Chinese) "train loss在快速降到一个值后，不再下降" - in MS mode the user scaled only X and not Y; Y is a
#   three-digit value around 100. The loss drops quickly to a plateau and stays there, and the model outputs
#   almost the same value (~108) for everything. The maintainer's answer: first try the setting where
#   everything is scaled (全部缩放).
# Bug (planted: TL002): the StandardScaler is fitted/applied to the covariate columns only; the target column
#   (~106 +- 8, and in MS mode also an encoder input channel) reaches the model raw, so the loss stalls high and
#   the forecaster outputs an almost constant value.
# Our own code, written after the report (not copied from it)
import os
import csv
import datetime as dt
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)
np.random.seed(0)


class dotdict(dict):
    __getattr__ = dict.get
    __setattr__ = dict.__setitem__
    __delattr__ = dict.__delitem__


args = dotdict()
args.root_path = '.'
args.data_path = 'kiln_outlet_hourly_ms.csv'
args.features = 'MS'
args.target = 'outlet_temp'
args.seq_len = 48
args.label_len = 24
args.pred_len = 12
args.enc_in = 5
args.c_out = 1
args.d_model = 64
args.learning_rate = 0.001
args.loss = 'mae'
args.batch_size = 32
args.train_epochs = 8


# ------------------------------------------------------------------ utils/tools.py
class StandardScaler():
    def __init__(self):
        self.mean = 0.
        self.std = 1.

    def fit(self, data):
        self.mean = data.mean(0)
        self.std = data.std(0)

    def transform(self, data):
        return (data - self.mean) / self.std

    def inverse_transform(self, data):
        return (data * self.std) + self.mean


def read_csv(path):
    with open(path) as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader]
    return header, rows


# ------------------------------------------------------------------ data/data_loader.py
class Dataset_Custom(Dataset):
    def __init__(self, root_path, flag='train', size=None, features='S', data_path='ETTh1.csv',
                 target='OT', scale=True):
        self.seq_len, self.label_len, self.pred_len = size
        assert flag in ['train', 'test', 'val']
        type_map = {'train': 0, 'val': 1, 'test': 2}
        self.set_type = type_map[flag]
        self.features = features
        self.target = target
        self.scale = scale
        self.root_path = root_path
        self.data_path = data_path
        self.__read_data__()

    def __read_data__(self):
        self.scaler = StandardScaler()
        header, rows = read_csv(os.path.join(self.root_path, self.data_path))
        cols = list(header)
        cols.remove(self.target)
        cols.remove('date')
        order = ['date'] + cols + [self.target]
        idx = [header.index(c) for c in order]

        num_train = int(len(rows) * 0.7)
        num_test = int(len(rows) * 0.2)
        num_vali = len(rows) - num_train - num_test
        border1s = [0, num_train - self.seq_len, len(rows) - num_test - self.seq_len]
        border2s = [num_train, num_train + num_vali, len(rows)]
        border1 = border1s[self.set_type]
        border2 = border2s[self.set_type]

        if self.features == 'M' or self.features == 'MS':
            df_data = np.array([[float(r[i]) for i in idx[1:]] for r in rows])
        elif self.features == 'S':
            df_data = np.array([[float(r[idx[-1]])] for r in rows])

        if self.scale:
            train_data = df_data[border1s[0]:border2s[0]]
            self.scaler.fit(train_data[:, :-1])
            data = np.concatenate([self.scaler.transform(df_data[:, :-1]), df_data[:, -1:]], axis=1)
        else:
            data = df_data

        stamps = [dt.datetime.strptime(r[idx[0]], '%Y-%m-%d %H:%M:%S') for r in rows[border1:border2]]
        data_stamp = np.array([[s.month, s.day, s.weekday(), s.hour] for s in stamps])

        self.data_x = data[border1:border2]
        self.data_y = data[border1:border2]
        self.data_stamp = data_stamp

    def __getitem__(self, index):
        s_begin = index
        s_end = s_begin + self.seq_len
        r_begin = s_end - self.label_len
        r_end = r_begin + self.label_len + self.pred_len

        seq_x = self.data_x[s_begin:s_end]
        seq_y = self.data_y[r_begin:r_end]
        seq_x_mark = self.data_stamp[s_begin:s_end]
        seq_y_mark = self.data_stamp[r_begin:r_end]
        return seq_x, seq_y, seq_x_mark, seq_y_mark

    def __len__(self):
        return len(self.data_x) - self.seq_len - self.pred_len + 1


# ------------------------------------------------------------------ models/embed.py + a small recurrent encoder
class TokenEmbedding(nn.Module):
    def __init__(self, c_in, d_model):
        super().__init__()
        self.tokenConv = nn.Conv1d(c_in, d_model, kernel_size=3, padding=1, padding_mode='circular')

    def forward(self, x):
        return self.tokenConv(x.permute(0, 2, 1)).transpose(1, 2)


class TemporalEmbedding(nn.Module):
    def __init__(self, d_model):
        super().__init__()
        self.hour_embed = nn.Embedding(24, d_model)
        self.weekday_embed = nn.Embedding(7, d_model)
        self.day_embed = nn.Embedding(32, d_model)
        self.month_embed = nn.Embedding(13, d_model)

    def forward(self, x):
        x = x.long()
        return (self.hour_embed(x[:, :, 3]) + self.weekday_embed(x[:, :, 2])
                + self.day_embed(x[:, :, 1]) + self.month_embed(x[:, :, 0]))


class DataEmbedding(nn.Module):
    def __init__(self, c_in, d_model, dropout=0.05):
        super().__init__()
        self.value_embedding = TokenEmbedding(c_in, d_model)
        self.temporal_embedding = TemporalEmbedding(d_model)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, x_mark):
        return self.dropout(self.value_embedding(x) + self.temporal_embedding(x_mark))


class RecurrentForecaster(nn.Module):
    def __init__(self, enc_in, c_out, d_model, pred_len):
        super().__init__()
        self.pred_len = pred_len
        self.c_out = c_out
        self.enc_embedding = DataEmbedding(enc_in, d_model)
        self.encoder = nn.GRU(d_model, d_model, batch_first=True)
        self.projection = nn.Linear(d_model, pred_len * c_out)

    def forward(self, x_enc, x_mark_enc, x_dec, x_mark_dec):
        enc_out = self.enc_embedding(x_enc, x_mark_enc)
        _, h = self.encoder(enc_out)
        out = self.projection(h[-1])
        return out.view(-1, self.pred_len, self.c_out)


# ------------------------------------------------------------------ exp/exp_informer.py
class Exp_Informer(object):
    def __init__(self, args):
        self.args = args
        self.model = RecurrentForecaster(args.enc_in, args.c_out, args.d_model, args.pred_len).float()

    def _get_data(self, flag):
        args = self.args
        shuffle_flag = flag == 'train'
        data_set = Dataset_Custom(root_path=args.root_path, data_path=args.data_path, flag=flag,
                                  size=[args.seq_len, args.label_len, args.pred_len],
                                  features=args.features, target=args.target)
        print(flag, len(data_set))
        data_loader = DataLoader(data_set, batch_size=args.batch_size, shuffle=shuffle_flag, drop_last=shuffle_flag)
        return data_set, data_loader

    def _select_criterion(self):
        return nn.L1Loss() if self.args.loss == 'mae' else nn.MSELoss()

    def _process_one_batch(self, batch_x, batch_y, batch_x_mark, batch_y_mark):
        batch_x = batch_x.float()
        batch_y = batch_y.float()
        dec_inp = torch.zeros([batch_y.shape[0], self.args.pred_len, batch_y.shape[-1]]).float()
        dec_inp = torch.cat([batch_y[:, :self.args.label_len, :], dec_inp], dim=1).float()
        outputs = self.model(batch_x, batch_x_mark, dec_inp, batch_y_mark)
        f_dim = -1 if self.args.features == 'MS' else 0
        batch_y = batch_y[:, -self.args.pred_len:, f_dim:]
        return outputs, batch_y

    def train(self):
        train_data, train_loader = self._get_data(flag='train')
        model_optim = torch.optim.Adam(self.model.parameters(), lr=self.args.learning_rate)
        criterion = self._select_criterion()
        for epoch in range(self.args.train_epochs):
            self.model.train()
            train_loss = []
            for i, (batch_x, batch_y, batch_x_mark, batch_y_mark) in enumerate(train_loader):
                model_optim.zero_grad()
                pred, true = self._process_one_batch(batch_x, batch_y, batch_x_mark, batch_y_mark)
                loss = criterion(pred, true)
                train_loss.append(loss.item())
                loss.backward()
                model_optim.step()
            print('Epoch: {} | Train Loss: {:.4f}'.format(epoch + 1, np.average(train_loss)))
        return self.model

    def test(self):
        test_data, test_loader = self._get_data(flag='test')
        self.model.eval()
        preds, trues = [], []
        with torch.no_grad():
            for i, (batch_x, batch_y, batch_x_mark, batch_y_mark) in enumerate(test_loader):
                pred, true = self._process_one_batch(batch_x, batch_y, batch_x_mark, batch_y_mark)
                preds.append(pred.numpy())
                trues.append(true.numpy())
        preds = np.concatenate(preds, axis=0).reshape(-1)
        trues = np.concatenate(trues, axis=0).reshape(-1)
        print('pred range %.3f .. %.3f' % (preds.min(), preds.max()))
        r2 = 1.0 - ((trues - preds) ** 2).sum() / ((trues - trues.mean()) ** 2).sum()
        return r2


if __name__ == '__main__':
    exp = Exp_Informer(args)
    exp.train()
    r2 = exp.test()
    print('RESULT r2=%.4f' % r2)
