# Rebuilt from: https://github.com/rasbt/deeplearning-models/issues/35
# Report: In a bidirectional multi-layer LSTM news classifier (AG News from CSV) the reporter saw
#   `model(text, text_lengths).squeeze(1)` applied to logits of shape (128, 64) and asked why it still reaches
#   good accuracy; the maintainer agreed the squeeze is unnecessary (it is a no-op) and removed it.
# Not a bug (a look-alike that must stay silent): squeeze(1) on (B, C) logits with C > 1 changes nothing, and
#   CrossEntropyLoss takes (B, C) logits with (B,) class ids, so the differing ranks are correct.
# Our own code, written after the report (not copied from it); synthetic 4-topic token sequences in-script.
import torch
import torch.nn as nn

torch.manual_seed(5)
torch.set_num_threads(1)
VOCAB, LEN, N_CLASSES, N = 120, 14, 4, 600


def make_news():
    y = torch.randint(0, N_CLASSES, (N,))
    text = torch.randint(40, VOCAB, (N, LEN))
    topic_words = 10 * y.unsqueeze(1) + torch.randint(0, 10, (N, 4))   # topic-specific ids 0..39
    text[:, :4] = topic_words
    text = text[:, torch.randperm(LEN)]
    lengths = torch.full((N,), LEN)
    return text, lengths, y


class RNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, 32)
        self.rnn = nn.LSTM(32, 32, num_layers=2, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(64, N_CLASSES)

    def forward(self, text, text_length):
        out, (h, c) = self.rnn(self.embedding(text))
        hidden = torch.cat((h[-2], h[-1]), dim=1)
        return self.fc(hidden)


text, lengths, labels = make_news()
model = RNN()
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
for epoch in range(8):
    for i in range(0, N, 64):
        logits = model(text[i:i + 64], lengths[i:i + 64]).squeeze(1)   # (B, 4): squeeze is a no-op
        cost = nn.functional.cross_entropy(logits, labels[i:i + 64])
        optimizer.zero_grad(); cost.backward(); optimizer.step()

with torch.no_grad():
    acc = (model(text, lengths).argmax(1) == labels).float().mean().item()
print(f"RESULT acc={acc:.3f}")
