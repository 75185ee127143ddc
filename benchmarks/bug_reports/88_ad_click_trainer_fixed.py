# Rebuilt from: https://github.com/alibaba/EasyRec/issues/23
# Report (FAQ entry): a click-through-rate model's training loss stays very large (> 9) and does not
#   converge; the cause given is that the raw numeric features were neither discretized nor
#   normalized before being fed to the model.
# Fixed twin of 88_ad_click_trainer.py: the numeric columns are standardized with a StandardScaler
#   (fitted on the training split) before training.
# Our own code, written after the report (not copied from it); data: advertising.csv, a small made-up table beside this script
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder, StandardScaler
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
np.random.seed(0)

ad_data = pd.read_csv("advertising.csv")
num_cols = ["Daily Time Spent on Site", "Age", "Area Income", "Daily Internet Usage"]
for col in ["Gender", "Device"]:
    ad_data[col] = LabelEncoder().fit_transform(ad_data[col])
country = pd.get_dummies(ad_data["Country"], prefix="country", dtype=float)
X = pd.concat([ad_data[num_cols], ad_data[["Gender", "Device"]], country], axis=1).astype("float32")
y = ad_data["Clicked on Ad"].values.astype("float32")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=101)
scaler = StandardScaler()
X_train = X_train.copy(); X_test = X_test.copy()
X_train[num_cols] = scaler.fit_transform(X_train[num_cols]).astype("float32")
X_test[num_cols] = scaler.transform(X_test[num_cols]).astype("float32")


class Trainer:
    def __init__(self, model, lr=1e-3, epochs=20, batch_size=32):
        self.model, self.epochs, self.batch_size = model, epochs, batch_size
        self.criterion = nn.BCEWithLogitsLoss()
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)

    def fit(self, X, y):
        ds = TensorDataset(torch.tensor(X.values), torch.tensor(y).unsqueeze(1))
        loader = DataLoader(ds, batch_size=self.batch_size, shuffle=True)
        for epoch in range(self.epochs):
            self.model.train()
            epoch_loss = 0.0
            for xb, yb in loader:
                self.optimizer.zero_grad()
                loss = self.criterion(self.model(xb), yb)
                loss.backward()
                self.optimizer.step()
                epoch_loss += loss.item() * len(xb)
            if epoch % 10 == 0:
                print(f"epoch {epoch} loss {epoch_loss / len(ds):.3f}")
        return self

    def accuracy(self, X, y):
        self.model.eval()
        with torch.no_grad():
            probs = torch.sigmoid(self.model(torch.tensor(X.values))).squeeze(1)
        return ((probs > 0.5).float().numpy() == y).mean()


model = nn.Sequential(nn.Linear(X.shape[1], 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
trainer = Trainer(model).fit(X_train, y_train)
print(f"test acc {trainer.accuracy(X_test, y_test):.3f}")
print(f"RESULT acc={trainer.accuracy(X_train, y_train):.3f}")
