"""OpenCV's image reading: ``cv2.imread`` gives the file's pixels as a uint8
array (H, W, 3) in BGR order, or (H, W) read in grayscale, of values 0..255;
``cv2.resize`` and ``cv2.cvtColor`` keep those values. Made float, they stay
pixels 0..255 until divided."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from torchlint.core.api.arrays import NDARRAY
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.scales import eight_bit_pixels
from torchlint.core.values import Array, Const, Value

# The shapes of the flags that read 8-bit pixels: IMREAD_COLOR (1, the
# default) and IMREAD_GRAYSCALE (0). Others (IMREAD_UNCHANGED, ANYDEPTH) may
# read 16-bit values or an alpha channel: not followed.
_SHAPES = {"IMREAD_COLOR": (None, None, 3), 1: (None, None, 3), "IMREAD_GRAYSCALE": (None, None), 0: (None, None)}


def _flag(site: CallSite) -> object:
    """The flags argument as a number or as cv2's name for it; 1 when not given."""
    if not site.given(1, "flags"):
        return 1
    flags = site.value(1, "flags")
    if isinstance(flags, Const):
        return flags.value
    argument = site.node.args[1].value if len(site.node.args) > 1 else None
    return argument.attr.value if isinstance(argument, cst.Attribute) else None


@handles("cv2.imread")
def _imread(site: CallSite) -> Optional[Value]:
    shape = _SHAPES.get(_flag(site))  # type: ignore[arg-type]
    if shape is None:
        return None
    scale = eight_bit_pixels("cv2.imread", site.node)
    return Array(kind=NDARRAY, shape=shape, origin=site.node, dtype="uint8", scale=scale)


@handles("cv2.resize", "cv2.cvtColor")
def _same_pixels(site: CallSite) -> Optional[Value]:
    """The same pixel values in another size (the channels kept) or another
    channel order (BGR to RGB keeps the shape; other conversions are not followed)."""
    image = site.value(0, "src")
    if not isinstance(image, Array) or image.dtype != "uint8":
        return None
    shape = None
    if image.shape is not None and len(image.shape) == 3:
        if site.node.func.attr.value == "resize":  # type: ignore[attr-defined]
            shape = (None, None, image.shape[2])
        elif _code_name(site) in ("COLOR_BGR2RGB", "COLOR_RGB2BGR"):
            shape = image.shape
    return Array(kind=NDARRAY, shape=shape, origin=site.node, dtype="uint8", scale=image.scale)


def _code_name(site: CallSite) -> Optional[str]:
    argument = site.node.args[1].value if len(site.node.args) > 1 else None
    return argument.attr.value if isinstance(argument, cst.Attribute) else None
