"""Pillow images: ``Image.open(path).convert("RGB")`` made an array with
``np.array`` or ``np.asarray`` is uint8 pixels 0..255, (H, W, 3) for RGB,
(H, W, 4) for RGBA, (H, W) for "L". An image whose mode is not set by
``convert`` may be 16-bit, bilevel or a palette: not followed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from torchlint.core.api import arrays
from torchlint.core.api.arrays import NDARRAY
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.scales import eight_bit_pixels
from torchlint.core.values import Array, Value, as_str

# The 8-bit modes and the shape np.array gives each.
_SHAPES = {"L": (None, None), "RGB": (None, None, 3), "RGBA": (None, None, 4)}
# Methods that give an image of the same mode (its size may change).
_SAME_MODE = frozenset("resize crop rotate transpose copy filter reduce".split())


@dataclass(frozen=True)
class PilImage(Value):
    """An image opened with Pillow at ``node``; ``mode`` once ``convert`` set it."""

    node: cst.CSTNode
    mode: Optional[str] = None


@handles("PIL.Image.open")
def _open(site: CallSite) -> Optional[Value]:
    return PilImage(site.node)


def call_method(image: PilImage, name: str, site: CallSite) -> Optional[Value]:
    if name == "convert":
        return PilImage(image.node, as_str(site.value(0, "mode")))
    if name in _SAME_MODE:
        return image
    return None


def as_array(image: PilImage, dtype: Optional[str], node: cst.CSTNode) -> Optional[Value]:
    """``np.array(image)`` / ``np.asarray(image, dtype=...)``: uint8 pixels,
    made float by a float ``dtype`` (the conversion marks them raw)."""
    shape = _SHAPES.get(image.mode or "")
    if shape is None:
        return None
    scale = eight_bit_pixels("a PIL image", image.node)
    pixels = Array(kind=NDARRAY, shape=shape, origin=node, dtype="uint8", scale=scale)
    return arrays.converted(pixels, dtype=dtype) if dtype and dtype != "uint8" else pixels
