"""torchvision's in-memory image datasets: their ``.data`` is the raw pixels.

Whatever ``transform=`` a dataset is given applies to the items a DataLoader
draws, never to ``.data``: MNIST's is a uint8 tensor of values 0..255, CIFAR's
a uint8 numpy array. Scripts that train on ``train_set.data.float()`` feed
pixels 0..255 to the model unless they divide or normalize them.

The items a DataLoader draws are ``(image, label)``: the image as the
``transform=`` pipeline makes it (see image_transforms), the label an int,
so batches of ``(B, C, H, W)`` images and ``(B,)`` int64 labels.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

from torchlint.core import shapes
from torchlint.core.api import image_transforms
from torchlint.core.api.arrays import NDARRAY, TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.scales import PIXELS, Magnitude, Scale
from torchlint.core.values import Array, Bunch, Const, Seq, Value

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
# The typical size of 8-bit pixel values (their mean is near 128 in natural images).
_PIXEL_SIZE = 128.0


@dataclasses.dataclass(frozen=True)
class ImageDataset(Bunch):
    """A torchvision dataset: its in-memory fields (``.data``, ``.targets``)
    and one item, ``(image, label)``, as its transforms make it."""

    item: Optional[Value] = None


def _item(site: CallSite, transform_at: int, channels: int, height: Optional[int], width: Optional[int]) -> Value:
    """``(image, label)``: the image tensor the ``transform=`` makes (unknown
    without one: a PIL image), the label an int unless ``target_transform=``."""
    image = image_transforms.image_tensor(site.value(transform_at, "transform"), channels, height, width, site.node)
    target_given = site.given(transform_at + 1, "target_transform")
    plain_target = not target_given or site.value(transform_at + 1, "target_transform") == Const(None)
    return Seq((image, Const(0) if plain_target and site.complete else None))


def _image_dataset(name: str):
    data_kind, image, targets_kind = IMAGE_DATASETS[name]
    channels, (height, width) = (1, image) if len(image) == 2 else (image[2], image[:2])

    def make(site: CallSite) -> Optional[Value]:
        scale = Scale(
            uniform=Magnitude(_PIXEL_SIZE, f"{name}.data", site.node),
            raw=(f"the raw {PIXELS} of {name}.data", site.node),
        )
        data = Array(kind=data_kind, shape=(shapes.ROWS,) + image, origin=site.node, dtype="uint8", scale=scale)
        # MNIST's train_data/test_data and train_labels/test_labels: older names of the same tensors.
        fields = [("data", data), ("train_data", data), ("test_data", data)]
        if targets_kind is not None:
            targets = Array(kind=targets_kind, shape=(shapes.ROWS,), origin=site.node, dtype="int64")
            fields += [("targets", targets), ("train_labels", targets), ("test_labels", targets)]
        # EMNIST(root, split, ...): its transform comes one place later.
        return ImageDataset(tuple(fields), _item(site, 3 if name == "EMNIST" else 2, channels, height, width))

    return make


for _name in IMAGE_DATASETS:
    handles(f"torchvision.datasets.{_name}", f"torchvision.datasets.mnist.{_name}", f"torchvision.datasets.cifar.{_name}")(
        _image_dataset(_name)
    )


@handles("torchvision.datasets.ImageFolder", "torchvision.datasets.folder.ImageFolder")
def _image_folder(site: CallSite) -> Optional[Value]:
    """Images of any size, loaded as RGB; labels are the folder's index."""
    return ImageDataset((), _item(site, 1, 3, None, None))
