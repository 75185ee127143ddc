# Rebuilt from: https://github.com/WindChimeRan/OpenJERE/issues/3
# Report: A user looked for the loss of the sequence-labeling part and only found the decoder loss, written as
#   `for t in range(decodelen): loss = loss + self.loss(pred_logits_list[t], triplets[:, t])`, and asked whether
#   this is right. Each step's logits are [batch, vocab] and the step's target column is [batch].
# Not a bug (a look-alike that must stay silent): per-timestep CrossEntropyLoss on [B, V] logits and [B] class
#   indices, summed over decoding steps, is a correct sequence loss.
# Our own code, written after the report (not copied from it)
import torch
import torch.nn as nn

torch.manual_seed(0)
VOCAB, SEQ, HID = 12, 6, 64
SOS = 0


def load_pairs(n=800):
    # target sequence = source tokens shifted by +1 (mod vocab, skipping SOS), in the same order
    src = torch.randint(1, VOCAB, (n, SEQ))
    trg = (src % (VOCAB - 1)) + 1
    return src, trg


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, 32)
        self.encoder = nn.GRU(32, HID, batch_first=True)
        self.decoder = nn.GRUCell(32 + HID, HID)
        self.out = nn.Linear(HID, VOCAB)
        self.decodelen = SEQ

    def forward(self, src, trg=None):
        enc_out, h = self.encoder(self.emb(src))
        h = h.squeeze(0)
        inp = torch.full((src.size(0),), SOS, dtype=torch.long)
        pred_logits_list = []
        for t in range(self.decodelen):
            x = torch.cat([self.emb(inp), enc_out[:, t]], dim=1)
            h = self.decoder(x, h)
            logits = self.out(h)                      # [B, VOCAB]
            pred_logits_list.append(logits)
            inp = trg[:, t] if trg is not None else logits.argmax(1)
        return pred_logits_list


class Trainer:
    def __init__(self, model):
        self.seq2seq = model
        self.loss = nn.CrossEntropyLoss()
        self.opt = torch.optim.Adam(model.parameters(), lr=3e-3)

    def step(self, src, triplets):
        pred_logits_list = self.seq2seq(src, triplets)
        loss = 0
        for t in range(self.seq2seq.decodelen):
            loss = loss + self.loss(pred_logits_list[t], triplets[:, t])
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()
        return loss.item()

    def fit(self, src, trg, epochs=12, bs=32):
        for ep in range(epochs):
            perm = torch.randperm(len(src))
            for i in range(0, len(src), bs):
                idx = perm[i:i + bs]
                l = self.step(src[idx], trg[idx])
            print(f"epoch {ep} loss {l:.3f}")


src, trg = load_pairs()
model = Seq2Seq()
Trainer(model).fit(src, trg)
with torch.no_grad():
    preds = torch.stack([lg.argmax(1) for lg in model(src)], dim=1)
acc = (preds == trg).float().mean().item()
print(f"RESULT acc={acc:.3f}")
