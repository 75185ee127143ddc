"""What PyTorch's losses do, as the static rules and the run-time checks both need it."""

from __future__ import annotations

# The functionals that compare prediction and target element by element; the
# loss modules (MSELoss, L1Loss, ...) call them.
ELEMENTWISE_LOSSES = (
    "mse_loss",
    "l1_loss",
    "smooth_l1_loss",
    "huber_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
)
# Of those, the ones that raise a ValueError on differing sizes instead of
# broadcasting (later than torchlint, and without naming the user's line).
RAISING_LOSSES = frozenset({"binary_cross_entropy", "binary_cross_entropy_with_logits"})
# A loss written by hand as a product of prediction and target
# (``y * torch.log(p)``): no library functional, elementwise all the same.
HANDWRITTEN_PRODUCT = "product"
# A loss written by hand as a choice by the label, torch.where(y == 1, 1 - p, p):
# only its condition takes the target, so only the target can be reshaped.
HANDWRITTEN_CHOICE = "hand-written loss by torch.where"
