"""The shapes the static analysis gives layer outputs (recurrent layers,
embeddings, convolution and pooling windows, transformer blocks, module
containers, mini-batch pieces), each checked against what real torch
computes for the same layer and input."""

from __future__ import annotations

import itertools

import libcst as cst
import pytest

from torchlint.core.evaluator import analyse
from torchlint.core.values import Array, Seq


def _value_of(source: str, name: str):
    """What the analysis knows of ``name`` at the end of ``source`` (read
    from a ``probe(name)`` call appended to it)."""
    facts = analyse(cst.parse_module(source + f"\nprobe({name})\n"))
    probes = [call for call in facts.opaque_calls if call.node.func.value == "probe"]  # type: ignore[attr-defined]
    value = probes[-1].args[0]
    return value


def _static_shape(source: str, name: str):
    value = _value_of(source, name)
    assert isinstance(value, Array), f"{name} is not known to be an array: {value}"
    return value.shape


def _run(source: str, name: str):
    scope: dict = {}
    exec(source, scope)  # the same script, run by real torch
    return tuple(scope[name].shape)


WINDOW_CASES = [
    "nn.Conv2d(3, 8, 3)",
    "nn.Conv2d(3, 8, kernel_size=5, stride=2, padding=2)",
    "nn.Conv2d(3, 8, 3, padding='same')",
    "nn.Conv2d(3, 8, (3, 5), stride=(1, 2), padding=(1, 0), dilation=(2, 1))",
    "nn.ConvTranspose2d(3, 8, 4, stride=2, padding=1)",
    "nn.ConvTranspose2d(3, 8, 3, stride=2, padding=1, output_padding=1)",
    "nn.MaxPool2d(2)",
    "nn.MaxPool2d(3, stride=2, padding=1)",
    "nn.MaxPool2d(3, 2, ceil_mode=True)",
    "nn.AvgPool2d(kernel_size=3, stride=2, ceil_mode=True, padding=1)",
    "nn.LPPool2d(2, 3, stride=2)",
    "nn.AdaptiveAvgPool2d((5, 7))",
]


@pytest.mark.parametrize("layer", WINDOW_CASES)
@pytest.mark.parametrize("height, width", [(28, 28), (17, 31), (7, 9)])
def test_window_arithmetic_matches_torch(layer: str, height: int, width: int) -> None:
    source = f"import torch\nimport torch.nn as nn\nx = torch.randn(2, 3, {height}, {width})\nout = {layer}(x)\n"
    assert _static_shape(source, "out") == _run(source, "out")


@pytest.mark.parametrize("function", ["F.max_pool2d(x, 2)", "F.avg_pool2d(x, 3, stride=2)", "F.max_pool2d(x, kernel_size=3, stride=2, padding=1, ceil_mode=True)", "F.adaptive_avg_pool2d(x, 1)"])
def test_functional_pooling_matches_torch(function: str) -> None:
    source = f"import torch\nimport torch.nn.functional as F\nx = torch.randn(4, 6, 15, 15)\nout = {function}\n"
    assert _static_shape(source, "out") == _run(source, "out")


@pytest.mark.parametrize(
    "kind, batch_first, bidirectional, num_layers",
    list(itertools.product(["LSTM", "GRU", "RNN"], [True, False], [True, False], [1, 3])),
)
def test_recurrent_outputs_match_torch(kind: str, batch_first: bool, bidirectional: bool, num_layers: int) -> None:
    unpack = "out, (h, c)" if kind == "LSTM" else "out, h"
    source = (
        "import torch\nimport torch.nn as nn\n"
        f"layer = nn.{kind}(5, 7, num_layers={num_layers}, batch_first={batch_first}, bidirectional={bidirectional})\n"
        f"x = torch.randn(4, 9, 5)\n{unpack} = layer(x)\nlast = out[:, -1, :]\ntop = h[-1]\n"
    )
    for name in ("out", "h", "last", "top"):
        assert _static_shape(source, name) == _run(source, name), name


def test_lstm_projection_and_unbatched_input_match_torch() -> None:
    source = "import torch\nimport torch.nn as nn\nlayer = nn.LSTM(5, 7, proj_size=3)\nx = torch.randn(9, 5)\nout, (h, c) = layer(x)\n"
    for name in ("out", "h", "c"):
        assert _static_shape(source, name) == _run(source, name), name


def test_recurrent_sizes_not_literal_stay_unknown() -> None:
    source = "import torch\nimport torch.nn as nn\nfirst = input()\nlayer = nn.GRU(5, 7, batch_first=first)\nx = torch.randn(4, 9, 5)\nout, h = layer(x)\n"
    assert _static_shape(source, "out") == (None, None, 7)
    assert _static_shape(source, "h") == (1, None, 7)


@pytest.mark.parametrize("indices", ["torch.randint(0, 10, (4,))", "torch.randint(0, 10, (4, 6))"])
def test_embedding_matches_torch(indices: str) -> None:
    source = f"import torch\nimport torch.nn as nn\nids = {indices}\nout = nn.Embedding(10, 3)(ids)\nbag = nn.EmbeddingBag(10, 3)(ids.reshape(4, -1))\n"
    for name in ("out", "bag"):
        assert _static_shape(source, name) == _run(source, name), name


def test_max_pool_returning_indices_gets_no_pooled_shape() -> None:
    # (values, indices): a pair, so the single pooled shape must not be claimed.
    source = "import torch\nimport torch.nn as nn\nx = torch.randn(2, 3, 8, 8)\nout = nn.MaxPool2d(2, return_indices=True)(x)\n"
    value = _value_of(source, "out")
    assert value is None or (isinstance(value, Array) and value.shape is None)


def test_containers_keep_their_layers() -> None:
    source = (
        "import torch\nimport torch.nn as nn\nfrom collections import OrderedDict\n"
        "seq = nn.Sequential(OrderedDict([('fc', nn.Linear(4, 6)), ('act', nn.ReLU())]))\n"
        "layers = nn.ModuleList([nn.Linear(6, 5)])\nlayers.append(nn.Linear(5, 2))\n"
        "heads = nn.ModuleDict({'a': nn.Linear(2, 3)})\nheads['b'] = nn.Linear(2, 1)\n"
        "x = torch.randn(8, 4)\nh = seq(x)\nfor layer in layers:\n    h = layer(h)\nout = heads['b'](h)\n"
        "first = heads['a'](h)\n"
    )
    assert _static_shape(source, "out") == _run(source, "out") == (8, 1)
    assert _static_shape(source, "first") == _run(source, "first") == (8, 3)


def test_zip_over_known_lists_pairs_each_item() -> None:
    source = (
        "import torch\nimport torch.nn as nn\nmodels = [nn.Linear(4, 1), nn.Linear(4, 2)]\nnames = ['a', 'b']\n"
        "shapes = {}\nx = torch.randn(3, 4)\nfor name, model in zip(names, models):\n    last = model(x)\n"
    )
    # The loop ran once per pair: the last pair's model made `last`.
    assert _static_shape(source, "last") == _run(source, "last") == (3, 2)
    value = _value_of("models = [1, 2]\nopts = [m for m in models]\n", "opts")
    assert isinstance(value, Seq) and len(value.items) == 2


def test_sizes_of_an_unknown_batch_are_ints() -> None:
    # imgs comes from a source the analysis cannot read; its shape[0] is still a size.
    source = (
        "import torch\nTensor = torch.cuda.FloatTensor if flag() else torch.FloatTensor\nimgs = load()\n"
        "labels = Tensor(imgs.shape[0], 1)\nflat = torch.randn(6, 2, 3)\nout = flat.view(flat.size(0), -1)\n"
    )
    assert _static_shape(source, "labels") == (None, 1)
    assert _static_shape(source, "out") == (6, 6)


def test_list_slices_keep_known_items() -> None:
    value = _value_of("sizes = [10, 64, 32, 1]\npairs = list(zip(sizes[:-1], sizes[1:]))\n", "pairs")
    assert isinstance(value, Seq)
    assert [tuple(pair.items) for pair in value.items] == [
        tuple(_value_of(f"p = ({a}, {b})\n", "p").items) for a, b in [(10, 64), (64, 32), (32, 1)]
    ]
    assert _value_of("sizes = [1, 2, 3]\nn = unknown()\npart = sizes[:n]\n", "part") is None


@pytest.mark.parametrize("batch_first", [True, False])
def test_transformer_blocks_and_attention_match_torch(batch_first: bool) -> None:
    source = (
        "import torch\nimport torch.nn as nn\n"
        f"layer = nn.TransformerEncoderLayer(8, nhead=2, batch_first={batch_first})\n"
        "encoder = nn.TransformerEncoder(layer, num_layers=2)\n"
        f"attention = nn.MultiheadAttention(8, 2, batch_first={batch_first})\n"
        "x = torch.randn(5, 7, 8)\nencoded = encoder(x)\nattended, _ = attention(encoded, encoded, encoded)\n"
    )
    for name in ("encoded", "attended"):
        assert _static_shape(source, name) == _run(source, name), name


def test_split_and_chunk_give_pieces_along_the_dim() -> None:
    """A few pieces of a known size one by one, as torch cuts them; many
    pieces of the rows are mini-batches (B), the last perhaps shorter."""
    source = (
        "import torch\nx = torch.randn(10, 3)\nrows = x.split(4)\ncols = torch.chunk(x, 3, dim=1)\n"
        "mu, log_std = torch.randn(8, 6).chunk(2, dim=-1)\nfirst, second = torch.randn(8, 6).split([2, 4], dim=1)\n"
        "first_rows, last_rows, first_cols = rows[0], rows[2], cols[0]\nbatch = torch.randn(100, 3).split(8)[0]\n"
    )
    for name in ("first_rows", "last_rows", "first_cols", "mu", "log_std", "first", "second"):
        assert _static_shape(source, name) == _run(source, name), name
    assert _static_shape(source, "batch") == ("B", 3) and _run(source, "batch") == (8, 3)


def test_upsampling_matches_torch() -> None:
    source = (
        "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nx = torch.randn(4, 32, 12, 12)\n"
        "doubled = nn.Upsample(scale_factor=2)(x)\nsized = F.interpolate(x, size=(24, 20), mode='bilinear')\n"
        "square = nn.Upsample(size=30)(x)\nwave = F.interpolate(torch.randn(4, 8, 10), scale_factor=1.5)\n"
        "decoded = nn.Sequential(nn.Upsample(scale_factor=2), nn.Conv2d(32, 1, 3, padding=1))(x).squeeze(1)\n"
    )
    for name in ("doubled", "sized", "square", "wave", "decoded"):
        assert _static_shape(source, name) == _run(source, name), name
