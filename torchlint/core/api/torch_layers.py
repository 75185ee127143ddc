"""The shapes torch.nn layers give their outputs beyond Linear: recurrent
layers (LSTM, GRU, RNN and their tuple outputs), embeddings, the sliding-window
arithmetic of convolution and pooling layers, transformer blocks and
attention, the module containers
(ModuleList, ModuleDict, Sequential over an OrderedDict) and the wrappers
that replicate a model over devices.

Every size follows the formulas of the PyTorch documentation; where an
argument is not a literal the size it decides is unknown, and what stays known
(the batch dim, the channels, the rank) is kept."""

from __future__ import annotations

from typing import Optional, Tuple

import libcst as cst

from torchlint.core.api.arrays import TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.shapes import Dim, Shape
from torchlint.core.values import (
    Array,
    Attention,
    Bunch,
    Const,
    Embedding,
    ModuleDict,
    ModuleList,
    PixelShuffle,
    Recurrent,
    Resample,
    Seq,
    TorchModule,
    Value,
    Window,
    as_dim,
    is_module,
)

# ------------------------------------------------------------ recurrent layers

# The positional order of each recurrent layer's arguments after hidden_size.
_RECURRENT_ARGUMENTS = {
    "LSTM": ("num_layers", "bias", "batch_first", "dropout", "bidirectional", "proj_size"),
    "GRU": ("num_layers", "bias", "batch_first", "dropout", "bidirectional"),
    "RNN": ("num_layers", "nonlinearity", "bias", "batch_first", "dropout", "bidirectional"),
}


def _literal(value: Optional[Value], kind: type) -> Optional[object]:
    """A literal of ``kind`` (bool or int), else None."""
    if isinstance(value, Const) and type(value.value) is kind:
        return value.value
    return None


def _recurrent(name: str):
    order = _RECURRENT_ARGUMENTS[name]

    def make(site: CallSite) -> Optional[Value]:
        qualname = f"torch.nn.{name}"
        if not site.complete:
            return TorchModule(qualname)

        def argument(keyword: str, default: object, kind: type) -> Optional[object]:
            position = 2 + order.index(keyword) if keyword in order else None
            if not site.given(position, keyword):
                return default
            return _literal(site.value(position, keyword), kind)

        return Recurrent(
            qualname,
            input_size=as_dim(site.value(0, "input_size")),
            hidden_size=as_dim(site.value(1, "hidden_size")),
            num_layers=argument("num_layers", 1, int),
            batch_first=argument("batch_first", False, bool),
            bidirectional=argument("bidirectional", False, bool),
            proj_size=argument("proj_size", 0, int),
        )

    return make


for _name in _RECURRENT_ARGUMENTS:
    handles(f"torch.nn.{_name}")(_recurrent(_name))


def _times(count: Optional[int], dim: Dim) -> Dim:
    if count == 1:
        return dim
    if count is not None and isinstance(dim, int):
        return count * dim
    return None


def recurrent_output(layer: Recurrent, value: Optional[Value], node: cst.CSTNode, graph: Optional[str]) -> Optional[Value]:
    """``output, h_n`` (GRU, RNN) or ``output, (h_n, c_n)`` (LSTM) for an input
    of shape (L, N, H_in), (N, L, H_in) with batch_first, or (L, H_in) unbatched."""
    dtype = value.dtype if isinstance(value, Array) else None
    shape = value.shape if isinstance(value, Array) else None
    if shape is not None and len(shape) not in (2, 3):
        return None  # PyTorch raises for any other rank
    if shape and isinstance(shape[-1], int) and isinstance(layer.input_size, int) and shape[-1] != layer.input_size:
        return None  # PyTorch raises: what is known about the input must be off
    directions = None if layer.bidirectional is None else 2 if layer.bidirectional else 1
    states = None if layer.num_layers is None or directions is None else directions * layer.num_layers
    projected = layer.proj_size if layer.proj_size is None else (layer.proj_size or layer.hidden_size)
    features = _times(directions, projected)

    def tensor(dims: Optional[Shape]) -> Array:
        return Array(kind=TENSOR, shape=dims, origin=node, dtype=dtype, graph=graph)

    if shape is None:
        output, hidden, cell = tensor(None), tensor(None), tensor(None)
    elif len(shape) == 2:
        output = tensor((shape[0], features))
        hidden, cell = tensor((states, projected)), tensor((states, layer.hidden_size))
    else:
        if layer.batch_first is None:
            output, batch = tensor((None, None, features)), None
        else:
            batch = shape[0] if layer.batch_first else shape[1]
            output = tensor(tuple(shape[:2]) + (features,))
        hidden, cell = tensor((states, batch, projected)), tensor((states, batch, layer.hidden_size))
    if layer.qualname == "torch.nn.LSTM":
        return Seq((output, Seq((hidden, cell))))
    return Seq((output, hidden))


# ------------------------------------------------------------------ embeddings


@handles("torch.nn.Embedding")
def _embedding(site: CallSite) -> Optional[Value]:
    return Embedding("torch.nn.Embedding", dim=as_dim(site.value(1, "embedding_dim")))


@handles("torch.nn.EmbeddingBag")
def _embedding_bag(site: CallSite) -> Optional[Value]:
    return Embedding("torch.nn.EmbeddingBag", dim=as_dim(site.value(1, "embedding_dim")), bag=True)


def embedded(layer: Embedding, value: Optional[Value], node: cst.CSTNode, graph: Optional[str]) -> Optional[Value]:
    """One vector per index: (*) -> (*, dim); a bag of 2-D input gives one per row."""
    shape = value.shape if isinstance(value, Array) else None
    if shape is None:
        dims = None
    elif layer.bag:
        # 2-D: one bag per row; 1-D with offsets: one bag per offset.
        dims = (shape[0] if len(shape) == 2 else None, layer.dim) if len(shape) in (1, 2) else None
    else:
        dims = tuple(shape) + (layer.dim,)
    return Array(kind=TENSOR, shape=dims, origin=node, dtype="float32", graph=graph)


# ---------------------------------------------------------------- attention

_TRANSFORMER_BLOCKS = ("TransformerEncoderLayer", "TransformerEncoder", "TransformerDecoderLayer", "TransformerDecoder")


def _attention(qualname: str, weights: bool):
    def make(site: CallSite) -> Optional[Value]:
        return Attention(qualname, weights=weights)

    return make


for _name in _TRANSFORMER_BLOCKS:
    handles(f"torch.nn.{_name}")(_attention(f"torch.nn.{_name}", weights=False))
handles("torch.nn.MultiheadAttention")(_attention("torch.nn.MultiheadAttention", weights=True))


def attended(layer: Attention, value: Optional[Value], node: cst.CSTNode, graph: Optional[str]) -> Optional[Value]:
    """The output in the shape of the (first) input: (S, N, E), (N, S, E) or (S, E)."""
    shape = value.shape if isinstance(value, Array) else None
    dtype = value.dtype if isinstance(value, Array) else None
    output = Array(kind=TENSOR, shape=shape, origin=node, dtype=dtype, graph=graph)
    if layer.weights:
        return Seq((output, Array(kind=TENSOR, shape=None, origin=node, dtype=dtype, graph=graph)))
    return output


# ------------------------------------------------- convolution and pooling windows


def _per_dim(value: Optional[Value], spatial: int) -> Optional[Tuple[int, ...]]:
    """An int or a tuple of ints, one per spatial dim, as literals."""
    if isinstance(value, Seq):
        items = tuple(_literal(item, int) for item in value.items)
        if len(items) == spatial and all(item is not None for item in items):
            return items  # type: ignore[return-value]
        return None
    number = _literal(value, int)
    return (number,) * spatial if number is not None else None


# Where each argument of a window sits: field -> (positional index, keyword, default).
_CONV = {
    "kernel": (2, "kernel_size", None),
    "stride": (3, "stride", Const(1)),
    "padding": (4, "padding", Const(0)),
    "dilation": (5, "dilation", Const(1)),
}
_CONV_TRANSPOSE = dict(_CONV, output_padding=(5, "output_padding", Const(0)), dilation=(8, "dilation", Const(1)))
_MAX_POOL = {
    "kernel": (0, "kernel_size", None),
    "stride": (1, "stride", Const(None)),
    "padding": (2, "padding", Const(0)),
    "dilation": (3, "dilation", Const(1)),
    "return_indices": (4, "return_indices", Const(False)),
    "ceil_mode": (5, "ceil_mode", Const(False)),
}
_AVG_POOL = {
    "kernel": (0, "kernel_size", None),
    "stride": (1, "stride", Const(None)),
    "padding": (2, "padding", Const(0)),
    "ceil_mode": (3, "ceil_mode", Const(False)),
}
_LP_POOL = {"kernel": (1, "kernel_size", None), "stride": (2, "stride", Const(None)), "ceil_mode": (3, "ceil_mode", Const(False))}
# torch.nn.functional's pooling takes the input first, and max_pool puts ceil_mode before return_indices.
_MAX_POOL_FUNCTION = {
    "kernel": (1, "kernel_size", None),
    "stride": (2, "stride", Const(None)),
    "padding": (3, "padding", Const(0)),
    "dilation": (4, "dilation", Const(1)),
    "ceil_mode": (5, "ceil_mode", Const(False)),
    "return_indices": (6, "return_indices", Const(False)),
}
_AVG_POOL_FUNCTION = {field: (position + 1, keyword, default) for field, (position, keyword, default) in _AVG_POOL.items()}
# What a layer without such an argument does.
_ABSENT = {"padding": Const(0), "dilation": Const(1), "output_padding": Const(0), "ceil_mode": Const(False), "return_indices": Const(False)}


def _layout(qualname: str) -> dict:
    name = qualname.rsplit(".", 1)[-1]
    if name.startswith("ConvTranspose"):
        return _CONV_TRANSPOSE
    if name.startswith("Conv"):
        return _CONV
    if name.startswith("MaxPool"):
        return _MAX_POOL
    if name.startswith("AvgPool"):
        return _AVG_POOL
    if name.startswith("max_pool"):
        return _MAX_POOL_FUNCTION
    if name.startswith("avg_pool"):
        return _AVG_POOL_FUNCTION
    return _LP_POOL


def returns_indices(site: CallSite, qualname: str) -> bool:
    """A max pooling that returns (values, indices): not one tensor. True when unsure."""
    layout = _layout(qualname)
    if "return_indices" not in layout:
        return False
    position, keyword, default = layout["return_indices"]
    return not site.complete or (site.given(position, keyword) and site.value(position, keyword) != default)


def window_of(site: CallSite, qualname: str, spatial: int) -> Optional[Window]:
    """The window a convolution or pooling layer slides; None where an argument is not a literal."""
    if not site.complete:
        return None
    layout = _layout(qualname)

    def argument(field: str) -> Optional[Value]:
        if field not in layout:
            return _ABSENT[field]
        position, keyword, default = layout[field]
        return site.value(position, keyword) if site.given(position, keyword) else default

    kernel = _per_dim(argument("kernel"), spatial)
    stride_value = argument("stride")
    # Pooling slides by its kernel unless told otherwise.
    stride = kernel if stride_value == Const(None) else _per_dim(stride_value, spatial)
    padding_value = argument("padding")
    same = padding_value == Const("same")
    padding = None if same else _per_dim(Const(0) if padding_value == Const("valid") else padding_value, spatial)
    dilation = _per_dim(argument("dilation"), spatial)
    output_padding = _per_dim(argument("output_padding"), spatial)
    ceil_mode = _literal(argument("ceil_mode"), bool)
    if kernel is None or stride is None or dilation is None or output_padding is None or ceil_mode is None:
        return None
    if padding is None and not same:
        return None
    return Window(kernel, stride, padding, dilation, output_padding, ceil_mode, transposed="Transpose" in qualname)


def window_sizes(window: Window, sizes: Tuple[Dim, ...]) -> Optional[Tuple[Dim, ...]]:
    """The spatial sizes out of a window, by PyTorch's formulas; None if a known
    size would leave no output (PyTorch raises)."""
    out = []
    for axis, size in enumerate(sizes):
        if not isinstance(size, int):
            out.append(None)
            continue
        kernel, stride, dilation = window.kernel[axis], window.stride[axis], window.dilation[axis]
        if window.padding is None:  # padding="same"
            out.append(size)
            continue
        padding = window.padding[axis]
        span = dilation * (kernel - 1) + 1
        if window.transposed:
            result = (size - 1) * stride - 2 * padding + span + window.output_padding[axis]
        else:
            extra = stride - 1 if window.ceil_mode else 0
            result = (size + 2 * padding - span + extra) // stride + 1
            if window.ceil_mode and (result - 1) * stride >= size + padding:
                result -= 1  # the last window must start inside the input
        if result <= 0:
            return None
        out.append(result)
    return tuple(out)


# ---------------------------------------------------------------- containers


def _named_items(value: Optional[Value]) -> Optional[Tuple[Tuple[str, Optional[Value]], ...]]:
    """The (name, value) pairs of a dict value or of a literal list of pairs."""
    if isinstance(value, Bunch):
        return value.fields
    if isinstance(value, Seq):
        pairs = []
        for item in value.items:
            if not (isinstance(item, Seq) and len(item.items) == 2):
                return None
            key = item.items[0]
            if not (isinstance(key, Const) and isinstance(key.value, str)):
                return None
            pairs.append((key.value, item.items[1]))
        return tuple(pairs)
    return None


@handles("collections.OrderedDict")
def _ordered_dict(site: CallSite) -> Optional[Value]:
    if not site.only_positional() or len(site.args) > 1:
        return None
    if not site.args:
        return Bunch(())
    pairs = _named_items(site.value(0))
    return Bunch(pairs) if pairs is not None else None


@handles("torch.nn.ModuleList")
def _module_list(site: CallSite) -> Optional[Value]:
    if not site.given(0, "modules"):
        return ModuleList((), "list")
    modules = site.value(0, "modules")
    if isinstance(modules, Seq):
        return ModuleList(modules.items, "list")
    return TorchModule("torch.nn.ModuleList")  # a module, holding layers this analysis cannot list


@handles("torch.nn.ModuleDict")
def _module_dict(site: CallSite) -> Optional[Value]:
    if not site.given(0, "modules"):
        return ModuleDict(())
    pairs = _named_items(site.value(0, "modules"))
    return ModuleDict(pairs) if pairs is not None else TorchModule("torch.nn.ModuleDict")


# ------------------------------------------------------------------ wrappers


def _replicated(qualname: str):
    """A model replicated over devices computes what the model computes, in the same shapes."""

    def wrap(site: CallSite) -> Optional[Value]:
        module = site.value(0, "module")
        return module if is_module(module) else TorchModule(qualname)

    return wrap


for _name in ("torch.nn.DataParallel", "torch.nn.parallel.DistributedDataParallel"):
    handles(_name)(_replicated(_name))


@handles("torch.compile")
def _compiled(site: CallSite) -> Optional[Value]:
    """``torch.compile(model)`` runs the model's own forward: the same shapes."""
    model = site.value(0, "model")
    return model if is_module(model) else None


@handles("torch.nn.parallel.data_parallel")
def _data_parallel_function(site: CallSite) -> Optional[Value]:
    module = site.value(0, "module")
    if not is_module(module):
        return None
    return site.evaluator.call_module(module, site.value(1, "inputs"), site)  # type: ignore[arg-type]


def resampled(module: Resample, value: Array, node: cst.CSTNode, graph: Optional[str]) -> Optional[Array]:
    """``nn.Upsample`` / ``F.interpolate``: batch and channels kept, each
    spatial dim times the factor (rounded down) or the size given."""
    if value.shape is None or len(value.shape) < 3:
        return None
    spatial = value.shape[2:]
    if module.size is not None:
        if len(module.size) == 1:
            sizes: Tuple[Dim, ...] = module.size * len(spatial)
        elif len(module.size) == len(spatial):
            sizes = module.size
        else:
            return None
    elif module.factor is not None:
        sizes = tuple(int(dim * module.factor) if isinstance(dim, int) else None for dim in spatial)
    else:
        sizes = (None,) * len(spatial)
    return Array(kind=TENSOR, shape=tuple(value.shape[:2]) + tuple(sizes), origin=node, dtype=value.dtype, scale=value.scale, graph=graph)


def shuffled(module: PixelShuffle, value: Array, node: cst.CSTNode, graph: Optional[str]) -> Optional[Array]:
    """``nn.PixelShuffle(r)``: (B, C * r * r, H, W) to (B, C, H * r, W * r);
    nn.PixelUnshuffle the other way."""
    factor = module.factor
    if value.shape is None or len(value.shape) < 3 or factor is None or factor < 1:
        return None
    *leading, channels, height, width = value.shape
    area = factor * factor

    def times(dim: Dim) -> Dim:
        return dim * factor if isinstance(dim, int) else None

    def divided(dim: Dim, by: int) -> Dim:
        return dim // by if isinstance(dim, int) and dim % by == 0 else None

    if module.inverse:
        shape = (*leading, times(channels) * factor if isinstance(channels, int) else None, divided(height, factor), divided(width, factor))
    else:
        shape = (*leading, divided(channels, area), times(height), times(width))
    return Array(kind=TENSOR, shape=tuple(shape), origin=node, dtype=value.dtype, graph=graph)


def _shuffle(inverse: bool):
    def make(site: CallSite) -> Optional[Value]:
        factor = site.value(0, "downscale_factor" if inverse else "upscale_factor")
        count = factor.value if isinstance(factor, Const) and type(factor.value) is int else None
        return PixelShuffle("torch.nn.PixelUnshuffle" if inverse else "torch.nn.PixelShuffle", count, inverse)

    return make


handles("torch.nn.PixelShuffle")(_shuffle(False))
handles("torch.nn.PixelUnshuffle")(_shuffle(True))


def _shuffle_functional(inverse: bool):
    """``F.pixel_shuffle(x, r)``, ``F.pixel_unshuffle(x, r)``: as the modules do."""

    def apply(site: CallSite) -> Optional[Value]:
        value = site.value(0, "input")
        module = _shuffle(inverse)(CallSite(site.node, site.args[1:], site.kwargs, site.complete, site.evaluator))
        if not isinstance(value, Array) or not isinstance(module, PixelShuffle):
            return None
        return shuffled(module, value, site.node, value.graph if value.graph in ("output", "loss") else None)

    return apply


handles("torch.nn.functional.pixel_shuffle")(_shuffle_functional(False))
handles("torch.nn.functional.pixel_unshuffle")(_shuffle_functional(True))


def _resample_args(site: CallSite, size_at: int, factor_at: int) -> Resample:
    given = site.value(size_at, "size")
    size: Optional[Tuple[Dim, ...]] = None
    if isinstance(given, Seq):
        size = tuple(as_dim(item) for item in given.items)
    elif isinstance(given, Const) and isinstance(given.value, int):
        size = (given.value,)
    factor = site.value(factor_at, "scale_factor")
    number = factor.value if isinstance(factor, Const) and isinstance(factor.value, (int, float)) else None
    return Resample("torch.nn.Upsample", float(number) if number is not None else None, size)


@handles("torch.nn.Upsample", "torch.nn.UpsamplingNearest2d", "torch.nn.UpsamplingBilinear2d")
def _upsample(site: CallSite) -> Optional[Value]:
    return _resample_args(site, 0, 1)


@handles("torch.nn.functional.interpolate", "torch.nn.functional.upsample")
def _interpolate(site: CallSite) -> Optional[Value]:
    value = site.value(0, "input")
    if not isinstance(value, Array):
        return None
    graph = value.graph if value.graph in ("output", "loss") else None
    return resampled(_resample_args(site, 1, 2), value, site.node, graph)
