"""torchvision's in-memory image datasets: their ``.data`` is the raw pixels.

Whatever ``transform=`` a dataset is given applies to the items a DataLoader
draws, never to ``.data``: MNIST's is a uint8 tensor of values 0..255, CIFAR's
a uint8 numpy array. Scripts that train on ``train_set.data.float()`` feed
pixels 0..255 to the model unless they divide or normalize them.

The items a DataLoader draws are ``(image, label)``: the image as the
``transform=`` pipeline makes it (its shape and its values: see
image_transforms), the label an int, so batches of ``(B, C, H, W)`` images and
``(B,)`` int64 labels. ``torchvision.io.read_image`` reads a file as uint8 0..255.
"""

from __future__ import annotations

from typing import Optional

from torchlint.core import shapes
from torchlint.core.api import image_transforms, pil_
from torchlint.core.api.arrays import NDARRAY, TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.scales import PIXEL_SIZE, PIXELS, Magnitude, Scale, eight_bit_pixels
from torchlint.core.facts import Arg
from torchlint.core.values import Array, Const, FunctionValue, ImageDataset, Seq, Value

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


def _item(site: CallSite, transform_at: int, channels: int, height: Optional[int], width: Optional[int], what: str) -> Value:
    """``(image, label)``: the image tensor the ``transform=`` makes (unknown
    without one: a PIL image), the label an int unless ``target_transform=``."""
    transform = site.value(transform_at, "transform")
    if isinstance(transform, FunctionValue):
        # A transform of the file's own, called on the PIL image the dataset loads.
        loaded = pil_.PilImage(site.node, "L" if channels == 1 else "RGB")
        image = site.evaluator.call_function(transform, CallSite(site.node, (Arg(loaded, None),), (), True, site.evaluator))
    else:
        image = image_transforms.image_tensor(transform, channels, height, width, site.node, what)
    target_given = site.given(transform_at + 1, "target_transform")
    plain_target = not target_given or site.value(transform_at + 1, "target_transform") == Const(None)
    return Seq((image, Const(0) if plain_target and site.complete else None))


def _image_dataset(name: str):
    data_kind, image, targets_kind = IMAGE_DATASETS[name]
    channels, (height, width) = (1, image) if len(image) == 2 else (image[2], image[:2])

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
        # EMNIST(root, split, ...): its transform comes one place later.
        item = _item(site, 3 if name == "EMNIST" else 2, channels, height, width, f"{name} images")
        return ImageDataset(tuple(fields), item)

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
    scale = eight_bit_pixels("torchvision.io.read_image", site.node)
    return Array(kind=TENSOR, shape=(None, None, None), origin=site.node, dtype="uint8", scale=scale)


@handles("torchvision.datasets.ImageFolder", "torchvision.datasets.folder.ImageFolder")
def _image_folder(site: CallSite) -> Optional[Value]:
    """Images of any size, loaded as RGB; labels are the folder's index."""
    return ImageDataset((), _item(site, 1, 3, None, None, "ImageFolder images"))
