# Rebuilt from: https://bressan.xyz/posts/keras-multi-output
# Report: Multi-output CNN on UTKFace (age regression, race and gender classification from one image). The
#   dataframe holds raw uint8 images and raw ages (0..116), but the batch generator divides images by 255 and
#   ages by the dataset's max age before they reach the network; the post reports ~91% gender / 78% race accuracy.
# Not a bug (a look-alike that must stay silent): the raw-looking columns are rescaled inside the generator
#   (im / 255.0, age / max_age), so the model only ever sees values in [0, 1].
# Our own code, written after the report (not copied from it); tiny synthetic "face" images generated in the script.
import numpy as np
import pandas as pd
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
np.random.seed(0)
IM = 16


def load_data(n=480):
    rows = []
    yy, xx = np.mgrid[0:IM, 0:IM]
    for _ in range(n):
        age, gender, race = np.random.randint(1, 100), np.random.randint(2), np.random.randint(5)
        img = 40 + 1.6 * age * np.exp(-((xx - 8) ** 2 + (yy - 8) ** 2) / 30.0)
        img[:, :4] += 60 * gender
        img[race * 3:race * 3 + 3, 12:] += 70
        img = np.clip(img + np.random.randn(IM, IM) * 8, 0, 255).astype(np.uint8)
        rows.append({"image": img, "age": age, "gender_id": gender, "race_id": race})
    return pd.DataFrame(rows)


def generate_batches(df, idx, batch_size, max_age):
    for start in range(0, len(idx), batch_size):
        b = df.iloc[idx[start:start + batch_size]]
        images = np.stack([im / 255.0 for im in b.image])[:, None].astype(np.float32)
        ages = (b.age.values / max_age).astype(np.float32)
        yield (torch.from_numpy(images), torch.from_numpy(ages)[:, None],
               torch.from_numpy(b.race_id.values), torch.from_numpy(b.gender_id.values))


class UtkMultiOutputModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 16, 3, padding=1), nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32 * 4 * 4, 64)
        self.age_output, self.race_output, self.gender_output = nn.Linear(64, 1), nn.Linear(64, 5), nn.Linear(64, 2)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        h = F.relu(self.fc(x.flatten(1)))
        return self.age_output(h), self.race_output(h), self.gender_output(h)


df = load_data()
max_age = df.age.max()
model = UtkMultiOutputModel()
opt = torch.optim.Adam(model.parameters(), lr=2e-3)
for epoch in range(15):
    for images, ages, races, genders in generate_batches(df, np.random.permutation(len(df)), 32, max_age):
        age_pred, race_pred, gender_pred = model(images)
        loss = F.mse_loss(age_pred, ages) * 4 + F.cross_entropy(race_pred, races) + F.cross_entropy(gender_pred, genders)
        opt.zero_grad()
        loss.backward()
        opt.step()

with torch.no_grad():
    images, ages, races, genders = next(generate_batches(df, np.arange(len(df)), len(df), max_age))
    age_pred, race_pred, gender_pred = model(images)
r2 = 1 - ((age_pred - ages) ** 2).mean().item() / ages.var(unbiased=False).item()
print(f"race acc {(race_pred.argmax(1) == races).float().mean().item():.3f}")
print(f"gender acc {(gender_pred.argmax(1) == genders).float().mean().item():.3f}")
print(f"RESULT r2={r2:.3f}")
