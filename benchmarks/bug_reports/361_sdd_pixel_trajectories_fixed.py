# Rebuilt from: https://github.com/cocoon2wong/Vertical/issues/8
# Report: a user's own trajectory-prediction model worked on ETH-UCY (coordinates in meters, ~0-20) but on SDD
#   (coordinates in pixels of 1920x1080 videos) "the predicted distribution seems random, and the most-likely trajectory
#   tends to be a static point". The Vertical authors answered that they scale SDD down by 100 so it is on the same scale
#   as ETH-UCY (and suggested a "moving" preprocessing relative to the last observed point).
# Fixed twin of 361_sdd_pixel_trajectories.py: the pixel coordinates are divided by SCALE = 100 when the annotation file is
#   read (as Vertical does for SDD), so inputs and targets are O(1-20) like ETH-UCY meters.
# Our own code, written after the report (not copied from it)
import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(0)
np.random.seed(0)

OBS_LEN, PRED_LEN, STRIDE = 8, 12, 2
ANN_FILE = "sdd_style_pedestrian_annotations.txt"
SCALE = 100.0


def load_sdd_annotations(path):
    """track_id xmin ymin xmax ymax frame lost occluded generated label"""
    tracks = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 10:
                continue
            tid = int(parts[0])
            xmin, ymin, xmax, ymax = map(float, parts[1:5])
            frame = int(parts[5])
            if int(parts[6]) == 1:          # lost
                continue
            cx, cy = (xmin + xmax) / 2.0 / SCALE, (ymin + ymax) / 2.0 / SCALE
            tracks.setdefault(tid, []).append((frame, cx, cy))
    for tid in tracks:
        tracks[tid].sort()
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


tracks = load_sdd_annotations(ANN_FILE)
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
# evaluate the predicted motion (future point minus last observed point), back in pixels
out, te_obs, te_pred = out * SCALE, te_obs * SCALE, te_pred * SCALE
last = te_obs[:, -1:, :]
true_disp = (te_pred - last).numpy().ravel()
pred_disp = (out - last).numpy().ravel()
r2 = 1.0 - ((true_disp - pred_disp) ** 2).sum() / ((true_disp - true_disp.mean()) ** 2).sum()
ade = (out - te_pred).norm(dim=-1).mean().item()
print(f"test ADE {ade:.3f}")
print(f"RESULT r2={r2:.4f}")
