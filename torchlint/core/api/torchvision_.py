"""torchvision's in-memory image datasets: their ``.data`` is the raw pixels.

Whatever ``transform=`` a dataset is given applies to the items a DataLoader
draws, never to ``.data``: MNIST's is a uint8 tensor of values 0..255, CIFAR's
a uint8 numpy array. Scripts that train on ``train_set.data.float()`` feed
pixels 0..255 to the model unless they divide or normalize them.

The items a DataLoader draws are what the ``transform`` makes of each image
(``ToTensor`` scales to [0, 1], ``PILToTensor`` keeps uint8 0..255, ...), and
``torchvision.io.read_image`` reads a file as uint8 0..255.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from torchlint.core import shapes
from torchlint.core.api import arrays
from torchlint.core.api.arrays import NDARRAY, TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.scales import PIXEL_SIZE, PIXELS, Magnitude, Scale
from torchlint.core.values import Array, Const, ImageDataset, Seq, Value

# name: (kind of .data, shape of one image, kind of .targets)
IMAGE_DATASETS = {
    "MNIST": (TENSOR, (28, 28), TENSOR),
    "FashionMNIST": (TENSOR, (28, 28), TENSOR),
    "KMNIST": (TENSOR, (28, 28), TENSOR),
    "EMNIST": (TENSOR, (28, 28), TENSOR),
    "QMNIST": (TENSOR, (28, 28), TENSOR),
    "CIFAR10": (NDARRAY, (32, 32, 3), None),  # targets: a Python list
    "CIFAR100": (NDARRAY, (32, 32, 3), None),
}


def _image_dataset(name: str):
    data_kind, image, targets_kind = IMAGE_DATASETS[name]

    def make(site: CallSite) -> Optional[Value]:
        scale = Scale(
            uniform=Magnitude(PIXEL_SIZE, f"{name}.data", site.node),
            raw=(f"the raw {PIXELS} of {name}.data", site.node),
        )
        data = Array(kind=data_kind, shape=(shapes.ROWS,) + image, origin=site.node, dtype="uint8", scale=scale)
        # MNIST's train_data/test_data and train_labels/test_labels: older names of the same tensors.
        fields = [("data", data), ("train_data", data), ("test_data", data)]
        if targets_kind is not None:
            targets = Array(kind=targets_kind, shape=(shapes.ROWS,), origin=site.node, dtype="int64")
            fields += [("targets", targets), ("train_labels", targets), ("test_labels", targets)]
        return ImageDataset(tuple(fields), transformed_sample(site, 2, f"{name} images"))

    return make


for _name in IMAGE_DATASETS:
    handles(f"torchvision.datasets.{_name}", f"torchvision.datasets.mnist.{_name}", f"torchvision.datasets.cifar.{_name}")(
        _image_dataset(_name)
    )


@handles("torchvision.io.read_image", "torchvision.io.decode_image", "torchvision.io.image.read_image", "torchvision.io.image.decode_image")
def _read_image(site: CallSite) -> Optional[Value]:
    """An image file as a uint8 tensor (C, H, W) of values 0..255 (channels
    and size are the file's); ``.float()`` keeps the values, so they are
    pixels 0..255 until divided."""
    scale = Scale(uniform=Magnitude(PIXEL_SIZE, "torchvision.io.read_image", site.node))
    return Array(kind=TENSOR, shape=(None, None, None), origin=site.node, dtype="uint8", scale=scale)


# What a transform does to an image: the PIL image a dataset reads becomes a
# tensor in [0, 1] (ToTensor), a uint8 tensor 0..255 (PILToTensor, v2's
# ToImage), is made float with or without scaling (ConvertImageDtype and
# v2.ToDtype(..., scale=True) scale, v2.ToDtype without scale= does not), is
# normalized (Normalize: whatever its constants, silence over a guess), or
# keeps its values (resizing, cropping, flips, color jitter).
_EFFECTS = {
    "ToTensor": "to_unit",
    "PILToTensor": "to_uint8",
    "ToImage": "to_uint8",
    "ToImageTensor": "to_uint8",
    "ConvertImageDtype": "scale_float",
    "Normalize": "normalize",
}
_KEEP_VALUES = frozenset(
    """Resize CenterCrop RandomCrop RandomResizedCrop RandomHorizontalFlip RandomVerticalFlip
    RandomRotation RandomAffine ColorJitter Grayscale RandomGrayscale Pad GaussianBlur
    RandomPerspective RandomErasing AutoAugment RandAugment TrivialAugmentWide AugMix""".split()
)


@dataclass(frozen=True)
class ImageTransform(Value):
    """A torchvision transform, or a Compose of them: its steps' effects in
    order; None for a step this module does not know (a Lambda, a function)."""

    effects: Tuple[Optional[str], ...]


def _transform(effect: str):
    def make(site: CallSite) -> Optional[Value]:
        return ImageTransform((effect,))

    return make


@handles("torchvision.transforms.v2.ToDtype")
def _to_dtype(site: CallSite) -> Optional[Value]:
    dtype = arrays.dtype_of(site.value(0, "dtype"), "torch")
    if dtype is None or not dtype.startswith("float"):
        return ImageTransform((None,))
    return ImageTransform(("scale_float" if site.value(1, "scale") == Const(True) else "to_float",))


@handles("torchvision.transforms.Compose", "torchvision.transforms.v2.Compose")
def _compose(site: CallSite) -> Optional[Value]:
    steps = site.value(0, "transforms")
    if not isinstance(steps, Seq):
        return None
    effects: Tuple[Optional[str], ...] = ()
    for step in steps.items:
        effects += step.effects if isinstance(step, ImageTransform) else (None,)
    return ImageTransform(effects)


for _module in ("torchvision.transforms", "torchvision.transforms.v2"):
    for _class, _effect in _EFFECTS.items():
        handles(f"{_module}.{_class}")(_transform(_effect))
    for _class in _KEEP_VALUES:
        handles(f"{_module}.{_class}")(_transform("keep"))


def transformed_sample(site: CallSite, transform_index: int, what: str) -> Optional[Value]:
    """The (image, label) pair a torchvision dataset gives with the
    ``transform`` it was built with; None where the image is not a tensor
    (no transform: a PIL image) or a step is not known."""
    transform = site.value(transform_index, "transform")
    if not isinstance(transform, ImageTransform) or site.given(None, "target_transform"):
        return None
    image: Optional[Array] = None  # the PIL image, before any step makes it a tensor
    for effect in transform.effects:
        if effect is None:
            return None
        if effect in ("to_unit", "to_uint8") and image is None:
            pixels = Scale(uniform=Magnitude(PIXEL_SIZE, what, site.node))
            image = Array(kind=TENSOR, shape=(None, None, None), origin=site.node, dtype="uint8", scale=pixels)
            if effect == "to_unit":
                image = arrays.normalized(arrays.converted(image, dtype="float32"), "ToTensor", site.node)
        elif image is None:
            continue  # a step on the PIL image: its values stay 8-bit
        elif effect == "scale_float" and image.dtype == "uint8":
            image = arrays.normalized(arrays.converted(image, dtype="float32"), "scaled to [0, 1]", site.node)
        elif effect in ("to_float", "scale_float"):
            image = arrays.converted(image, dtype="float32")  # no scaling: 0..255 stays 0..255
        elif effect == "normalize":
            image = arrays.normalized(image, "Normalize", site.node)
    if image is None:
        return None
    label = Array(kind=TENSOR, shape=(), origin=site.node, dtype="int64")
    return Seq((image, label))


@handles("torchvision.datasets.ImageFolder", "torchvision.datasets.folder.ImageFolder")
def _image_folder(site: CallSite) -> Optional[Value]:
    return ImageDataset((), transformed_sample(site, 1, "ImageFolder images"))
