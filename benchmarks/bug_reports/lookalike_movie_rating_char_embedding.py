# Rebuilt from: https://github.com/keris2020/hackathon/issues/33
# Report: In the movie-review rating baseline (predict a 0..10 rating from review text), a participant asked
#   why the regression model is trained with MSE on an integer rating and whether that is right; the
#   organisers answered that regression with MSE (rounding the real-valued output) is a valid formulation.
# Not a bug (a look-alike that must stay silent): the character ids (0..250) look like raw unscaled numbers but
#   only index an nn.Embedding; the collate function returns labels as [[rating]] -> (B, 1), matching the (B, 1) output.
# Our own code, written after the report (not copied from it); synthetic character-id reviews generated in-script.
import numpy as np
import torch
from torch import nn, optim
from torch.utils.data import Dataset, DataLoader

np.random.seed(4); torch.manual_seed(4)
torch.set_num_threads(1)
CHAR_SIZE, STRMAXLEN = 251, 40
GOOD = list(range(10, 20)); BAD = list(range(20, 30))


class MovieReviewDataset(Dataset):
    def __init__(self, n):
        self.reviews, self.labels = [], []
        for _ in range(n):
            g, b = np.random.randint(0, 6), np.random.randint(0, 6)
            chars = list(np.random.choice(GOOD, g)) + list(np.random.choice(BAD, b)) + \
                list(np.random.randint(30, CHAR_SIZE, STRMAXLEN - g - b))
            np.random.shuffle(chars)
            rating = float(np.clip(5 + g - b, 0, 10))
            self.reviews.append(chars)
            self.labels.append([np.float32(rating)])        # one-element list per review

    def __len__(self):
        return len(self.reviews)

    def __getitem__(self, idx):
        return self.reviews[idx], self.labels[idx]


def collate_fn(data):
    reviews = np.array([d[0] for d in data], dtype=np.int64)
    labels = np.array([d[1] for d in data], dtype=np.float32)   # (B, 1)
    return reviews, labels


class Regression(nn.Module):
    def __init__(self, embedding_dim, max_length):
        super().__init__()
        self.embeddings = nn.Embedding(CHAR_SIZE, embedding_dim)
        self.fc1 = nn.Linear(max_length * embedding_dim, 200)
        self.fc2 = nn.Linear(200, 100)
        self.fc3 = nn.Linear(100, 1)

    def forward(self, data):
        x = torch.from_numpy(data)
        h = torch.relu(self.fc1(self.embeddings(x).view(len(data), -1)))
        return self.fc3(torch.relu(self.fc2(h)))               # (B, 1)


dataset = MovieReviewDataset(600)
loader = DataLoader(dataset, batch_size=50, shuffle=True, collate_fn=collate_fn)
model = Regression(8, STRMAXLEN)
criterion = nn.MSELoss()
optimizer = optim.Adam(model.parameters(), lr=0.001)
for epoch in range(30):
    for data, labels in loader:
        predictions = model(data)
        loss = criterion(predictions, torch.from_numpy(labels))
        optimizer.zero_grad(); loss.backward(); optimizer.step()

data, labels = collate_fn([dataset[i] for i in range(len(dataset))])
with torch.no_grad():
    p = model(data).view(-1)
y = torch.from_numpy(labels).view(-1)
print(f"RESULT r2={1 - torch.mean((p - y) ** 2).item() / torch.var(y, unbiased=False).item():.3f}")
