# Rebuilt from: https://github.com/NICE-FUTURE/predict-gender-and-age-from-camera/issues/8
# Report: Training the age + gender model printed warnings the user could not place; the maintainer
#   explained that the age labels read from the dataset are a 16-element vector while the model's age
#   prediction is a 16x1 matrix, and that the extra dim of the output has to be squeezed away.
# Bug (planted: TL001): the age head (model.predictor) outputs age_pd of shape (B,1) while the dataset yields ages
#   as (B,); nn.MSELoss(age_pd, ages) broadcasts to (B,B) inside the multi-task loss.
# Our own code, written after the report (not copied from it); synthetic 64-d face embeddings replace the image backbone
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

np.random.seed(7); torch.manual_seed(7)
torch.set_num_threads(1)


def make_faces(n=600, dim=64):
    ages = np.random.randint(16, 80, n)
    genders = np.random.randint(0, 2, n)
    mix = np.random.normal(0, 1, (4, dim))
    z = np.stack([(ages - 45) / 18, np.sin(ages / 10), genders * 2 - 1, np.random.normal(0, 1, n)], 1)
    emb = np.tanh(z @ mix) + np.random.normal(0, 0.1, (n, dim))
    lines = [f"wiki_crop/{i:05d}.jpg,{a},{g}" for i, (a, g) in enumerate(zip(ages, genders))]
    return emb.astype(np.float32), lines


class BatchDataset(Dataset):
    def __init__(self, emb, lines):
        self.emb, self.lines = emb, lines

    def __getitem__(self, idx):
        filename, age, gender = self.lines[idx].split(",")
        age = np.float32(int(age) / 100.0)
        return torch.from_numpy(self.emb[idx]), age, int(gender), filename

    def __len__(self):
        return len(self.lines)


class Head(nn.Module):
    def __init__(self, num_features, num_classes):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(num_features, num_features // 2), nn.GELU(), nn.Dropout(0.1),
                                 nn.Linear(num_features // 2, num_features // 4))
        self.fc = nn.Linear(num_features // 4, num_classes)

    def forward(self, x):
        return self.fc(self.mlp(x))


class Model(nn.Module):
    def __init__(self, num_features=64):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(64, num_features), nn.GELU())
        self.predictor = Head(num_features, 1)      # age, regression branch
        self.classifier = Head(num_features, 2)     # gender, classification branch

    def forward(self, x):
        x = self.backbone(x)
        return self.predictor(x), self.classifier(x)


emb, lines = make_faces()
train_loader = DataLoader(BatchDataset(emb, lines), batch_size=16, shuffle=True)
model = Model()
age_criterion, gender_criterion = nn.MSELoss(), nn.CrossEntropyLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)

for epoch in range(30):
    model.train()
    for inputs, ages, genders, filenames in train_loader:
        age_pd, gender_pd = model(inputs)
        loss1 = age_criterion(age_pd, ages)
        loss2 = gender_criterion(gender_pd, genders)
        loss = loss1 + loss2
        optimizer.zero_grad(); loss.backward(); optimizer.step()
    if epoch % 10 == 0:
        print(f"epoch {epoch} age_loss {loss1.item():.4f} gender_loss {loss2.item():.4f}")

model.eval()
with torch.no_grad():
    age_pd, gender_pd = model(torch.from_numpy(emb))
y = torch.tensor([int(l.split(",")[1]) / 100.0 for l in lines])
print("gender acc", (gender_pd.argmax(1) == torch.tensor([int(l.split(",")[2]) for l in lines])).float().mean().item())
print(f"RESULT r2={(1 - ((age_pd.reshape(-1) - y) ** 2).mean() / y.var()).item():.3f}")
