# Rebuilt from: https://datascience.stackexchange.com/questions/45503/understanding-output-of-lstm-for-regression
# Report: Adapting the PyTorch POS-tagging LSTM tutorial to regression (a sentence -> one float score such as
#   0.25), the reporter gets one output value per token (5 numbers for a 5-word sentence) and asks how to read
#   this output; the answers point to using the final hidden state for a single score.
# Fixed twin of 103_lstm_sentence_score_per_token.py: forward() maps only the last LSTM output to the score,
#   returning shape (1,) like the target.
# Our own code, written after the report (not copied from it)
import random
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(1)
random.seed(1)
np.random.seed(1)

VOCAB = ["the", "a", "movie", "plot", "actor", "music", "scene", "ending", "was", "is", "very", "quite",
         "great", "good", "fine", "dull", "bad", "awful", "not", "really", "and", "but", "story", "film"]
WEIGHT = {"great": 1.0, "good": 0.6, "fine": 0.2, "dull": -0.5, "bad": -0.8, "awful": -1.0}


def make_sentence():
    words = [random.choice(VOCAB) for _ in range(random.randint(4, 9))]
    score = sum(WEIGHT.get(w, 0.0) for w in words) / 2.0
    return words, score


training_data = [make_sentence() for _ in range(300)]
word_to_ix = {w: i for i, w in enumerate(VOCAB)}


def prepare_sequence(seq, to_ix):
    return torch.tensor([to_ix[w] for w in seq], dtype=torch.long)


class LSTMRegressor(nn.Module):
    def __init__(self, embedding_dim, hidden_dim, vocab_size):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)
        self.linear = nn.Linear(hidden_dim, 1)

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        return self.linear(lstm_out[-1]).view(-1)                 # (1,)


model = LSTMRegressor(16, 24, len(word_to_ix))
loss_function = nn.MSELoss()
optimizer = optim.SGD(model.parameters(), lr=0.05)

for epoch in range(6):
    total = 0.0
    for sentence, score in training_data:
        model.zero_grad()
        sentence_in = prepare_sequence(sentence, word_to_ix)
        target = torch.tensor([score], dtype=torch.float32)
        prediction = model(sentence_in)
        loss = loss_function(prediction, target)
        loss.backward()
        optimizer.step()
        total += loss.item()
    print(f"epoch {epoch} loss {total / len(training_data):.4f}")

with torch.no_grad():
    preds = torch.stack([model(prepare_sequence(s, word_to_ix)).reshape(-1)[-1] for s, _ in training_data])
scores = torch.tensor([sc for _, sc in training_data], dtype=torch.float32)
r2 = 1 - torch.mean((preds - scores) ** 2) / torch.var(scores, unbiased=False)
print(f"RESULT r2={r2.item():.3f}")
