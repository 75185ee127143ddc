# Rebuilt from: https://github.com/PacktPublishing/PyTorch-Deep-Learning-in-7-Days/issues/2
# Report: Running the course's house-price regression script 3-4_5.py (kc_house_data.csv, a
#   MixedCSV Dataset that one-hot encodes categories and passes every other column through as-is,
#   2x256 ReLU MLP, MSELoss) prints "Loss: nan" instead of a decreasing loss. "Why did this happen?"
# Fixed twin of 353_kc_house_mixedcsv_raw.py: MixedCSV standardizes the pass-through numeric columns
#   (mean/std computed once in __init__) and the date parts before they reach the MLP.
# Our own code, written after the report (not copied from it); data: kc_house_data.csv from make_kc_house.py
import pandas
import torch
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0)


class OneHotSeriesEncoder:
    def __init__(self, series):
        values = sorted(series.unique())
        self.ordinals = {v: i for i, v in enumerate(values)}
        self.eye = torch.eye(len(values))

    def __getitem__(self, value):
        return self.eye[self.ordinals[value]]


class DateEncoder:
    def __getitem__(self, datestring):
        ts = pandas.Timestamp(datestring)
        return torch.tensor([ts.year - 2014.5, (ts.month - 6.5) / 3.5, (ts.day - 16) / 9],
                            dtype=torch.float32)


class MixedCSV(Dataset):
    def __init__(self, datafile, output_name, date_names, categorical_names, ignore_names):
        self.dataset = pandas.read_csv(datafile)
        self.output_name = output_name
        self.encoders = {name: DateEncoder() for name in date_names}
        for name in categorical_names:
            self.encoders[name] = OneHotSeriesEncoder(self.dataset[name])
        self.ignore = set(ignore_names) | {output_name}
        numeric = [c for c in self.dataset.columns if c not in self.ignore and c not in self.encoders]
        self.means = self.dataset[numeric].mean()
        self.stds = self.dataset[numeric].std()

    def __len__(self):
        return len(self.dataset)

    def __getitem__(self, index):
        sample = self.dataset.iloc[index]
        output = torch.tensor([sample[self.output_name] / 1000.0], dtype=torch.float32)  # $1000s
        parts = []
        for name, value in sample.items():
            if name in self.ignore:
                continue
            if name in self.encoders:
                parts.append(self.encoders[name][value])
            else:
                parts.append(torch.tensor([(float(value) - self.means[name]) / self.stds[name]],
                                          dtype=torch.float32))
        return torch.cat(parts), output


houses = MixedCSV("kc_house_data.csv", "price", ["date"],
                  ["waterfront", "view", "condition", "grade"], ["id"])


class Model(torch.nn.Module):
    def __init__(self, input_dimensions, size=256):
        super().__init__()
        self.layer_one = torch.nn.Linear(input_dimensions, size)
        self.layer_two = torch.nn.Linear(size, size)
        self.shape_outputs = torch.nn.Linear(size, 1)

    def forward(self, inputs):
        buffer = torch.relu(self.layer_one(inputs))
        buffer = torch.relu(self.layer_two(buffer))
        return self.shape_outputs(buffer)


model = Model(houses[0][0].shape[0])
optimizer = torch.optim.Adam(model.parameters())
loss_function = torch.nn.MSELoss()

training = DataLoader(houses, batch_size=16, shuffle=True)
for epoch in range(16):
    for inputs, outputs in training:
        optimizer.zero_grad()
        loss = loss_function(model(inputs), outputs)
        loss.backward()
        optimizer.step()
    if epoch % 4 == 3:
        print("Loss: {0}".format(loss.item()))

everything = DataLoader(houses, batch_size=len(houses))
with torch.no_grad():
    for inputs, outputs in everything:
        predicted = model(inputs)
        r2 = 1 - torch.mean((predicted - outputs) ** 2) / torch.var(outputs, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
