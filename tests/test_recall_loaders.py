"""Shapes of batches and of the layers text and graph pipelines end in: the
static analysis against what real torch computes for the same code (pooling
over a whole dim, packed sequences, collate functions), and torchvision
transform pipelines against the shapes torchvision documents (it is not
installed here)."""

from __future__ import annotations

import libcst as cst
import pytest

from torchlint.core.evaluator import analyse
from torchlint.core.values import Array


def _static_shape(source: str, name: str):
    """The shape the analysis gives ``name`` at the end of ``source``, or None."""
    facts = analyse(cst.parse_module(source + f"\nprobe({name})\n"))
    probes = [call for call in facts.opaque_calls if call.node.func.value == "probe"]  # type: ignore[attr-defined]
    value = probes[-1].args[0]
    return value.shape if isinstance(value, Array) else None


def _run(source: str, name: str):
    scope: dict = {}
    exec(source, scope)  # the same script, run by real torch
    return tuple(scope[name].shape)


HEADER = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"

WHOLE_DIM_POOLING = [
    "x = torch.randn(4, 8, 13)\nout = F.max_pool1d(x, x.shape[2])",
    "x = torch.randn(4, 8, 13)\nout = F.max_pool1d(x, x.size(2)).squeeze(2)",
    "x = torch.randn(4, 8, 13)\nout = F.avg_pool1d(x, x.shape[-1])",
    "x = torch.randn(5, 11, 6)\nout = F.avg_pool2d(x, (x.shape[1], 1)).squeeze(1)",
    "x = torch.randn(2, 3, 9, 7)\nout = F.max_pool2d(x, (x.size()[2], 2))",
]


@pytest.mark.parametrize("code", WHOLE_DIM_POOLING)
def test_pooling_over_a_whole_dim(code):
    source = HEADER + code
    assert _static_shape(source, "out") == _run(source, "out")


def test_pooling_kernel_from_another_dim_is_not_whole():
    """A kernel read from another dim is a window like any other: 8 over 24
    positions leaves 3, not 1 (fixtures/tl001/clean_pool_kernel_from_other_dim.py)."""
    source = HEADER + "x = torch.randn(4, 8, 24)\nout = F.max_pool1d(x, x.shape[1])"
    assert _static_shape(source, "out") == _run(source, "out") == (4, 8, 3)


PACKED = """
embedded = torch.randn(7, 3, 5)  # (len, batch, features)
lengths = torch.tensor([7, 5, 2])
rnn = nn.LSTM(5, 4, num_layers=2, bidirectional=True{rnn_batch_first})
packed = nn.utils.rnn.pack_padded_sequence({packed_input}, lengths{pack_batch_first})
packed_output, (hidden, cell) = rnn(packed)
output, output_lengths = nn.utils.rnn.pad_packed_sequence(packed_output{pad_batch_first})
final = torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1)
"""


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("name", ["output", "output_lengths", "hidden", "cell", "final"])
def test_packed_sequence_through_lstm(batch_first, name):
    source = HEADER + PACKED.format(
        # The layer's own batch_first plays no part with packed input.
        rnn_batch_first=", batch_first=True" if batch_first else "",
        packed_input="embedded.transpose(0, 1)" if batch_first else "embedded",
        pack_batch_first=", batch_first=True" if batch_first else "",
        pad_batch_first=", batch_first=True" if batch_first else "",
    )
    assert _static_shape(source, name) == _run(source, name)


COLLATE = """
from torch.utils.data import DataLoader, TensorDataset

def collate(batch):
{body}

loader = DataLoader(TensorDataset(torch.randn(40, 6), torch.randn(40)), batch_size=8, collate_fn=collate)
inputs, targets = next(iter(loader))
"""

COLLATE_BODIES = [
    "    xs, ys = zip(*batch)\n    return torch.stack(xs), torch.stack(ys)",
    "    return torch.stack([x for x, _ in batch]), torch.stack([y for _, y in batch]).unsqueeze(1)",
]


@pytest.mark.parametrize("body", COLLATE_BODIES)
@pytest.mark.parametrize("name", ["inputs", "targets"])
def test_collate_fn_of_the_file(body, name):
    source = HEADER + COLLATE.format(body=body)
    static, real = _static_shape(source, name), _run(source, name)
    # The count of items is unseen: the rows dim is named, every other dim is real torch's.
    assert static is not None and isinstance(static[0], str) and static[1:] == real[1:]


TRANSFORMS = [
    # (transform, what torchvision documents for a 28 x 28 grey MNIST image)
    ("transforms.ToTensor()", (1, 28, 28)),
    ("transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])", (1, 28, 28)),
    ("transforms.Compose([transforms.Resize(32), transforms.ToTensor()])", (1, 32, 32)),
    ("transforms.Compose([transforms.Resize((20, 24)), transforms.ToTensor()])", (1, 20, 24)),
    ("transforms.Compose([transforms.RandomCrop(24, padding=2), transforms.RandomHorizontalFlip(), transforms.ToTensor()])", (1, 24, 24)),
    ("transforms.Compose([transforms.Grayscale(num_output_channels=3), transforms.ToTensor()])", (3, 28, 28)),
    ("transforms.Compose([transforms.ToTensor(), transforms.Lambda(lambda x: x.view(-1))])", None),
    ("transforms.Compose([transforms.RandomHorizontalFlip()])", None),  # PIL images, not tensors
]


@pytest.mark.parametrize("transform, image", TRANSFORMS)
def test_mnist_batches_through_transforms(transform, image):
    source = (
        "import torch\nfrom torchvision import datasets, transforms\n"
        f"data = datasets.MNIST('data', train=True, transform={transform})\n"
        "loader = torch.utils.data.DataLoader(data, batch_size=16)\n"
        "for images, labels in loader:\n    pass\n"
    )
    assert _static_shape(source, "images") == (None if image is None else ("B",) + image)
    assert _static_shape(source, "labels") == ("B",)


def test_image_folder_size_follows_its_crop():
    source = (
        "import torch\nfrom torchvision import datasets, transforms\n"
        "tf = transforms.Compose([transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor()])\n"
        "data = datasets.ImageFolder('photos', transform=tf)\n"
        "images, labels = next(iter(torch.utils.data.DataLoader(data, batch_size=4)))\n"
    )
    assert _static_shape(source, "images") == ("B", 3, 224, 224)


def test_one_item_of_a_torchvision_dataset():
    source = (
        "from torchvision import datasets, transforms\n"
        "data = datasets.CIFAR10('data', train=True, transform=transforms.ToTensor())\n"
        "image, label = data[0]\n"
    )
    assert _static_shape(source, "image") == (3, 32, 32)
