# Rebuilt from: https://stackoverflow.com/questions/25702757/newbie-to-neural-networks/25703295
# Report: A teacher predicts students' SAT Verbal score (200-800) from 21 inputs: GPA, test scores on 1-100 and
#   1-20 scales, practice-exam scores and 0/1 flags (gender, SAT prep class, varsity sports), and asks whether the
#   inputs on such different scales should be z-scored; the answer says to normalize them.
# Fixed twin of 247_sat_verbal_raw.py: inputs z-scored column by column (mean/std of the training data) in load_data
# Our own code, written after the report (not copied from it); data: students_sat.csv from make_students_sat.py
import numpy as np, pandas as pd
import torch, torch.nn as nn
from torch.utils.data import Dataset, DataLoader

torch.manual_seed(0); np.random.seed(0)
FEATURES = ["gpa", "english_pct", "vocab_quiz", "practice_sat", "reading_hours_wk",
            "absences", "gender", "sat_prep", "varsity_sports"]

def load_data(path="students_sat.csv"):
    df = pd.read_csv(path)
    X = df[FEATURES].values.astype(np.float32)
    y = df["sat_verbal"].values.astype(np.float32)
    X = (X - X.mean(axis=0)) / X.std(axis=0)        # z-scores, as the answer suggests
    return X.astype(np.float32), y

class StudentSet(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        # target scaled from the 200-800 range to roughly -3..3 (same in both versions)
        return torch.from_numpy(self.X[i]), torch.tensor([(self.y[i] - 500.0) / 100.0])

class Trainer:
    def __init__(self, n_in, lr=0.05):
        self.model = nn.Sequential(nn.Linear(n_in, 16), nn.Tanh(), nn.Linear(16, 1))
        self.opt = torch.optim.SGD(self.model.parameters(), lr=lr)
        self.loss_fn = nn.MSELoss()
    def fit(self, loader, epochs=60):
        for ep in range(epochs):
            total = 0.0
            for xb, yb in loader:
                self.opt.zero_grad()
                loss = self.loss_fn(self.model(xb), yb)
                loss.backward()
                self.opt.step()
                total += loss.item() * len(xb)
            if ep % 15 == 0:
                print(f"epoch {ep:2d}  mse {total / len(loader.dataset):.4f}")
    def predict(self, X):
        with torch.no_grad():
            return self.model(torch.from_numpy(X)).view(-1) * 100.0 + 500.0

X, y = load_data()
loader = DataLoader(StudentSet(X, y), batch_size=32, shuffle=True)
trainer = Trainer(X.shape[1])
trainer.fit(loader)
pred = trainer.predict(X)
yt = torch.from_numpy(y)
r2 = 1 - torch.mean((pred - yt) ** 2) / torch.var(yt, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
