"""torch, torch.nn, torch.nn.functional, torch.optim and torch.utils.data."""

from __future__ import annotations

import dataclasses
import functools
from typing import Optional, Tuple

import libcst as cst

from torchlint.core import draws, handwritten, scales, shapes
from torchlint.core.api import arrays, global_pooling, packed_sequences, torch_layers
from torchlint.core.api.arrays import TENSOR
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.registry import handles
from torchlint.core.values import (
    Activation,
    Array,
    Attention,
    Bunch,
    Const,
    Embedding,
    Flatten,
    FunctionValue,
    GradMode,
    LambdaValue,
    LastDimLayers,
    LibraryObject,
    Linear,
    ListOf,
    Loader,
    LossModule,
    Number,
    Optimizer,
    Parameters,
    Record,
    Recurrent,
    PixelShuffle,
    Resample,
    Seq,
    Sequential,
    SpatialLayer,
    SymInt,
    TensorData,
    TorchModule,
    Value,
    as_dim,
    as_int,
    as_str,
    join,
)

# Loss classes of torch.nn and the functional each one calls.
LOSS_CLASSES = {
    "L1Loss": "l1_loss",
    "MSELoss": "mse_loss",
    "SmoothL1Loss": "smooth_l1_loss",
    "HuberLoss": "huber_loss",
    "BCELoss": "binary_cross_entropy",
    "BCEWithLogitsLoss": "binary_cross_entropy_with_logits",
    "CrossEntropyLoss": "cross_entropy",
    "NLLLoss": "nll_loss",
    "PoissonNLLLoss": "poisson_nll_loss",
    "GaussianNLLLoss": "gaussian_nll_loss",
    "KLDivLoss": "kl_div",
    "SoftMarginLoss": "soft_margin_loss",
    "MultiLabelSoftMarginLoss": "multilabel_soft_margin_loss",
    "MultiLabelMarginLoss": "multilabel_margin_loss",
    "MultiMarginLoss": "multi_margin_loss",
    "HingeEmbeddingLoss": "hinge_embedding_loss",
    "MarginRankingLoss": "margin_ranking_loss",
    "CosineEmbeddingLoss": "cosine_embedding_loss",
    "TripletMarginLoss": "triplet_margin_loss",
    "TripletMarginWithDistanceLoss": "triplet_margin_with_distance_loss",
    "CTCLoss": "ctc_loss",
}
FUNCTIONAL_LOSSES = frozenset(LOSS_CLASSES.values())

# torch.nn modules whose output has the shape of their input.
SHAPE_PRESERVING_MODULES = frozenset(
    """ReLU ReLU6 LeakyReLU PReLU RReLU ELU SELU CELU GELU SiLU Mish Sigmoid Tanh
    Softmax LogSoftmax Softmin Softplus Softsign Softshrink Hardshrink Hardtanh
    Hardsigmoid Hardswish Tanhshrink Threshold LogSigmoid Dropout Dropout1d Dropout2d
    Dropout3d AlphaDropout FeatureAlphaDropout Identity BatchNorm1d BatchNorm2d BatchNorm3d
    LayerNorm GroupNorm InstanceNorm1d InstanceNorm2d InstanceNorm3d LocalResponseNorm""".split()
)

# Functions of torch and torch.nn.functional that keep their first argument's shape.
_ELEMENTWISE = """sigmoid exp exp2 expm1 abs sqrt rsqrt square tanh
    tan relu relu6 gelu elu selu celu silu mish leaky_relu softplus softsign hardtanh
    hardsigmoid hardswish logsigmoid softmax log_softmax softmin dropout alpha_dropout
    clamp clip round floor ceil neg negative reciprocal sign erf logit nan_to_num bernoulli triu tril""".split()

OPTIMIZERS = frozenset(
    "SGD Adam AdamW Adamax Adagrad Adadelta RMSprop Rprop ASGD NAdam RAdam LBFGS SparseAdam Adafactor".split()
)


def _dim(site: CallSite, index: int) -> Tuple[bool, Optional[Value]]:
    """(given?, value) of a ``dim`` argument; torch takes numpy's ``axis=`` too."""
    name = "axis" if site.given(None, "axis") else "dim"
    return site.given(index, name), site.value(index, name)


def _dtype(site: CallSite, default: Optional[str]) -> Optional[str]:
    given = site.value(None, "dtype")
    if given is None and site.given(None, "dtype"):
        return None
    return arrays.dtype_of(given, "torch") if given is not None else default


def _filled(name: str, fill: Optional[float]):
    """torch.randn(2, 3), torch.zeros((2, 3)), torch.ones(size=(2, 3)): values of about ``fill``."""

    def make(site: CallSite) -> Optional[Value]:
        if not site.complete:
            return None
        positional = site.positional()
        size = arrays.size_from_args(positional) if positional else None
        if size is None and site.given(None, "size"):
            size = arrays.size_from_args((site.value(None, "size"),))
        if size is None:
            return None
        constant = name in ("zeros", "ones")
        why = scales.CONSTANT if constant else f"torch.{name}"
        scale = arrays.magnitude(fill, why, site.node, measured=name == "randn")  # a standard normal's rms is 1
        made = arrays.new(TENSOR, size, site.node, _dtype(site, "float32"), scale)
        return dataclasses.replace(made, filled=constant)

    return make


for _name, _fill in (("randn", 1.0), ("rand", 1.0), ("zeros", 0.0), ("ones", 1.0), ("empty", None)):
    handles(f"torch.{_name}")(_filled(_name, _fill))


@handles("torch.is_tensor")
def _is_tensor(site: CallSite) -> Optional[Value]:
    """``torch.is_tensor(idx)``: known for an array, a number or a list (the
    Dataset tutorial's ``if torch.is_tensor(idx): idx = idx.tolist()``, given an int)."""
    answer = arrays.of_kind(site.value(0, "obj"), TENSOR)
    return Const(answer) if answer is not None else None


@handles("torch.full")
def _full(site: CallSite) -> Optional[Value]:
    size = arrays.size_from_args((site.value(0, "size"),))
    fill = arrays.number(site.value(1, "fill_value"))
    scale = arrays.magnitude(abs(fill) if fill is not None else None, scales.CONSTANT, site.node)
    return dataclasses.replace(arrays.new(TENSOR, size, site.node, _dtype(site, None), scale), filled=True) if size is not None else None


@handles("torch.randint")
def _randint(site: CallSite) -> Optional[Value]:
    size_value = site.value(None, "size")
    positional = site.positional()
    if size_value is None:
        size_value = positional[-1] if positional and isinstance(positional[-1], Seq) else None
    size = arrays.size_from_args((size_value,)) if size_value is not None else None
    bounds = [arrays.number(value) for value in positional if not isinstance(value, Seq)]
    high = max(abs(b) for b in bounds) if bounds and None not in bounds else None  # type: ignore[arg-type]
    scale = arrays.magnitude(high, "torch.randint", site.node)
    return arrays.new(TENSOR, size, site.node, _dtype(site, "int64"), scale) if size is not None else None


@handles("torch.arange")
def _arange(site: CallSite) -> Optional[Value]:
    if not site.complete:
        return None
    numbers = site.positional()
    if not numbers and site.given(None, "end"):
        numbers = (site.value(None, "end"),)
    why = f"torch.arange({', '.join(f'{arrays.number(n):g}' for n in numbers if arrays.number(n) is not None)})"
    return arrays.new(
        TENSOR,
        (arrays.arange_length(numbers),),
        site.node,
        _dtype(site, arrays.arange_dtype(numbers, "float32")),
        arrays.integer_range(numbers, why, site.node),
    )


@handles("torch.randperm")
def _randperm(site: CallSite) -> Optional[Value]:
    return arrays.new(TENSOR, (as_dim(site.value(0, "n")),), site.node, _dtype(site, "int64"))


@handles("torch.linspace")
def _linspace(site: CallSite) -> Optional[Value]:
    bounds = [arrays.number(site.value(0, "start")), arrays.number(site.value(1, "end"))]
    size = max(abs(b) for b in bounds) if None not in bounds else None  # type: ignore[arg-type]
    scale = arrays.magnitude(size, "torch.linspace", site.node)
    return arrays.new(TENSOR, (as_dim(site.value(2, "steps")),), site.node, _dtype(site, "float32"), scale)


@handles("torch.logspace")
def _logspace(site: CallSite) -> Optional[Value]:
    return arrays.new(TENSOR, (as_dim(site.value(2, "steps")),), site.node, _dtype(site, "float32"))


@handles("torch.eye")
def _eye(site: CallSite) -> Optional[Value]:
    rows = as_dim(site.value(0, "n"))
    columns = as_dim(site.value(1, "m")) if site.given(1, "m") else rows
    return arrays.new(TENSOR, (rows, columns), site.node, _dtype(site, "float32"))


@handles("torch.meshgrid")
def _meshgrid(site: CallSite) -> Optional[Value]:
    axes = site.positional()
    if len(axes) == 1 and isinstance(axes[0], Seq):
        axes = axes[0].items  # torch.meshgrid([x, t])
    return arrays.grids(site, axes, "ij", TENSOR)


handles("torch.fft.rfft")(arrays.fourier(True, "input", "dim", "complex64"))
handles("torch.fft.fft")(arrays.fourier(False, "input", "dim", "complex64"))
for _window in ("hann_window", "hamming_window", "blackman_window", "bartlett_window"):
    handles(f"torch.{_window}")(lambda site: arrays.taper(site.value(0, "window_length"), site.node, TENSOR, "float32"))


@handles("torch.nn.functional.linear")
def _functional_linear(site: CallSite) -> Optional[Value]:
    """``F.linear(x, w, b)``: x's leading dims, then one per row of w (a layer written by hand)."""
    data, weight = site.value(0, "input"), site.value(1, "weight")
    if not (isinstance(data, Array) and isinstance(weight, Array) and data.shape and weight.shape and len(weight.shape) == 2):
        return None
    return Array(kind=TENSOR, shape=(*data.shape[:-1], weight.shape[0]), origin=site.node, dtype=data.dtype, graph="output")


@handles("torch.diag")
def _diag(site: CallSite) -> Optional[Value]:
    return arrays.diagonal_call(site, "input", "diagonal")


def tensor_from(value: Optional[Value], site: CallSite, dtype: Optional[str]) -> Optional[Value]:
    """A tensor made from data: an array keeps its shape, a literal has its own."""
    if isinstance(value, Array):
        return arrays.converted(value, kind=TENSOR, dtype=dtype or value.dtype)
    value = _one_element_tensors_as_numbers(value)
    shape = arrays.literal_shape(value)
    if shape is None:
        return None
    # A literal table, rows appended in a loop, [x for x in range(1, 4000)]: the items' sizes.
    scale = arrays.literal_scale(value, "a literal", site.node)
    return arrays.new(TENSOR, shape, site.node, dtype or arrays.literal_dtype(value), scale)


def _one_element_tensors_as_numbers(value: Optional[Value]) -> Optional[Value]:
    """torch reads a tensor of one element inside a list as the number it
    holds: ``torch.tensor([[b, m]])`` of two (1,) tensors is (1, 2), where
    numpy arrays in the list would add their dims."""
    if isinstance(value, Array):
        one = value.kind == TENSOR and value.shape is not None and all(dim == 1 for dim in value.shape)
        return Number(value.scale) if one else value
    if isinstance(value, Seq):
        return dataclasses.replace(value, items=tuple(_one_element_tensors_as_numbers(item) for item in value.items))
    if isinstance(value, ListOf):
        return ListOf(_one_element_tensors_as_numbers(value.item))
    return value


@handles("torch.tensor", "torch.as_tensor", "torch.from_numpy", "torch.asarray")
def _tensor(site: CallSite) -> Optional[Value]:
    return tensor_from(site.value(0, "data"), site, _dtype(site, None))


_TYPED_TENSORS = {
    "torch.Tensor": "float32",
    "torch.FloatTensor": "float32",
    "torch.DoubleTensor": "float64",
    "torch.LongTensor": "int64",
    "torch.IntTensor": "int32",
    "torch.BoolTensor": "bool",
}


def _is_torch_size(node: Optional[cst.CSTNode]) -> bool:
    """``x.size()`` or ``x.shape``: a torch.Size."""
    if isinstance(node, cst.Call) and not node.args:
        node = node.func
        return isinstance(node, cst.Attribute) and node.attr.value == "size"
    return isinstance(node, cst.Attribute) and node.attr.value == "shape"


def _typed_tensor(dtype: str):
    def make(site: CallSite) -> Optional[Value]:
        positional = site.positional()
        if not site.only_positional() or not positional:
            return None
        # torch.Tensor(3, 4) and torch.Tensor(imgs.shape[0], 1) are sizes; torch.Tensor(data) is data.
        if all(isinstance(value, SymInt) or (isinstance(value, Const) and isinstance(value.value, int)) for value in positional):
            return arrays.new(TENSOR, arrays.size_from_args(positional), site.node, dtype)
        if len(positional) == 1 and _is_torch_size(site.args[0].node) and isinstance(positional[0], Seq):
            # torch.FloatTensor(y_pred.size()): a torch.Size is a shape, where a tuple of ints is data.
            return arrays.new(TENSOR, arrays.size_from_args(positional[0].items), site.node, dtype)
        if len(positional) == 1:
            return tensor_from(positional[0], site, dtype)
        return None

    return make


for _name, _dtype_name in _TYPED_TENSORS.items():
    handles(_name)(_typed_tensor(_dtype_name))


@handles("torch.zeros_like", "torch.ones_like", "torch.rand_like", "torch.randn_like", "torch.empty_like", "torch.full_like")
def _like(site: CallSite) -> Optional[Value]:
    source = site.value(0, "input")
    if not isinstance(source, Array):
        return None
    filled = site.node.func.attr.value in ("zeros_like", "ones_like", "full_like")  # type: ignore[attr-defined]
    return arrays.converted(source, kind=TENSOR, dtype=_dtype(site, source.dtype), filled=filled)


@handles("torch.autograd.grad")
def _gradients(site: CallSite) -> Optional[Value]:
    """torch.autograd.grad(outputs, inputs): a tuple with one gradient per
    input, each of that input's shape (a PINN's du/dt of t's shape: (N,) for
    collocation times made 1-D, whatever the network's (N, 1) output), on the
    graph when ``create_graph=True`` keeps it there."""
    outputs, inputs = site.value(0, "outputs"), site.value(1, "inputs")
    recorded = site.value(None, "create_graph") == Const(True) and site.evaluator.grad_enabled[-1]
    attached = recorded and any(isinstance(output, Array) and output.graph is not None for output in _listed(outputs))
    return Seq(
        tuple(
            Array(kind=TENSOR, shape=item.shape, origin=site.node, dtype=item.dtype, graph="output" if attached else None)
            if isinstance(item, Array)
            else None
            for item in _listed(inputs)
        ),
        "tuple",
    )


def _listed(value: Optional[Value]) -> Tuple[Optional[Value], ...]:
    """The tensors autograd.grad is given: a tuple or list of them, or one."""
    return value.items if isinstance(value, Seq) else (value,)


@handles("torch.autograd.Variable", "torch.nn.Parameter", "torch.nn.parameter.Parameter", "torch.clone")
def _passthrough(site: CallSite) -> Optional[Value]:
    value = site.value(0, "data")
    return value if isinstance(value, Array) else None


# Activations whose output a loss cares about (TL004).
ACTIVATIONS = frozenset({"sigmoid", "softmax", "log_softmax"})


def _elementwise(name: str):
    def apply(site: CallSite) -> Optional[Value]:
        value = site.value(0, "input")
        if value is None and name in ACTIVATIONS:
            value = unknown_tensor(site.node)
        if not isinstance(value, Array):
            return None
        if name in arrays.POWERS:
            return arrays.raised(value, arrays.POWERS[name], site.node)
        if name in ("clamp", "clip"):
            return arrays.clipped(value, site.value(1, "min"), site.value(2, "max"), site.node)
        scale = scales.exponential(value.scale, site.node) if name == "exp" else None
        return arrays.activated(value, name if name in ACTIVATIONS else None, site.node, scale=scale)

    return apply


def unknown_tensor(node: cst.CSTNode) -> Array:
    """What goes into a function or layer that takes tensors only, when
    nothing is known of it (a batch from a torchvision dataset, a parameter):
    a tensor, of a shape not known. What comes out is then known as what that
    function makes (probabilities, logits)."""
    return Array(kind=TENSOR, shape=None, origin=node)


for _name in _ELEMENTWISE:
    handles(f"torch.{_name}", f"torch.nn.functional.{_name}", f"torch.special.{_name}")(_elementwise(_name))
for _name in ("sin", "cos"):
    handles(f"torch.{_name}")(lambda site, function=_name: arrays.periodic(site.value(0, "input"), function, site.node))
for _name in ("roll", "flip", "fliplr", "flipud"):
    handles(f"torch.{_name}")(lambda site: arrays.rearranged(site.value(0), site.node) if isinstance(site.value(0), Array) else None)
def _running(summing: bool):
    """Running sums and products keep the shape along their (required) dim."""

    def apply(site: CallSite) -> Optional[Value]:
        value = site.value(0, "input")
        if not isinstance(value, Array):
            return None
        running = arrays.cumulative(value, site.value(1, "dim"), True, summing, site.node)
        return arrays.activated(running, None, site.node) if running is not None else None

    return apply


handles("torch.cumsum")(_running(True))
handles("torch.cumprod")(_running(False))


@handles("torch.no_grad", "torch.inference_mode", "torch.enable_grad", "torch.set_grad_enabled", "torch.autograd.grad_mode.no_grad")
def _grad_mode(site: CallSite) -> Optional[Value]:
    name = site.node.func.attr.value if isinstance(site.node.func, cst.Attribute) else ""  # type: ignore[attr-defined]
    if name == "enable_grad":
        return GradMode(True)
    if name == "set_grad_enabled":
        mode = site.value(0, "mode")
        return GradMode(mode.value) if isinstance(mode, Const) and isinstance(mode.value, bool) else None
    if name == "inference_mode" and site.value(0, "mode") == Const(False):
        return GradMode(True)
    return GradMode(False)


@handles(
    "torch.nn.functional.normalize",
    "torch.nn.functional.layer_norm",
    "torch.nn.functional.batch_norm",
    "torch.nn.functional.instance_norm",
    "torch.nn.functional.group_norm",
)
def _normalizing(site: CallSite) -> Optional[Value]:
    value = site.value(0, "input")
    if not isinstance(value, Array):
        return None
    how = site.node.func.attr.value if isinstance(site.node.func, cst.Attribute) else "normalized"  # type: ignore[attr-defined]
    return arrays.normalized(value, how, site.node)


@handles("torch.nn.functional.one_hot")
def _one_hot(site: CallSite) -> Optional[Value]:
    """Class ids as rows of zeros and a one: a new last dim of ``num_classes``
    (unknown for the default -1, the largest id plus one); 0 or 1 each."""
    ids = site.value(0, "tensor")
    if not isinstance(ids, Array) or ids.shape is None:
        return None
    classes = as_int(site.value(1, "num_classes")) if site.given(1, "num_classes") else None
    width = classes if classes is not None and classes > 0 else None
    made = arrays.new(TENSOR, tuple(ids.shape) + (width,), site.node, "int64", arrays.magnitude(1.0, "one-hot ids", site.node))
    return dataclasses.replace(made, graph=ids.graph)


@handles("torch.nn.functional.pad")
def _pad(site: CallSite) -> Optional[Value]:
    """``F.pad(x, (left, right, top, bottom, ...))``: the last dims grow by
    their pair of pads, the last dim by the first pair."""
    value, pads = site.value(0, "input"), site.value(1, "pad")
    if not isinstance(value, Array) or value.shape is None or not isinstance(pads, Seq):
        return None
    amounts = [as_int(pad) for pad in pads.items]
    if len(amounts) % 2 or len(amounts) // 2 > len(value.shape) or None in amounts:
        return None
    shape = list(value.shape)
    for pair in range(len(amounts) // 2):
        axis = len(shape) - 1 - pair
        grown = amounts[2 * pair] + amounts[2 * pair + 1]  # type: ignore[operator]
        shape[axis] = shape[axis] + grown if isinstance(shape[axis], int) else (shape[axis] if grown == 0 else None)  # type: ignore[operator]
    return value.with_shape(tuple(shape), site.node)


def _log(function: str):
    def apply(site: CallSite) -> Optional[Value]:
        value = site.value(0, "input")
        return arrays.logged(value, function, function, site.node) if isinstance(value, Array) else None

    return apply


for _name in ("log", "log1p", "log2", "log10"):
    handles(f"torch.{_name}")(_log(_name))


def _reduction(statistic: str):
    def reduce(site: CallSite) -> Optional[Value]:
        value = site.value(0, "input")
        if not isinstance(value, Array):
            return None
        keep_name = "keepdims" if site.given(None, "keepdims") else "keepdim"
        axis_given, axis = _dim(site, 1)
        if isinstance(axis, Array):  # torch.max(a, b) is elementwise
            return arrays.elementwise(value, axis, site.node)
        result = arrays.reduced(value, axis, axis_given, site.value(2, keep_name), site.node, statistic)
        if statistic in ("max", "min", "median", "mode") and axis_given and result is not None:
            # torch.max(x, dim) returns (values, indices).
            return Seq((result, arrays.converted(result, dtype="int64")))
        return result

    return reduce


for _stat in ("mean", "sum", "std", "var", "prod", "amax", "amin", "max", "min", "median", "mode", "logsumexp", "nanmean", "nansum"):
    handles(f"torch.{_stat}")(_reduction(_stat))


@handles("torch.reshape")
def _reshape(site: CallSite) -> Optional[Value]:
    value = site.value(0, "input")
    if not isinstance(value, Array):
        return None
    return arrays.reshaped(value, arrays.reshape_args((site.value(1, "shape"),)), site.node)


@handles("torch.unsqueeze")
def _unsqueeze(site: CallSite) -> Optional[Value]:
    value = site.value(0, "input")
    return arrays.unsqueezed(value, _dim(site, 1)[1], site.node) if isinstance(value, Array) else None


@handles("torch.squeeze")
def _squeeze(site: CallSite) -> Optional[Value]:
    value = site.value(0, "input")
    if not isinstance(value, Array):
        return None
    given, dim = _dim(site, 1)
    return arrays.squeezed(value, dim, given, site.node)


handles("torch.repeat_interleave")(arrays.repeat_function("input", "dim"))


@handles("torch.flatten")
def _flatten(site: CallSite) -> Optional[Value]:
    value = site.value(0, "input")
    start = arrays.axis_of(site.value(1, "start_dim")) if site.given(1, "start_dim") else 0
    end = arrays.axis_of(site.value(2, "end_dim")) if site.given(2, "end_dim") else -1
    if not isinstance(value, Array) or start is None or end is None:
        return None
    return arrays.flattened(value, start, end, site.node)


@handles("torch.t")
def _t(site: CallSite) -> Optional[Value]:
    value = site.value(0, "input")
    return arrays.transposed(value, site.node) if isinstance(value, Array) else None


@handles("torch.transpose", "torch.swapaxes")
def _transpose(site: CallSite) -> Optional[Value]:
    value = site.value(0, "input")
    return arrays.swapped(value, site.value(1), site.value(2), site.node) if isinstance(value, Array) else None


@handles("torch.permute")
def _permute(site: CallSite) -> Optional[Value]:
    """``torch.permute(x, (0, 2, 1))``: ``x.permute(0, 2, 1)``."""
    value = site.value(0, "input")
    return arrays.permuted(value, (site.value(1, "dims"),), site.node) if isinstance(value, Array) and len(site.args) + len(site.kwargs) == 2 else None


def _joined(new_axis: bool):
    def join_tensors(site: CallSite) -> Optional[Value]:
        given, dim = _dim(site, 1)
        axis = arrays.axis_of(dim) if given else 0
        return arrays.stacked(site.value(0, "tensors"), axis, site.node, TENSOR, new_axis=new_axis)

    return join_tensors


handles("torch.cat", "torch.concat", "torch.concatenate")(_joined(new_axis=False))
handles("torch.stack")(_joined(new_axis=True))


@handles("torch.column_stack")
def _column_stack(site: CallSite) -> Optional[Value]:
    return arrays.column_stacked(site.value(0, "tensors"), site.node, TENSOR)


@handles("torch.matmul", "torch.mm", "torch.bmm")
def _matmul(site: CallSite) -> Optional[Value]:
    return arrays.elementwise(site.value(0, "input"), site.value(1, "other"), site.node, operation=cst.MatrixMultiply)


@handles("torch.where")
def _where(site: CallSite) -> Optional[Value]:
    if len(site.args) != 3:
        return None
    handwritten.record_choice(site)
    return arrays.chosen(site.value(0), site.value(1), site.value(2), "torch.where", site.node)


# torch's functions for the arithmetic operators: ``torch.pow(x, 2)`` is ``x ** 2``.
_OPERATOR_FUNCTIONS = {
    "add": cst.Add, "sub": cst.Subtract, "subtract": cst.Subtract, "mul": cst.Multiply, "multiply": cst.Multiply,
    "div": cst.Divide, "divide": cst.Divide, "true_divide": cst.Divide, "pow": cst.Power,
}


def _operator_function(operation: type):
    def apply(site: CallSite) -> Optional[Value]:
        if len(site.args) + len(site.kwargs) != 2:
            return None  # alpha=, rounding_mode=, out=: not the plain operator
        result = arrays.elementwise(site.value(0, "input"), site.value(1, "exponent" if operation is cst.Power else "other"), site.node, operation)
        if operation in (cst.Subtract, cst.Multiply) and len(site.args) == 2:
            # torch.subtract(y, model(x)), as y - model(x): maybe a hand-written loss's pairing.
            linear = operation is cst.Subtract
            return handwritten.with_pairing(result, site.node, site.args[0], site.args[1], site.evaluator.in_training_step(), linear)
        return result

    return apply


for _name, _operation in _OPERATOR_FUNCTIONS.items():
    handles(f"torch.{_name}")(_operator_function(_operation))


@handles("torch.save")
def _save(site: CallSite) -> Optional[Value]:
    """``torch.save(tensor, path)``: what ``torch.load`` of that path gives."""
    data, path = site.value(0, "obj"), as_str(site.value(1, "f"))
    if path is not None and isinstance(data, Array):
        site.evaluator.files_written[path] = data
    return None


@handles("torch.load")
def _load(site: CallSite) -> Optional[Value]:
    """A tensor this script saved there, else unknown."""
    written = site.evaluator.files_written.get(as_str(site.value(0, "f")) or "")
    return dataclasses.replace(written, origin=site.node) if isinstance(written, Array) else None


@handles("torch.normal")
def _normal(site: CallSite) -> Optional[Value]:
    if site.given(None, "size") or (len(site.args) >= 3 and isinstance(site.value(2), Seq)):
        size = arrays.size_from_args((site.value(2, "size"),))
        typical = draws.location_spread(arrays.number(site.value(0, "mean")), arrays.number(site.value(1, "std")))
        scale = arrays.magnitude(typical, "torch.normal", site.node)
        return arrays.new(TENSOR, size, site.node, "float32", scale) if size is not None else None
    mean, std = site.value(0, "mean"), site.value(1, "std")
    drawn = arrays.elementwise(mean, std, site.node)
    spread = arrays.number(std)
    centre = mean.scale.overall() if isinstance(mean, Array) and mean.scale is not None else None
    if drawn is None or centre is None or spread is None:
        return drawn
    # Draws around each mean: as large as the mean, give or take one std.
    return arrays.converted(drawn, scale=arrays.magnitude(centre.size + abs(spread), "torch.normal", site.node))


def loss_result(site: CallSite) -> Optional[Value]:
    """What a loss returns: a scalar (unknown with reduction='none'), attached
    to the graph when the prediction is and autograd is on."""
    reduction = site.value(None, "reduction")
    if reduction == Const("none"):
        return None
    prediction = site.value(0, "input")
    attached = isinstance(prediction, Array) and prediction.graph is not None and site.evaluator.grad_enabled[-1]
    return Array(kind=TENSOR, shape=(), origin=site.node, dtype="float32", graph="loss" if attached else None)


for _functional in FUNCTIONAL_LOSSES:
    handles(f"torch.nn.functional.{_functional}")(loss_result)


@handles("torch.nn.Linear")
def _linear(site: CallSite) -> Optional[Value]:
    return Linear(as_dim(site.value(0, "in_features")), as_dim(site.value(1, "out_features")), site.node)


@handles("torch.nn.LazyLinear")
def _lazy_linear(site: CallSite) -> Optional[Value]:
    return Linear(None, as_dim(site.value(0, "out_features")), site.node)


@handles("torch.nn.Sequential")
def _sequential(site: CallSite) -> Optional[Value]:
    if not site.only_positional():
        return None
    modules = site.positional()
    if len(modules) == 1 and isinstance(modules[0], Bunch):
        return Sequential(tuple(layer for _, layer in modules[0].fields))  # nn.Sequential(OrderedDict(...))
    return Sequential(modules)


def _activation(qualname: str):
    def make(site: CallSite) -> Optional[Value]:
        if "Dropout" in qualname and site.value(0, "p") in (Const(0), Const(0.0)):
            return Activation("torch.nn.Identity")  # dropout that drops nothing
        return Activation(qualname)

    return make


for _name in SHAPE_PRESERVING_MODULES:
    handles(f"torch.nn.{_name}")(_activation(f"torch.nn.{_name}"))


@handles("torch.nn.Flatten")
def _flatten_module(site: CallSite) -> Optional[Value]:
    start = arrays.axis_of(site.value(0, "start_dim")) if site.given(0, "start_dim") else 1
    end = arrays.axis_of(site.value(1, "end_dim")) if site.given(1, "end_dim") else -1
    return Flatten(start, end)


def _spatial(qualname: str, spatial: int, kind: str):
    """Convolutions (out_channels second), pooling (channels kept), adaptive pooling (output size first)."""

    def make(site: CallSite) -> Optional[Value]:
        if kind == "adaptive":
            return _adaptive(qualname, spatial, site.value(0, "output_size"))
        if torch_layers.returns_indices(site, qualname):
            return TorchModule(qualname)  # (values, indices), not one tensor
        window = torch_layers.window_of(site, qualname, spatial)
        if kind == "conv":
            return SpatialLayer(qualname, spatial, channels=as_dim(site.value(1, "out_channels")), window=window)
        return SpatialLayer(qualname, spatial, window=window)

    return make


def _adaptive(qualname: str, spatial: int, size: Optional[Value]) -> SpatialLayer:
    if isinstance(size, Seq):
        output = tuple(as_dim(item) for item in size.items)
    else:
        output = (as_dim(size),) * spatial
    return SpatialLayer(qualname, spatial, output=output if len(output) == spatial else None)


for _dims in (1, 2, 3):
    for _name in (f"Conv{_dims}d", f"ConvTranspose{_dims}d"):
        handles(f"torch.nn.{_name}")(_spatial(f"torch.nn.{_name}", _dims, "conv"))
    for _name in (f"MaxPool{_dims}d", f"AvgPool{_dims}d", f"LPPool{_dims}d"):
        handles(f"torch.nn.{_name}")(_spatial(f"torch.nn.{_name}", _dims, "pool"))
    for _name in (f"AdaptiveAvgPool{_dims}d", f"AdaptiveMaxPool{_dims}d"):
        handles(f"torch.nn.{_name}")(_spatial(f"torch.nn.{_name}", _dims, "adaptive"))


def _loss_module(qualname: str):
    def make(site: CallSite) -> Optional[Value]:
        return LossModule(qualname, site.node, as_str(site.value(None, "reduction")))

    return make


for _name in LOSS_CLASSES:
    handles(f"torch.nn.{_name}")(_loss_module(f"torch.nn.{_name}"))


# What each shape-keeping module does to the activation of its input.
_MODULE_ACTIVATIONS = {
    "torch.nn.Sigmoid": "sigmoid",
    "torch.nn.Softmax": "softmax",
    "torch.nn.LogSoftmax": "log_softmax",
}
_TRANSPARENT_MODULES = frozenset({"torch.nn.Dropout", "torch.nn.Identity", "torch.nn.AlphaDropout"})


# A model known only by what was done to it (``model.eval()``): called, it
# gives a tensor, on the graph when autograd records.
SOME_MODEL = TorchModule("torch.nn.Module")


def apply_layer(module: Value, value: Optional[Value], node, grad_enabled: bool) -> Optional[Value]:
    """The output of a library module applied to one input."""
    if isinstance(module, Recurrent) and isinstance(value, packed_sequences.Packed):
        return packed_sequences.recurrent_output(module, value, node, "output" if grad_enabled else None)
    if isinstance(module, Recurrent):
        return torch_layers.recurrent_output(module, value, node, "output" if grad_enabled else None)
    if isinstance(module, Embedding):
        return torch_layers.embedded(module, value, node, "output" if grad_enabled else None)
    if isinstance(module, Attention):
        return torch_layers.attended(module, value, node, "output" if grad_enabled else None)
    if isinstance(module, Resample):
        return torch_layers.resampled(module, value, node, "output" if grad_enabled else None) if isinstance(value, Array) else None
    if isinstance(module, PixelShuffle):
        return torch_layers.shuffled(module, value, node, "output" if grad_enabled else None) if isinstance(value, Array) else None
    if value is None and (isinstance(module, (Linear, SpatialLayer, Activation)) or module == SOME_MODEL):
        value = unknown_tensor(node)
    if not isinstance(value, Array):
        return None
    graph = "output" if grad_enabled else None
    if isinstance(module, LastDimLayers):
        if not value.shape:
            return None
        return Array(kind=TENSOR, shape=value.shape[:-1] + (None,), origin=node, dtype=value.dtype, graph=graph)
    if isinstance(module, Activation):
        if module.qualname in _TRANSPARENT_MODULES:
            return arrays.converted(value)
        return arrays.activated(value, _MODULE_ACTIVATIONS.get(module.qualname), node)
    if value.shape is None:
        # Shape unknown, but still the module's output, made here: an array on
        # the graph (and, from a Linear, logits).
        activation = "logits" if isinstance(module, Linear) else None
        if isinstance(module, (Linear, SpatialLayer, TorchModule)):
            return Array(
                kind=TENSOR, shape=None, origin=node, dtype=value.dtype, activation=activation, activated_at=node if activation else None, graph=graph
            )
        return None
    if isinstance(module, TorchModule):
        return Array(kind=TENSOR, shape=None, origin=node, dtype=value.dtype, graph=graph)
    if isinstance(module, Linear):
        if not value.shape:
            return None
        last, expected = value.shape[-1], module.in_features
        if isinstance(last, int) and isinstance(expected, int) and last != expected:
            return None  # PyTorch would raise here: what is known about the input must be off
        return Array(
            kind=TENSOR,
            shape=value.shape[:-1] + (module.out_features,),
            origin=node,
            dtype=value.dtype,
            activation="logits",
            activated_at=node,
            graph="output" if grad_enabled else None,
        )
    if isinstance(module, Flatten):
        if module.start_dim is None or module.end_dim is None:
            return None
        return arrays.flattened(value, module.start_dim, module.end_dim, node)
    if isinstance(module, SpatialLayer):
        rank = len(value.shape)
        if rank not in (module.spatial + 1, module.spatial + 2):
            return None  # neither a batch nor a single sample: PyTorch would raise
        leading = value.shape[: rank - module.spatial - 1]
        channels = module.channels if module.qualname.split(".")[-1].startswith("Conv") else value.shape[rank - module.spatial - 1]
        sizes = tuple(value.shape[rank - module.spatial:])
        if module.output is not None:
            spatial = module.output
        elif module.window is not None:
            spatial = torch_layers.window_sizes(module.window, sizes)
            if spatial is None:
                return None  # no output left: PyTorch would raise, so what is known must be off
        else:
            spatial = (None,) * module.spatial
        return Array(
            kind=TENSOR,
            shape=tuple(leading) + (channels,) + tuple(spatial),
            origin=node,
            dtype=value.dtype,
            graph="output" if grad_enabled else None,
        )
    return None


@handles("torch.split", "torch.chunk")
def _pieces(site: CallSite) -> Optional[Value]:
    axis = site.value(2, "dim") if site.given(2, "dim") else Const(0)
    how = "chunk" if site.node.func.attr.value == "chunk" else "split"  # type: ignore[attr-defined]
    given = site.value(1, "chunks" if how == "chunk" else "split_size_or_sections")
    return arrays.pieces(site.value(0, "tensor") or site.value(0, "input"), axis, site.node, how, given)


def _pooling_function(qualname: str, spatial: int):
    """torch.nn.functional's pooling: the layer's arithmetic on its first argument."""

    def apply(site: CallSite) -> Optional[Value]:
        if "adaptive" in qualname:
            if site.given(2, "return_indices"):
                return None
            layer = _adaptive(qualname, spatial, site.value(1, "output_size"))
        elif torch_layers.returns_indices(site, qualname):
            return None
        else:
            whole = global_pooling.whole_dim_window(site, spatial)
            if whole is not None:
                pooled, window = whole
                return apply_layer(SpatialLayer(qualname, spatial, window=window), pooled, site.node, site.evaluator.grad_enabled[-1])
            layer = SpatialLayer(qualname, spatial, window=torch_layers.window_of(site, qualname, spatial))
        return apply_layer(layer, site.value(0, "input"), site.node, site.evaluator.grad_enabled[-1])

    return apply


for _dims in (1, 2, 3):
    for _name in (f"max_pool{_dims}d", f"avg_pool{_dims}d", f"adaptive_avg_pool{_dims}d", f"adaptive_max_pool{_dims}d"):
        handles(f"torch.nn.functional.{_name}")(_pooling_function(f"torch.nn.functional.{_name}", _dims))


@handles("torch.utils.data.TensorDataset")
def _tensor_dataset(site: CallSite) -> Optional[Value]:
    if not site.only_positional():
        return None
    return TensorData(site.positional())


@handles("torch.utils.data.DataLoader")
def _data_loader(site: CallSite) -> Optional[Value]:
    if site.given(None, "batch_sampler") or site.value(1, "batch_size") == Const(None) or not site.complete:
        return Loader(None, site.node)  # batches this analysis cannot predict
    collate = site.value(None, "collate_fn")
    # One sample a batch: (1, 1) against (1,) broadcasts to the same pair.
    single = site.value(1, "batch_size") == Const(1) or not site.given(1, "batch_size")
    if not site.given(None, "collate_fn") or collate == Const(None):
        return Loader(site.value(0, "dataset"), site.node, single=single)
    if isinstance(collate, (FunctionValue, LambdaValue)):
        return Loader(site.value(0, "dataset"), site.node, collate)
    return Loader(None, site.node)


@handles("torch.utils.data.ConcatDataset")
def _concat_dataset(site: CallSite) -> Optional[Value]:
    """TensorDatasets one after another: rows like those every part has."""
    parts = site.value(0, "datasets")
    if not (isinstance(parts, Seq) and parts.items and all(isinstance(part, TensorData) for part in parts.items)):
        return None
    counts = {len(part.tensors) for part in parts.items}  # type: ignore[union-attr]
    if len(counts) != 1:
        return None
    columns = zip(*(part.tensors for part in parts.items))  # type: ignore[union-attr]
    return TensorData(tuple(functools.reduce(join, column) for column in columns))


def _part_of(dataset: Optional[Value]) -> Optional[Value]:
    """Some rows of ``dataset``: a TensorDataset's tensors keep all but their
    row count (``part[:]`` is not as long as the whole)."""
    if not isinstance(dataset, TensorData):
        return dataset
    return TensorData(
        tuple(
            tensor.with_shape((None,) + tuple(tensor.shape[1:]), tensor.origin)
            if isinstance(tensor, Array) and tensor.shape
            else tensor
            for tensor in dataset.tensors
        )
    )


@handles("torch.utils.data.Subset")
def _subset(site: CallSite) -> Optional[Value]:
    return _part_of(site.value(0, "dataset"))


@handles("torch.utils.data.random_split")
def _random_split(site: CallSite) -> Optional[Value]:
    dataset = site.value(0, "dataset")
    lengths = site.value(1, "lengths")
    if dataset is None or not isinstance(lengths, Seq):
        return None
    return Seq(tuple(_part_of(dataset) for _ in lengths.items), "list")


def _models_of(parameters: Optional[Value]) -> Tuple[Value, ...]:
    """The models an optimizer's parameters come from when there are several:
    joined (``chain(G.parameters(), D.parameters())``) or in parameter groups
    (``[{"params": G.parameters()}, {"params": D.parameters(), "lr": 1e-4}]``)."""
    if isinstance(parameters, Parameters):
        return parameters.joint
    groups = parameters.items if isinstance(parameters, Seq) else ()
    owners = [group.get("params") for group in groups if isinstance(group, Bunch)]
    if len(owners) < 2 or len(owners) != len(groups) or not all(isinstance(owner, Parameters) and owner.owners() for owner in owners):
        return ()
    return tuple(model for owner in owners for model in owner.owners())  # type: ignore[union-attr]


def _optimizer(qualname: str):
    def make(site: CallSite) -> Optional[Value]:
        parameters = site.value(0, "params")
        model = parameters.owner if isinstance(parameters, Parameters) else None
        tensors = isinstance(parameters, Seq) and bool(parameters.items) and all(
            isinstance(item, Array) and item.kind == TENSOR for item in parameters.items
        )
        return Optimizer(qualname, site.value(1, "lr"), site.node, model, tensors_only=tensors, models=_models_of(parameters))

    return make


@handles("torch.amp.GradScaler", "torch.cuda.amp.GradScaler", "torch.GradScaler", "torch.cpu.amp.GradScaler")
def _grad_scaler(site: CallSite) -> Optional[Value]:
    return LibraryObject("torch.amp.GradScaler")


for _name in OPTIMIZERS:
    handles(f"torch.optim.{_name}")(_optimizer(f"torch.optim.{_name}"))


def batched(sample: Optional[Value], node, single: bool = False) -> Optional[Value]:
    """What default_collate makes of one sample: a batch dim in front of each
    tensor (1 for a loader of one sample a batch)."""
    rows: shapes.Dim = 1 if single else shapes.BATCH
    if isinstance(sample, Array):
        if sample.shape is None:
            return None
        return Array(
            kind=TENSOR,
            shape=(rows,) + tuple(sample.shape),
            origin=sample.origin,
            dtype=sample.dtype,
            scale=sample.scale,
        )
    if isinstance(sample, Const) and isinstance(sample.value, (int, float)) and not isinstance(sample.value, bool):
        return Array(kind=TENSOR, shape=(rows,), origin=node, dtype="int64" if isinstance(sample.value, int) else "float64")
    if isinstance(sample, (Number, SymInt)):
        # A number of unknown value per sample: a 1-D batch (of floats, or numpy
        # scalars whose dtype the number does not say; of int64 for ints).
        return Array(kind=TENSOR, shape=(rows,), origin=node, dtype="int64" if isinstance(sample, SymInt) else None)
    if isinstance(sample, Seq):
        return Seq(tuple(batched(item, node, single) for item in sample.items), "list")
    if type(sample) in (Bunch, Record):  # a dict or namedtuple: one batch per key (not a module dict or a dataset)
        return type(sample)(tuple((key, batched(value, node, single)) for key, value in sample.fields))
    return None


def dataset_rows(dataset: Value) -> Optional[Tuple[Optional[Value], ...]]:
    """The per-row values of a TensorDataset: its tensors minus their first dim."""
    if not isinstance(dataset, TensorData):
        return None
    rows = []
    for tensor in dataset.tensors:
        if isinstance(tensor, Array) and tensor.shape:
            rows.append(Array(kind=TENSOR, shape=tensor.shape[1:], origin=tensor.origin, dtype=tensor.dtype, scale=tensor.scale))
        else:
            rows.append(None)
    return tuple(rows)
