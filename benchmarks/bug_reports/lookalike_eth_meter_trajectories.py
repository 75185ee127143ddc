# Rebuilt from: https://github.com/cocoon2wong/Vertical/issues/8
# Report: the same user's model trained fine on ETH-UCY, whose coordinates are already in meters (a scene spans roughly
#   10-20 m); only SDD (pixels of 1920x1080 videos) collapsed to a static-point prediction, and the authors scale SDD by
#   1/100 precisely to bring it to the ETH-UCY range.
# Not a bug (a look-alike that must stay silent): the raw world coordinates are fed without any scaler, but they are in
#   meters (0-20, step sizes ~0.2-0.5 m), i.e. already O(1-10); the LSTM trains normally on them with Adam.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(0)
np.random.seed(0)

OBS_LEN, PRED_LEN, STRIDE = 8, 12, 2
DATA_FILE = "eth_style_pedestrian_tracks_meters.txt"


def load_eth_file(path):
    """frame_id  ped_id  x  y   (tab separated, world coordinates in meters)"""
    tracks = {}
    with open(path) as f:
        for line in f:
            parts = line.strip().split("\t")
            if len(parts) != 4:
                continue
            frame, ped = int(float(parts[0])), int(float(parts[1]))
            x, y = float(parts[2]), float(parts[3])
            tracks.setdefault(ped, []).append((frame, x, y))
    for ped in tracks:
        tracks[ped].sort()
    return tracks


def make_windows(tracks):
    obs_list, pred_list, tid_list = [], [], []
    for tid, pts in tracks.items():
        coords = [(x, y) for _, x, y in pts]
        for s in range(0, len(coords) - OBS_LEN - PRED_LEN + 1, STRIDE):
            obs_list.append(coords[s:s + OBS_LEN])
            pred_list.append(coords[s + OBS_LEN:s + OBS_LEN + PRED_LEN])
            tid_list.append(tid)
    return np.array(obs_list), np.array(pred_list), np.array(tid_list)


class TrajLSTM(nn.Module):
    def __init__(self, emb=32, hidden=64):
        super().__init__()
        self.spatial_embedding = nn.Linear(2, emb)
        self.encoder = nn.LSTM(emb, hidden, batch_first=True)
        self.decoder = nn.Linear(hidden, PRED_LEN * 2)

    def forward(self, obs):                      # obs: (B, OBS_LEN, 2) absolute positions
        e = torch.relu(self.spatial_embedding(obs))
        _, (h, _) = self.encoder(e)
        offsets = self.decoder(h[-1]).view(-1, PRED_LEN, 2)
        return obs[:, -1:, :] + offsets          # future positions = last observed + predicted offsets


tracks = load_eth_file(DATA_FILE)
obs, pred, tids = make_windows(tracks)
# split by track so no pedestrian is in both sets
uniq = np.unique(tids)
rng = np.random.default_rng(0)
test_tracks = set(rng.choice(uniq, size=len(uniq) // 5, replace=False).tolist())
is_test = np.array([t in test_tracks for t in tids])

obs_t = torch.tensor(obs, dtype=torch.float32)
pred_t = torch.tensor(pred, dtype=torch.float32)
tr_obs, tr_pred = obs_t[~is_test], pred_t[~is_test]
te_obs, te_pred = obs_t[is_test], pred_t[is_test]
print("windows:", len(tr_obs), "train /", len(te_obs), "test")

model = TrajLSTM()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.MSELoss()
batch_size = 64
for epoch in range(30):
    perm = torch.randperm(len(tr_obs))
    running = 0.0
    for i in range(0, len(perm), batch_size):
        idx = perm[i:i + batch_size]
        optimizer.zero_grad()
        out = model(tr_obs[idx])
        loss = criterion(out, tr_pred[idx])
        loss.backward()
        optimizer.step()
        running += loss.item() * len(idx)
    if epoch % 10 == 9 or epoch == 0:
        print(f"epoch {epoch + 1}: train mse {running / len(tr_obs):.4f}")

model.eval()
with torch.no_grad():
    out = model(te_obs)
# evaluate the predicted motion (future point minus last observed point), in the data's own units
last = te_obs[:, -1:, :]
true_disp = (te_pred - last).numpy().ravel()
pred_disp = (out - last).numpy().ravel()
r2 = 1.0 - ((true_disp - pred_disp) ** 2).sum() / ((true_disp - true_disp.mean()) ** 2).sum()
ade = (out - te_pred).norm(dim=-1).mean().item()
print(f"test ADE {ade:.3f}")
print(f"RESULT r2={r2:.4f}")
