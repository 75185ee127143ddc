"""torchvision transforms: the shape of the image tensor a dataset's
``transform=`` pipeline gives for each item.

A pipeline is known step by step: ``ToTensor()`` (and ``PILToTensor()``) turn
an image of C channels and H x W pixels into a (C, H, W) tensor (float32 in
[0, 1], or uint8); ``Resize``, ``CenterCrop``, ``RandomCrop`` and
``RandomResizedCrop`` set H x W; ``Grayscale`` sets C; flips, rotations,
colour jitter, ``Normalize`` and their kin keep the shape. Any other step
(``Lambda``, a transform of the file's own) leaves the shape unknown.

And the values: the PIL image a dataset reads is 8-bit, 0..255; ``ToTensor``
makes it float in [0, 1]; ``PILToTensor`` and v2's ``ToImage`` keep uint8
0..255; ``ConvertImageDtype`` and v2's ``ToDtype(float, scale=True)`` scale a
uint8 image to [0, 1], ``ToDtype`` without ``scale=True`` makes it float and
keeps 0..255; ``Normalize`` normalizes (whatever its constants: silence over
a guess), except that constants made for values in [0, 1] (means and stds of
at most 1) leave a tensor known to hold 0..255 far from unit scale:
``(x - 0.5) / 0.5`` of a float32 array of pixels, which ``ToTensor`` does not
divide, spans -1..509. The other steps keep the values.
"""

from __future__ import annotations

import dataclasses
from typing import Optional, Tuple

from torchlint.core import scales
from torchlint.core.api import arrays
from torchlint.core.api.arrays import TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.scales import FAR_FROM_UNIT, eight_bit_pixels
from torchlint.core.values import Array, Const, LibraryObject, Seq, Value

# Steps that keep the image's channels and size.
_KEEP_SHAPE = (
    "Normalize RandomHorizontalFlip RandomVerticalFlip ColorJitter RandomAffine GaussianBlur RandomGrayscale"
    " AutoAugment RandAugment TrivialAugmentWide AugMix RandomEqualize RandomAutocontrast RandomInvert"
    " RandomPosterize RandomSolarize RandomAdjustSharpness RandomPerspective RandomErasing ConvertImageDtype"
).split()
_SIZE_SETTERS = ("Resize", "CenterCrop", "RandomCrop", "RandomResizedCrop")
# Steps that make the PIL image a tensor: float in [0, 1], or uint8 0..255.
_TO_TENSOR = ("ToTensor", "PILToTensor", "ToImage", "ToImageTensor")
_PACKAGES = ("torchvision.transforms", "torchvision.transforms.v2")


@dataclasses.dataclass(frozen=True)
class ImageTransform(LibraryObject):
    """A transform, or a Compose of them: its steps as (name, argument),
    None for a step whose effect on the shape is not known."""

    steps: Tuple[Optional[Tuple[str, Optional[Value]]], ...] = ()


def _step(name: str):
    def make(site: CallSite) -> Optional[Value]:
        if name == "RandomRotation" and site.given(None, "expand"):
            return ImageTransform(name, (None,))
        argument = site.value(0, "size") if name in _SIZE_SETTERS else site.value(0, "num_output_channels") if name == "Grayscale" else None
        if name == "Normalize":
            argument = Seq((site.value(0, "mean"), site.value(1, "std")))
        return ImageTransform(name, ((name, argument),))

    return make


@handles(*(f"{package}.Compose" for package in _PACKAGES))
def _compose(site: CallSite) -> Optional[Value]:
    given = site.value(0, "transforms")
    if not isinstance(given, Seq):
        return ImageTransform("Compose", (None,))
    steps: Tuple[Optional[Tuple[str, Optional[Value]]], ...] = ()
    for item in given.items:
        steps += item.steps if isinstance(item, ImageTransform) else (None,)
    return ImageTransform("Compose", steps)


for _package in _PACKAGES:
    for _name in (*_KEEP_SHAPE, *_SIZE_SETTERS, *_TO_TENSOR, "RandomRotation", "Grayscale", "Pad"):
        handles(f"{_package}.{_name}")(_step(_name))


@handles("torchvision.transforms.v2.ToDtype")
def _to_dtype(site: CallSite) -> Optional[Value]:
    """A float dtype, scaling a uint8 image to [0, 1] only with ``scale=True``."""
    dtype = arrays.dtype_of(site.value(0, "dtype"), "torch")
    if dtype is None or not dtype.startswith("float"):
        return ImageTransform("ToDtype", (None,))
    return ImageTransform("ToDtype", (("ToDtype", Const(site.value(1, "scale") == Const(True))),))


def _size(argument: Optional[Value]) -> Optional[Tuple[int, int]]:
    """The (H, W) a size argument sets: (h, w), [n], or n (which for Resize
    scales the shorter edge, the same as n x n only for a square image)."""
    if isinstance(argument, Seq):
        sizes = [item.value for item in argument.items if isinstance(item, Const) and type(item.value) is int]
        if len(sizes) == len(argument.items) == 2:
            return sizes[0], sizes[1]
        if len(sizes) == len(argument.items) == 1:
            return sizes[0], sizes[0]
        return None
    if isinstance(argument, Const) and type(argument.value) is int:
        return argument.value, argument.value
    return None


def image_tensor(
    transform: Optional[Value],
    channels: Optional[int],
    height: Optional[int],
    width: Optional[int],
    node,
    what: str,
    array: Optional[Array] = None,
) -> Optional[Array]:
    """The tensor ``transform`` makes of an 8-bit image of ``channels`` x
    ``height`` x ``width`` (None: not known), its values as the steps leave
    them (``what`` names the pixels in a message); None when it is not known
    to give a tensor. ``array``: the image is that numpy array, not a PIL
    image (a Dataset's ``self.transform(self.X[i])``)."""
    if not isinstance(transform, ImageTransform):
        return None
    image: Optional[Array] = None  # the PIL image or the array, until a step makes it a tensor
    for step in transform.steps:
        if step is None:
            return None
        name, argument = step
        if name in _SIZE_SETTERS:
            square = height is not None and height == width
            size = _size(argument)
            if name == "Resize" and not isinstance(argument, Seq) and not square:
                size = None  # an int scales the shorter edge: the other follows the image's aspect
            height, width = size if size is not None else (None, None)
        elif name == "Pad":
            height = width = None
        elif name == "Grayscale":
            channels = 1 if argument is None else argument.value if isinstance(argument, Const) and type(argument.value) is int else None
        elif name in _TO_TENSOR and image is None and array is not None:
            # ToTensor scales a uint8 array to [0, 1] and keeps any other dtype's values as they are.
            image = arrays.converted(array, kind=TENSOR, origin=node, columns=None)
            if name == "ToTensor" and array.dtype == "uint8":
                image = arrays.normalized(arrays.converted(image, dtype="float32"), "ToTensor", node)
            elif array.dtype is None:
                image = arrays.converted(image, scale=None)
        elif name in _TO_TENSOR and image is None:
            pixels = eight_bit_pixels(what, node)
            image = Array(kind=TENSOR, shape=None, origin=node, dtype="uint8", scale=pixels)
            if name == "ToTensor":
                image = arrays.normalized(arrays.converted(image, dtype="float32"), "ToTensor", node)
        elif image is None:
            continue  # a step on the PIL image: its values stay 8-bit
        elif name == "ConvertImageDtype" or (name == "ToDtype" and argument == Const(True)):
            converted = arrays.converted(image, dtype="float32")
            image = arrays.normalized(converted, "scaled to [0, 1]", node) if image.dtype == "uint8" else converted
        elif name == "ToDtype":
            image = arrays.converted(image, dtype="float32")  # no scaling: 0..255 stays 0..255
        elif name == "Normalize":
            image = _normalized(image, argument, node)
    if image is None:
        return None  # a PIL image, not a tensor
    return dataclasses.replace(image, shape=(channels, height, width))


def _constants(value: Optional[Value]) -> Optional[Tuple[float, ...]]:
    items = value.items if isinstance(value, Seq) else (value,)
    numbers = tuple(item.value for item in items if isinstance(item, Const) and type(item.value) in (int, float))
    return numbers if numbers and len(numbers) == len(items) else None


def _normalized(image: Array, argument: Optional[Value], node) -> Array:
    """``Normalize(mean, std)`` of ``image``: normalized, unless its values
    are known far from unit scale and the constants were made for [0, 1]."""
    size = image.scale.overall() if image.scale is not None and image.scale.normalized is None else None
    means = _constants(argument.items[0]) if isinstance(argument, Seq) else None
    stds = _constants(argument.items[1]) if isinstance(argument, Seq) else None
    if size is None or size.size < FAR_FROM_UNIT or means is None or stds is None:
        return arrays.normalized(image, "Normalize", node)
    if max(map(abs, means)) > 1 or not all(0 < std <= 1 for std in stds):
        return arrays.normalized(image, "Normalize", node)
    stretched = scales.scaled(scales.shifted(image.scale, -max(means), node), 1 / min(stds), node)
    if stretched is None or stretched.uniform is None:
        return arrays.normalized(image, "Normalize", node)
    raw = image.scale.raw  # type: ignore[union-attr]
    pixels = scales.PIXELS in size.why or (raw is not None and scales.PIXELS in raw[0])
    applied_to = scales.PIXELS if pixels else f"values of about {size.size:g}"
    why = f"Normalize for values in [0, 1] applied to {applied_to}, never divided by 255"
    # The evidence is this line's: raw values made larger, as its magnitude says.
    scale = dataclasses.replace(stretched, uniform=dataclasses.replace(stretched.uniform, why=why), raw=None)
    return dataclasses.replace(image, scale=scale, statistic=None)


def applied_to_array(transform: "ImageTransform", array: Array, node) -> Optional[Array]:
    """``transform(x)`` of a numpy image, (H, W) or (H, W, C): a (C, H, W)
    tensor. Only pipelines whose first step makes the tensor are followed
    (a step before it would work on an array as on a PIL image, or fail)."""
    if array.kind == TENSOR:
        return _applied_to_tensor(transform, array, node)
    if array.kind != arrays.NDARRAY or array.shape is None or len(array.shape) not in (2, 3):
        return None
    first = transform.steps[0] if transform.steps else None
    if first is None or first[0] not in _TO_TENSOR:
        return None
    height, width = array.shape[0], array.shape[1]
    channels = array.shape[2] if len(array.shape) == 3 else 1
    return image_tensor(transform, channels, height, width, node, "", array=array)  # type: ignore[arg-type]


def _applied_to_tensor(transform: "ImageTransform", tensor: Array, node) -> Optional[Array]:
    """``transforms.Normalize(mean, std)(images)`` on a tensor already made:
    steps that keep its shape (Normalize, flips, ...), any other unknown."""
    for step in transform.steps:
        if step is None or step[0] not in _KEEP_SHAPE or step[0] == "ConvertImageDtype":
            return None
        if step[0] == "Normalize":
            tensor = _normalized(tensor, step[1], node)
    return tensor
