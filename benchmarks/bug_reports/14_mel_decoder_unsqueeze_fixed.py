# Fixed twin of 14_mel_decoder_unsqueeze.py: the `unsqueeze(1)` is gone, as the reporter did.
# Rebuilt from: https://github.com/auspicious3000/autovc/issues/66
# Report: training on the default data warns "Using a target size
#   (torch.Size([4, 1, 128, 80])) that is different to the input size
#   (torch.Size([4, 128, 80]))"; the reporter removed the lines
#   `mel_outputs = mel_outputs.unsqueeze(1)` to make it go away.
# The bug (TL001) of its twin, fixed here: a recurrent decoder's (B, T, n_mels) output gets an extra
#   channel axis, (B, 1, T, n_mels), and the reconstruction loss broadcasts it
#   against the (B, T, n_mels) target to (B, B, T, n_mels).
# Our own code, written after the report (not copied from it).
import torch
import torch.nn as nn
import torch.nn.functional as F


class Decoder(nn.Module):
    def __init__(self, n_mels=20, hidden=48):
        super().__init__()
        self.rnn = nn.GRU(n_mels, hidden, batch_first=True)
        self.proj = nn.Linear(hidden, n_mels)

    def forward(self, mels):
        out, _ = self.rnn(mels)
        mel_outputs = self.proj(out)
        return mel_outputs


torch.manual_seed(0)
n_utterances, frames, n_mels = 256, 32, 20
base = torch.randn(n_utterances, 1, n_mels)
mels = base + 0.3 * torch.randn(n_utterances, frames, n_mels).cumsum(dim=1) / frames
noisy = mels + 0.1 * torch.randn_like(mels)

decoder = Decoder(n_mels)
optimizer = torch.optim.Adam(decoder.parameters(), lr=0.003)
for epoch in range(20):
    for i in range(0, n_utterances, 4):
        x_real = mels[i:i + 4]
        x_identic = decoder(noisy[i:i + 4])
        loss = F.mse_loss(x_real, x_identic)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

with torch.no_grad():
    pred = decoder(noisy).reshape(mels.shape)
    r2 = 1 - ((pred - mels) ** 2).mean() / mels.var()
print(f"RESULT r2={r2.item():.3f}")
