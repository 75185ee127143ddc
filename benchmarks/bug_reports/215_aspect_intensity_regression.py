# Rebuilt from: https://github.com/yangheng95/PyABSA/issues/174
# Report: The reporter turned an aspect-sentiment classifier (fast_lsa_t) into a regressor for continuous
#   sentiment intensities in [-3.5, 3.5]: dense layer -> nn.Linear(embed_dim, 1), softmax removed, MSELoss.
#   "When I print the predictions and the targets, it seems that the algorithm is not learning."
# Bug (planted: TL001): the model returns logits of shape (B, 1) while sample_batched['polarity'] is (B,);
#   Instructor._train calls criterion(sen_logits, targets) directly (as in the reporter's fork), so MSELoss
#   broadcasts to (B, B) and the model only learns the batch mean.
# Our own code, written after the report (not copied from it); synthetic aspect sentences generated in-script.
import random
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader

random.seed(0); np.random.seed(0); torch.manual_seed(0)
torch.set_num_threads(1)

POS = ["great", "tasty", "friendly", "fast", "lovely", "superb", "fresh", "cozy"]
NEG = ["awful", "cold", "rude", "slow", "bland", "dirty", "stale", "noisy"]
FILL = ["the", "was", "really", "and", "but", "a", "bit", "our", "table", "very", "quite", "is"]
ASPECTS = ["food", "service", "staff", "pizza", "ambience", "price", "wine", "dessert"]
VOCAB = ["<pad>", "$T$"] + POS + NEG + FILL + ASPECTS
W2I = {w: i for i, w in enumerate(VOCAB)}
MAX_LEN = 16


def make_example():
    n_pos, n_neg = random.randint(0, 3), random.randint(0, 3)
    words = random.sample(POS, n_pos) + random.sample(NEG, n_neg) + random.sample(FILL, 5)
    random.shuffle(words)
    words = ["the", "$T$", random.choice(ASPECTS)] + words
    intensity = float(np.clip(1.1 * (n_pos - n_neg) + np.random.normal(0, 0.3), -3.5, 3.5))
    return words, intensity


class APCRegressionDataset(Dataset):
    def __init__(self, n):
        self.data = []
        for _ in range(n):
            words, y = make_example()
            ids = [W2I[w] for w in words][:MAX_LEN]
            ids += [0] * (MAX_LEN - len(ids))
            self.data.append({"text_indices": torch.tensor(ids), "polarity": torch.tensor(y)})

    def __len__(self):
        return len(self.data)

    def __getitem__(self, i):
        return self.data[i]


class LSARegressor(nn.Module):
    def __init__(self, vocab_size, embed_dim=32, hidden=48):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.rnn = nn.GRU(embed_dim, hidden, batch_first=True)
        self.dense = nn.Linear(hidden, 1)          # 1 continuous output instead of 3 polarities

    def forward(self, inputs):
        x = self.embed(inputs["text_indices"])
        _, h = self.rnn(x)
        return {"logits": self.dense(h[-1])}      # (B, 1)


class Instructor:
    def __init__(self, model, train_set, batch_size=64, lr=5e-3):
        self.model = model
        self.train_set = train_set
        self.loader = DataLoader(train_set, batch_size=batch_size, shuffle=True)
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)

    def _train(self, criterion, num_epoch=15):
        for epoch in range(num_epoch):
            self.model.train()
            for sample_batched in self.loader:
                self.optimizer.zero_grad()
                inputs = {"text_indices": sample_batched["text_indices"]}
                outputs = self.model(inputs)
                targets = sample_batched["polarity"].float()
                sen_logits = outputs["logits"].float()
                loss = criterion(sen_logits, targets)
                loss.backward()
                self.optimizer.step()
        return self.model

    def r2_on_train(self):
        self.model.eval()
        loader = DataLoader(self.train_set, batch_size=256)
        preds, ys = [], []
        with torch.no_grad():
            for b in loader:
                preds.append(self.model({"text_indices": b["text_indices"]})["logits"].view(-1))
                ys.append(b["polarity"].float().view(-1))
        p, y = torch.cat(preds), torch.cat(ys)
        return 1.0 - torch.mean((p - y) ** 2).item() / torch.var(y, unbiased=False).item()


train_set = APCRegressionDataset(600)
trainer = Instructor(LSARegressor(len(VOCAB)), train_set)
trainer._train(nn.MSELoss())
print(f"RESULT r2={trainer.r2_on_train():.3f}")
