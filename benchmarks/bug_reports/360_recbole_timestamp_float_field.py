# Rebuilt from: https://github.com/RUCAIBox/RecBole/issues/1062
# Report: Wide&Deep on the tmall-click dataset: the train loss did not change at all. The reporter traced it to the
#   float field `timestamp` (~1.5e9) being "embedded" as value * embedding vector, so its embedding (>1e8) swamped every
#   other field. Cause: `normalize_all` defaults to None for any dataset other than ml-100k, so float fields were never
#   normalized; the maintainers confirmed and told him to set `normalize_all: True` (min-max normalize float fields).
# Bug (planted: TL002): the config leaves `normalize_all` at the library default (None), so the raw unix timestamp and
#   the raw price go through the float-field embedding (value * vector) and into the wide & deep parts unscaled.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(0)
np.random.seed(0)

# ------------------------------------------------------------------ config (defaults + dataset yaml + user overrides)
DEFAULT_CONFIG = {"embedding_size": 8, "mlp_hidden_size": [32, 16], "dropout_prob": 0.1,
                  "learning_rate": 2e-3, "train_batch_size": 128, "epochs": 30,
                  "LABEL_FIELD": "label", "normalize_all": None}
DATASET_YAML = {"ml-100k": {"normalize_all": True}}          # only ml-100k ships with normalization switched on
USER_CONFIG = {"dataset": "tmall-click", "epochs": 30}


def build_config(user_cfg):
    cfg = dict(DEFAULT_CONFIG)
    cfg.update(DATASET_YAML.get(user_cfg["dataset"], {}))
    cfg.update(user_cfg)
    return cfg


# ------------------------------------------------------------------ atomic-file dataset
class AtomicDataset:
    def __init__(self, path, config):
        self.config = config
        with open(path) as f:
            header = f.readline().rstrip("\n").split("\t")
            self.fields = [h.split(":")[0] for h in header]
            self.field2type = {h.split(":")[0]: h.split(":")[1] for h in header}
            raw = {name: [] for name in self.fields}
            for line in f:
                parts = line.rstrip("\n").split("\t")
                for name, value in zip(self.fields, parts):
                    raw[name].append(value)
        self.label_field = config["LABEL_FIELD"]
        self.token_fields = [n for n in self.fields if self.field2type[n] == "token"]
        self.float_fields = [n for n in self.fields if self.field2type[n] == "float" and n != self.label_field]
        self.field2id_token = {}
        self.inter_feat = {}
        for name in self.token_fields:
            vocab = {"[PAD]": 0}
            ids = []
            for tok in raw[name]:
                if tok not in vocab:
                    vocab[tok] = len(vocab)
                ids.append(vocab[tok])
            self.field2id_token[name] = vocab
            self.inter_feat[name] = np.array(ids, dtype=np.int64)
        for name in self.float_fields + [self.label_field]:
            self.inter_feat[name] = np.array([float(v) for v in raw[name]], dtype=np.float64)
        self._normalize()

    def _normalize(self):
        if self.config["normalize_all"]:
            for name in self.float_fields:
                col = self.inter_feat[name]
                lo, hi = col.min(), col.max()
                self.inter_feat[name] = (col - lo) / (hi - lo) if hi > lo else np.zeros_like(col)

    def num(self, field):
        return len(self.field2id_token[field])

    def __len__(self):
        return len(self.inter_feat[self.label_field])

    def split(self, ratio=0.8, seed=2020):
        idx = np.random.default_rng(seed).permutation(len(self))
        cut = int(ratio * len(idx))
        return idx[:cut], idx[cut:]

    def batch(self, index):
        tok = torch.tensor(np.stack([self.inter_feat[n][index] for n in self.token_fields], axis=1))
        flt = torch.tensor(np.stack([self.inter_feat[n][index] for n in self.float_fields], axis=1),
                           dtype=torch.float32)
        lab = torch.tensor(self.inter_feat[self.label_field][index], dtype=torch.float32)
        return {"token": tok, "float": flt, self.label_field: lab}


# ------------------------------------------------------------------ model
class WideDeep(nn.Module):
    def __init__(self, config, dataset):
        super().__init__()
        d = config["embedding_size"]
        self.token_sizes = [dataset.num(n) for n in dataset.token_fields]
        self.offsets = torch.tensor(np.concatenate([[0], np.cumsum(self.token_sizes)[:-1]]), dtype=torch.long)
        self.token_embedding_table = nn.Embedding(sum(self.token_sizes), d)
        self.num_float = len(dataset.float_fields)
        self.float_embedding_table = nn.Embedding(self.num_float, d)
        # first-order (wide) part
        self.token_linear = nn.Embedding(sum(self.token_sizes), 1)
        self.float_linear = nn.Parameter(torch.zeros(self.num_float))
        self.bias = nn.Parameter(torch.zeros(1))
        # deep part
        in_dim = (len(self.token_sizes) + self.num_float) * d
        layers = []
        for h in config["mlp_hidden_size"]:
            layers += [nn.Dropout(config["dropout_prob"]), nn.Linear(in_dim, h), nn.ReLU()]
            in_dim = h
        self.mlp_layers = nn.Sequential(*layers)
        self.deep_predict_layer = nn.Linear(in_dim, 1)
        self.loss = nn.BCEWithLogitsLoss()

    def embed_float_fields(self, float_fields):
        index = torch.arange(self.num_float).unsqueeze(0).expand_as(float_fields)
        float_embedding = self.float_embedding_table(index)
        return float_embedding * float_fields.unsqueeze(2)

    def forward(self, interaction):
        tok = interaction["token"] + self.offsets
        flt = interaction["float"]
        token_emb = self.token_embedding_table(tok)
        float_emb = self.embed_float_fields(flt)
        all_emb = torch.cat([token_emb, float_emb], dim=1)
        wide = self.token_linear(tok).sum(dim=1).squeeze(-1) + (flt * self.float_linear).sum(dim=1) + self.bias
        deep = self.deep_predict_layer(self.mlp_layers(all_emb.flatten(start_dim=1))).squeeze(-1)
        return wide + deep

    def calculate_loss(self, interaction):
        return self.loss(self.forward(interaction), interaction["label"])

    def predict(self, interaction):
        return torch.sigmoid(self.forward(interaction))


# ------------------------------------------------------------------ run
config = build_config(USER_CONFIG)
dataset = AtomicDataset("tmall_style_clicks.inter", config)
train_idx, test_idx = dataset.split()
model = WideDeep(config, dataset)
optimizer = torch.optim.Adam(model.parameters(), lr=config["learning_rate"])
bs = config["train_batch_size"]
for epoch in range(config["epochs"]):
    model.train()
    perm = np.random.permutation(train_idx)
    total = 0.0
    for start in range(0, len(perm), bs):
        inter = dataset.batch(perm[start:start + bs])
        optimizer.zero_grad()
        loss = model.calculate_loss(inter)
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch % 5 == 4 or epoch == 0: print(f"epoch {epoch:2d}  train loss {total / (len(perm) // bs + 1):.4f}")

model.eval()
with torch.no_grad():
    inter = dataset.batch(test_idx)
    pred = (model.predict(inter) > 0.5).float()
    acc = (pred == inter["label"]).float().mean().item()
print(f"RESULT acc={acc:.4f}")
