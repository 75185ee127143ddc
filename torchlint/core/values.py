"""What the analysis knows about a value.

``None`` always means "unknown": a value that no rule may draw a conclusion
from. Every other value is one of the classes below, and each states only what
is certain on every path that reaches it (see ``join``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Dict, FrozenSet, Iterator, Optional, Tuple

from torchlint.core import scales
from torchlint.core.scales import Scale
from torchlint.core.shapes import Dim, Shape, join_dims, join_shapes

if TYPE_CHECKING:
    import libcst as cst

    from torchlint.core.scope import Scope


class Value:
    """Base of every known value."""

    __slots__ = ()


# A torch.nn class by its qualified name, and the bases that make a class a module.
TORCH_NN_CLASS = re.compile(r"^torch\.nn\.[A-Z]\w*$")
MODULE_BASES = frozenset({"torch.nn.Module", "pytorch_lightning.LightningModule", "pytorch_lightning.core.LightningModule"})


@dataclass(frozen=True)
class Const(Value):
    """A Python literal: int, float, str, bool, None or Ellipsis."""

    value: object


@dataclass(frozen=True)
class SymInt(Value):
    """An int whose value is not a literal: a named size such as len(X), or unknown."""

    dim: Dim


@dataclass(frozen=True)
class RangeInt(SymInt):
    """One int between literal bounds (of ``range(low, high)``, a
    ``random.randint(1, 5)`` draw): what its values are, should a list of
    them become data (``torch.tensor([x for x in range(1, 4000)])``)."""

    scale: Optional[Scale] = None


@dataclass(frozen=True)
class Number(Value):
    """A Python float whose value is not a literal (``float(text)``, a draw,
    a sum of such): a scalar, as far as shapes go. ``scale``: how large it
    typically is, when its source says (``random.uniform(500, 3500)``,
    ``time.time()``), should a list of such become data."""

    scale: Optional[Scale] = None


@dataclass(frozen=True)
class Seq(Value):
    """A tuple or list whose items are known one by one."""

    items: Tuple[Optional[Value], ...]
    kind: str = "tuple"


@dataclass(frozen=True)
class PathValue(Value):
    """A ``pathlib.Path`` made of literal parts: the path as written."""

    path: str


@dataclass(frozen=True)
class Ref(Value):
    """A library module, function or class, by its canonical qualified name."""

    qualname: str


@dataclass(frozen=True)
class Array(Value):
    """A torch tensor, numpy array, pandas DataFrame or pandas Series."""

    kind: str  # "tensor", "ndarray", "frame" or "series"
    shape: Optional[Shape]
    # The node that gave the value its current shape: the evidence a finding cites.
    origin: Optional[cst.CSTNode] = None
    dtype: Optional[str] = None
    scale: Optional[Scale] = None
    # For pandas frames whose columns are listed in the code.
    columns: Optional[Tuple[str, ...]] = None
    # Which statistic of another array this is ("mean", "std", "max", ...), if any.
    statistic: Optional[str] = None
    # The last activation applied ("sigmoid", "softmax", "log_softmax"), or
    # "logits" for the raw output of a Linear layer.
    activation: Optional[str] = None
    # The node that applied ``activation`` (the softmax call, the layer that
    # ran): the evidence TL004 cites, which ``origin`` (where the shape was
    # set) is not.
    activated_at: Optional[cst.CSTNode] = None
    # Attached to an autograd graph, as what: "loss" (a loss computed with
    # autograd on), "output" (a model's output with autograd on) or
    # "parameter" (a tensor made to be trained: requires_grad=True, nn.Parameter).
    graph: Optional[str] = None
    # For a shape not known: the most dims it can have (np.loadtxt gives a
    # column or a table, so ``data[:, -1]`` shows a table of rows).
    rank_at_most: Optional[int] = None
    # Every value the same number (torch.zeros, np.ones, torch.full, ..._like):
    # a target so made gives an elementwise loss the same value, broadcast or not.
    filled: bool = False
    # Made from a product that paired every prediction with every target
    # (``y * torch.log(p)`` with p (N, 1) and y (N,)): see ``handwritten``.
    paired: Optional["Pairing"] = None
    # None on some path (``return None, r`` at an episode's end): whether it
    # is None here is not known; as an array, this is what it is.
    optional: bool = False

    def integral(self) -> bool:
        """Whether it holds integers or booleans (ids, labels, masks)."""
        return (self.dtype or "").startswith(("int", "uint", "bool"))

    def with_shape(self, shape: Optional[Shape], origin: Optional[cst.CSTNode]) -> "Array":
        """The same data in another shape. Per-column scales survive only if
        the columns (the last dim) stay where they were."""
        scale = self.scale
        # A last dim of unknown size kept in place: the same columns only where the rank is the same too (not a ravel).
        same_columns = shape and self.shape and shape[-1] == self.shape[-1] and (shape[-1] is not None or len(shape) == len(self.shape))
        if scale is not None and scale.channels_first:
            same_columns = shape == self.shape  # columns along dim 1: kept only as they are
        if scale is not None and not same_columns:
            steps = _steps_flattened(self.shape, shape)
            if steps is not None and scale.columns is not None and not scale.prefix and len(scale.columns) == self.shape[-1]:  # type: ignore[index]
                # Windows (N, T, F) flattened to (N, T * F): each step's F columns one after another.
                scale = dataclasses.replace(scale, columns=scale.columns * steps)
            else:
                scale = scale.without_columns()
        if scale is not None and scale.rows is not None:
            scale = dataclasses.replace(scale, rows=None)
        return dataclasses.replace(self, shape=shape, origin=origin, columns=None, scale=scale, rank_at_most=None)


def _steps_flattened(old: Optional[Shape], new: Optional[Shape]) -> Optional[int]:
    """T when ``new`` is ``old`` (..., T, F) with its last two dims made one, T * F."""
    if not old or not new or len(old) < 3 or len(new) != len(old) - 1 or tuple(new[:-1]) != tuple(old[:-2]):
        return None
    steps, width = old[-2], old[-1]
    if not (isinstance(steps, int) and isinstance(width, int) and new[-1] == steps * width):
        return None
    return steps


@dataclass(frozen=True)
class Pairing:
    """A product, sum or difference of the model's output and data (or a
    second output) of shapes (N, 1) and (N,), either way round, at ``node``:
    each operand's value and expression."""

    node: cst.CSTNode
    prediction: Value
    prediction_node: cst.CSTNode
    target: Value
    target_node: cst.CSTNode
    # Made by a sum or difference: its mean is the mean of each side's, the
    # same as without the broadcast, until a square or absolute value of it.
    linear: bool = False


@dataclass(frozen=True)
class Linear(Value):
    """torch.nn.Linear(in_features, out_features)."""

    in_features: Dim
    out_features: Dim
    node: Optional[cst.CSTNode] = None


@dataclass(frozen=True)
class Sequential(Value):
    """torch.nn.Sequential of the listed layers (None where a layer is unknown)."""

    layers: Tuple[Optional[Value], ...]


@dataclass(frozen=True)
class Activation(Value):
    """A torch.nn module that keeps its input's shape (ReLU, Sigmoid, Dropout, ...)."""

    qualname: str


@dataclass(frozen=True)
class LastDimLayers(Value):
    """Any number of layers, none included, each of which changes at most the
    last dim (Linear, activations, norms): the hidden layers a loop appended
    over a count the analysis does not know. The last dim after them is not known."""


@dataclass(frozen=True)
class Flatten(Value):
    """torch.nn.Flatten(start_dim, end_dim); None where an argument is not a literal."""

    start_dim: Optional[int] = 1
    end_dim: Optional[int] = -1


@dataclass(frozen=True)
class Window:
    """The sliding window of a convolution or pooling layer, one entry per
    spatial dim (padding None: "same")."""

    kernel: Tuple[int, ...]
    stride: Tuple[int, ...]
    padding: Optional[Tuple[int, ...]]
    dilation: Tuple[int, ...]
    output_padding: Tuple[int, ...]
    ceil_mode: bool = False
    transposed: bool = False


@dataclass(frozen=True)
class SpatialLayer(Value):
    """A convolution or pooling layer over ``spatial`` dims (Conv2d: 2): it
    keeps the batch dim, sets the channels (``channels``, or keeps them when
    None) and the spatial sizes: ``output`` (adaptive pooling), what ``window``
    makes of known input sizes, or unknown."""

    qualname: str
    spatial: int
    channels: Dim = None
    output: Optional[Tuple[Dim, ...]] = None
    window: Optional[Window] = None


@dataclass(frozen=True)
class LossModule(Value):
    """An instance of a torch.nn loss class, e.g. nn.MSELoss()."""

    qualname: str
    node: Optional[cst.CSTNode] = None
    # The ``reduction=`` its constructor was given as a literal ("none", "sum"), if any.
    reduction: Optional[str] = None


@dataclass(frozen=True)
class TorchModule(Value):
    """Any other torch.nn module: known to be a module, its output is unknown."""

    qualname: str


@dataclass(frozen=True)
class ZooModel(TorchModule):
    """A model of torchvision's zoo (or timm's): ``head`` (the module at
    attribute ``head_name``) gets the pooled features, (B, ``features``), and
    makes the output."""

    head_name: str = "fc"
    head: Optional[Value] = None
    features: Dim = None
    # A layer of its body that behaves differently in training mode (TL006).
    mode_layer: Optional[str] = None
    # How many children come before its global pooling and head, when
    # ``list(model.children())`` is modelled (ResNets: conv1 ... layer4); 0 when not.
    body_children: int = 0


@dataclass(frozen=True)
class ZooStage(TorchModule):
    """A child of a zoo model (``list(resnet.children())[:-1]``), by what it
    makes of images: "body" (channels and sizes not followed), "features" (the
    last body stage: ``channels`` channels) or "pool" (global average pooling
    to 1 x 1)."""

    role: str = "body"
    channels: Dim = None


@dataclass(frozen=True)
class Recurrent(TorchModule):
    """nn.LSTM, nn.GRU or nn.RNN: sizes as given (None where not a literal)."""

    input_size: Dim = None
    hidden_size: Dim = None
    num_layers: Optional[int] = 1
    batch_first: Optional[bool] = False
    bidirectional: Optional[bool] = False
    proj_size: Optional[int] = 0


@dataclass(frozen=True)
class Embedding(TorchModule):
    """nn.Embedding (``bag`` False) or nn.EmbeddingBag: one vector of ``dim`` per index."""

    dim: Dim = None
    bag: bool = False


@dataclass(frozen=True)
class Resample(TorchModule):
    """nn.Upsample and kin: the spatial dims after the batch and channels
    scaled by ``factor`` or set to ``size`` (None where not a literal)."""

    factor: Optional[float] = None
    size: Optional[Tuple[Dim, ...]] = None


@dataclass(frozen=True)
class PixelShuffle(TorchModule):
    """nn.PixelShuffle (channels folded into space, ``factor`` times each
    spatial dim) or nn.PixelUnshuffle (``inverse``: space folded into channels)."""

    factor: Optional[int] = None
    inverse: bool = False


@dataclass(frozen=True)
class Attention(TorchModule):
    """A transformer encoder or decoder (layer): its output has its first
    input's shape; nn.MultiheadAttention (``weights``) also returns the
    attention weights."""

    weights: bool = False


@dataclass(frozen=True)
class GradMode(Value):
    """torch.no_grad(), torch.inference_mode(), torch.enable_grad(): whether
    autograd records inside the block (or the function) it governs."""

    enabled: bool


@dataclass(frozen=True)
class Optimizer(Value):
    qualname: str
    lr: Optional[Value] = None
    node: Optional[cst.CSTNode] = None
    # The model whose parameters it updates, when built from model.parameters().
    model: Optional[Value] = None
    # Built from a list of tensors of the file's own (SGD([patch])): it updates those, no model.
    tensors_only: bool = False
    # The models whose parameters it updates together (a GAN's info loss over G and D).
    models: Tuple[Value, ...] = ()


@dataclass(frozen=True)
class LibraryObject(Value):
    """An instance of a library class the analysis knows by name only
    (torch.amp.GradScaler(), ...): its method calls are known calls that do
    nothing the analysis follows."""

    qualname: str


@dataclass(frozen=True)
class Parameters(Value):
    """model.parameters() and its kin; of several models joined
    (``itertools.chain(G.parameters(), D.parameters())``), those models."""

    owner: Optional[Value]
    joint: Tuple[Value, ...] = ()

    def owners(self) -> Tuple[Value, ...]:
        return self.joint or ((self.owner,) if self.owner is not None else ())


@dataclass(frozen=True)
class TensorData(Value):
    """torch.utils.data.TensorDataset (or a Subset of one): the tensors it indexes."""

    tensors: Tuple[Optional[Value], ...]


@dataclass(frozen=True)
class Loader(Value):
    """torch.utils.data.DataLoader over a dataset."""

    dataset: Optional[Value]
    node: Optional[cst.CSTNode] = None
    # The file's own collate_fn (a FunctionValue or LambdaValue), which makes each batch of a list of items.
    collate_fn: Optional[Value] = None
    # Whether each batch holds one sample (batch_size=1, DataLoader's default).
    single: bool = False


@dataclass(frozen=True)
class Iterable(Value):
    """Something iterated item by item (range, enumerate, zip, a generator)."""

    item: Optional[Value]
    # Every item, in order, when they are few and known (``range(3)``).
    items: Tuple[Value, ...] = ()
    # Known to hold at least one item (``range(1000)``): a loop over it runs.
    nonempty: bool = False
    # The ints of a range of literal bounds, however many (``items`` holds a few only).
    ints: Optional[range] = None


@dataclass(frozen=True)
class ListOf(Value):
    """A list of unknown length whose items are all ``item`` (a comprehension, ``list(range(n))``)."""

    item: Optional[Value]
    # The item appended last, when known: the output layer appended after a
    # loop of hidden ones (``layers.append(nn.Linear(h, 1))``).
    last: Optional[Value] = None


@dataclass(frozen=True)
class Bunch(Value):
    """An attribute bag with known fields (a sklearn dataset Bunch)."""

    fields: Tuple[Tuple[str, Optional[Value]], ...]

    def get(self, name: str) -> Optional[Value]:
        return dict(self.fields).get(name)


@dataclass(frozen=True)
class Record(Bunch):
    """A namedtuple's instance: its fields by name and, in order, a tuple
    (``state, action = transition``, ``zip(*transitions)``)."""

    def values(self) -> Tuple[Optional[Value], ...]:
        return tuple(value for _, value in self.fields)


@dataclass(frozen=True)
class ColumnName(Value):
    """One of a frame's column labels, its text not known (``for c in df.columns``, ``for c in df``)."""


def tuple_items(value: Optional[Value]) -> Optional[Tuple[Optional[Value], ...]]:
    """The items, in order, of a tuple or list known item by item, or of a namedtuple."""
    if isinstance(value, Seq):
        return value.items
    if isinstance(value, Record):
        return value.values()
    return None


@dataclass(frozen=True)
class Mapping(Value):
    """A dict whose keys are not known one by one, every value like ``value``
    (``{w: i for i, w in enumerate(vocab)}``, ``vocab[w] = len(vocab)`` in a loop)."""

    value: Optional[Value]


@dataclass(frozen=True)
class NpzArchive(Bunch):
    """``np.load`` of an ``.npz`` file: its arrays by name; ``with`` binds it itself."""


@dataclass(frozen=True)
class ImageDataset(Bunch):
    """A torchvision image dataset: its in-memory fields (``.data``,
    ``.targets``) and the (image, label) pair indexing it gives once its
    ``transform`` ran; None when that is not known."""

    sample: Optional[Value] = None


@dataclass(frozen=True)
class ModuleList(Seq):
    """nn.ModuleList: a list of modules that is itself a module."""


@dataclass(frozen=True)
class ModuleDict(Bunch):
    """nn.ModuleDict: modules by name, itself a module."""


@dataclass(frozen=True)
class BoundMethod(Value):
    """``receiver.name`` where receiver is known and ``name`` is not a data attribute."""

    receiver: Value
    name: str


@dataclass(frozen=True, eq=False)
class FunctionValue(Value):
    """A function or method defined in the file being analysed."""

    node: cst.FunctionDef
    scope: "Scope"
    defaults: Tuple[Tuple[str, Optional[Value]], ...] = ()
    bound_self: Optional[Value] = None
    owner: Optional["ClassValue"] = None
    # False for a function decorated with @torch.no_grad() or kin.
    grad_enabled: Optional[bool] = None

    @property
    def name(self) -> str:
        return self.node.name.value


@dataclass(frozen=True, eq=False)
class LambdaValue(Value):
    """A lambda of the file: its body is evaluated where it is called
    (``self.actor = lambda s: -K * s``, ``loss_fn = lambda p, t: ((p - t) ** 2).mean()``)."""

    node: cst.Lambda
    scope: "Scope"
    defaults: Tuple[Tuple[str, Optional[Value]], ...] = ()


@dataclass(eq=False)
class ClassValue(Value):
    """A class defined in the file being analysed."""

    node: cst.ClassDef
    bases: Tuple[Optional[Value], ...]
    methods: Dict[str, FunctionValue] = field(default_factory=dict)
    attrs: Dict[str, Optional[Value]] = field(default_factory=dict)
    # Instance attributes that some method other than __init__ rebinds: their
    # value in one method says nothing certain about another.
    unstable: FrozenSet[str] = frozenset()

    @property
    def name(self) -> str:
        return self.node.name.value

    def lineage(self) -> Iterator["ClassValue"]:
        """This class, then the file's own classes it derives from, nearest first, each once."""
        seen = set()
        pending = [self]
        while pending:
            cls = pending.pop(0)
            if id(cls) not in seen:
                seen.add(id(cls))
                yield cls
                pending.extend(base for base in cls.bases if isinstance(base, ClassValue))

    def lookup(self, name: str) -> Optional[Value]:
        """A method or class attribute by name, searching the file's own base classes."""
        for cls in self.lineage():
            if name in cls.methods:
                return cls.methods[name]
            if name in cls.attrs:
                return cls.attrs[name]
        return None

    def library_bases(self) -> Tuple[str, ...]:
        """Qualified names of library classes this class derives from, directly or not."""
        return tuple(base.qualname for cls in self.lineage() for base in cls.bases if isinstance(base, Ref))

    def derives_from_module(self) -> bool:
        """An nn.Module (or a LightningModule), whether or not it defines forward()."""
        return any(base in MODULE_BASES or TORCH_NN_CLASS.match(base) for base in self.library_bases())


@dataclass(eq=False)
class Instance(Value):
    """An instance of a class defined in the file."""

    cls: ClassValue
    attrs: Dict[str, Optional[Value]] = field(default_factory=dict)

    def method(self, name: str) -> Optional[FunctionValue]:
        """The class's own method ``name`` (``__getitem__``, ``training_step``), bound to this instance."""
        found = self.cls.lookup(name)
        return dataclasses.replace(found, bound_self=self) if isinstance(found, FunctionValue) else None


MODULE_VALUES = (Linear, Sequential, Activation, Flatten, SpatialLayer, LossModule, TorchModule, ModuleList, ModuleDict)


def is_module(value: Optional[Value]) -> bool:
    """A torch.nn module, from the library or defined in the file."""
    if isinstance(value, MODULE_VALUES):
        return True
    return isinstance(value, Instance) and value.cls.lookup("forward") is not None


@dataclass(frozen=True)
class ModelChoice(Value):
    """One of several models, picked by a condition the analysis cannot
    decide (``if os.environ["MODEL"] == "lstm": model = LSTMNet() elif ...``):
    called, each gives its output, and what they agree on is certain."""

    options: Tuple[Value, ...]


# At most this many models in a choice: more branches are not followed.
MOST_MODEL_OPTIONS = 4


def _model_options(value: Value) -> Tuple[Value, ...]:
    return value.options if isinstance(value, ModelChoice) else (value,)


def _chosen_model(a: Value, b: Value) -> Optional[ModelChoice]:
    """Two models with weights on two paths: a choice of them (a loss or an
    activation picked by a setting is not one)."""
    if not all(isinstance(side, ModelChoice) or _has_weights(side) for side in (a, b)):
        return None
    options: Tuple[Value, ...] = ()
    for option in (*_model_options(a), *_model_options(b)):
        if not any(option is kept or option == kept for kept in options):
            options += (option,)
    return ModelChoice(options) if len(options) <= MOST_MODEL_OPTIONS else None


def _has_weights(value: Value) -> bool:
    """A module of the file's own or a library layer with weights, not a loss, an activation or a container."""
    return is_module(value) and not isinstance(value, (LossModule, Activation, Flatten, ModuleList, ModuleDict))


def _integer_scalar(value: Optional[Value]) -> bool:
    """A 0-d array of an integer dtype (``np.argmax(q)``): one int, as far as indexing goes."""
    return isinstance(value, Array) and value.shape == () and value.integral()


def join(a: Optional[Value], b: Optional[Value]) -> Optional[Value]:
    """What is certain of a value that is ``a`` on one path and ``b`` on another."""
    if a is b:
        return a
    if a is None or b is None:
        return None
    if a == b:
        return a
    if isinstance(a, Array) and b == Const(None):
        return dataclasses.replace(a, optional=True)
    if isinstance(b, Array) and a == Const(None):
        return dataclasses.replace(b, optional=True)
    if isinstance(a, Array) and isinstance(b, Array) and a.kind == b.kind:
        shape = join_shapes(a.shape, b.shape)
        return Array(
            kind=a.kind,
            shape=shape,
            origin=a.origin if shape is not None else None,
            dtype=a.dtype if a.dtype == b.dtype else None,
            scale=scales.join(a.scale, b.scale),
            columns=a.columns if a.columns == b.columns else None,
            statistic=a.statistic if a.statistic == b.statistic else None,
            activation=a.activation if a.activation == b.activation else None,
            activated_at=a.activated_at if a.activation == b.activation else None,
            graph=a.graph if a.graph == b.graph else None,
            optional=a.optional or b.optional,
        )
    if isinstance(a, Seq) and isinstance(b, Seq) and len(a.items) == len(b.items):
        return Seq(tuple(join(x, y) for x, y in zip(a.items, b.items)), a.kind)
    if (isinstance(a, ColumnName) and (isinstance(b, ColumnName) or as_str(b) is not None)) or (
        isinstance(b, ColumnName) and as_str(a) is not None
    ):
        # ["promo", "month"] + [c for c in df if c.startswith("dow_")]: column labels all.
        return ColumnName()
    if _is_list(a) and _is_list(b):
        # A list filled in a loop or a branch (xs.append(x)): its length
        # differs between paths, what each item is may not.
        return ListOf(join_all((*list_items(a), *list_items(b))))
    if isinstance(a, RangeInt) and isinstance(b, RangeInt):
        either = scales.either(a.scale, b.scale)
        return RangeInt(join_dims(a.dim, b.dim), either) if either is not None else SymInt(join_dims(a.dim, b.dim))
    if _is_int(a) and _is_int(b):
        return SymInt(join_dims(as_dim(a), as_dim(b)))
    chosen = _chosen_model(a, b)
    if chosen is not None:
        return chosen
    if (_is_int(a) and _integer_scalar(b)) or (_integer_scalar(a) and _is_int(b)):
        # env.action_space.sample() on one path, np.argmax(q) on the other: an index either way.
        return SymInt(None)
    if is_float(a) and is_float(b):
        if isinstance(a, Number) and isinstance(b, Number):
            return Number(scales.either(a.scale, b.scale))
        return Number()
    if (is_float(a) and _is_int(b)) or (_is_int(a) and is_float(b)):
        return Number()  # an int on one path, a float on the other: a Python number
    if isinstance(a, Iterable) and isinstance(b, Iterable):
        return Iterable(join(a.item, b.item))
    if isinstance(a, Loader) and isinstance(b, Loader) and a.single == b.single and a.collate_fn is b.collate_fn:
        # A loader made on either path (shuffle, num_workers or pin_memory by the device): batches of the same data.
        dataset = join(a.dataset, b.dataset)
        return Loader(dataset, a.node, a.collate_fn, a.single) if dataset is not None else None
    if isinstance(a, Instance) and isinstance(b, Instance) and a.cls is b.cls and not is_module(a):
        # Records of one class made on each pass of a loop (a graph snapshot, a
        # sample): what their attributes all are. Objects that point at each
        # other (a trainer and its callbacks, cb.trainer = self) are joined
        # once: met again inside their own join, they are unknown there.
        pair = (id(a), id(b))
        if pair in _JOINING:
            return None
        _JOINING.add(pair)
        try:
            names = dict.fromkeys((*a.attrs, *b.attrs))
            attrs = {name: join(a.attrs.get(name), b.attrs.get(name)) for name in names}
        finally:
            _JOINING.discard(pair)
        return a if attrs == a.attrs else Instance(a.cls, attrs)  # the same record again: loops settle
    if isinstance(a, _LAST_DIM_LAYERS) and isinstance(b, _LAST_DIM_LAYERS):
        # nn.Linear(n_in, h) on a loop's first pass, nn.ReLU() or nn.Linear(h, h) on the next.
        return LastDimLayers()
    if Const(None) in (a, b) and isinstance(b if a == Const(None) else a, (Seq, ListOf, Bunch, Mapping)):
        # A container on one path, None on the other (a loader's early `return
        # None, 0` for an empty file): where it is used as a container it is
        # that one, as None would raise there.
        return b if a == Const(None) else a
    if isinstance(a, Mapping) or isinstance(b, Mapping):
        # A vocabulary on one path, the empty dict it grew from on the other.
        values = [side.value for side in (a, b) if isinstance(side, Mapping)]
        if all(isinstance(side, Mapping) or (type(side) is Bunch and not side.fields) for side in (a, b)):
            return Mapping(join_all(tuple(values)))
        return None
    if isinstance(a, Record) and isinstance(b, Record) and [n for n, _ in a.fields] == [n for n, _ in b.fields]:
        return Record(tuple((name, join(value, b.get(name))) for name, value in a.fields))
    if type(a) is Bunch and type(b) is Bunch:
        # A dict changed on one path only (options.update(more) under an if): a
        # key of one path may be there; read, it holds what the path that set
        # it put there (on the other, reading it raises).
        keys = dict.fromkeys(name for name, _ in (*a.fields, *b.fields))
        first, second = dict(a.fields), dict(b.fields)
        return Bunch(
            tuple(
                (name, join(first[name], second[name]) if name in first and name in second else first.get(name, second.get(name)))
                for name in keys
            )
        )
    return None


# Layers that change at most their input's last dim (an Activation keeps it).
_LAST_DIM_LAYERS = (Linear, Activation, LastDimLayers)
# The pairs of instances whose join is under way (see join): met again inside it, a cycle.
_JOINING: set = set()


def _is_list(value: Value) -> bool:
    return isinstance(value, ListOf) or (isinstance(value, Seq) and value.kind == "list")


def list_items(value: Value) -> Tuple[Optional[Value], ...]:
    return (value.item,) if isinstance(value, ListOf) else value.items  # type: ignore[attr-defined]


def join_all(items: Tuple[Optional[Value], ...]) -> Optional[Value]:
    """What is certain of every one of ``items`` (None for no items: nothing is known)."""
    if not items:
        return None
    # A column label of unknown text first: the labels written out join it, where two texts would not join.
    items = tuple(sorted(items, key=lambda item: not isinstance(item, ColumnName)))
    joined = items[0]
    for item in items[1:]:
        joined = join(joined, item)
    return joined


def is_float(value: Optional[Value]) -> bool:
    """A Python float, known or not."""
    return isinstance(value, Number) or (isinstance(value, Const) and isinstance(value.value, float))


def _is_int(value: Value) -> bool:
    return isinstance(value, SymInt) or (
        isinstance(value, Const) and isinstance(value.value, int) and not isinstance(value.value, bool)
    )


def as_dim(value: Optional[Value]) -> Dim:
    """A value used as a size: a known int, a named size, or None."""
    if isinstance(value, Const) and isinstance(value.value, int) and not isinstance(value.value, bool):
        return value.value
    if isinstance(value, SymInt):
        return value.dim
    return None


def as_int(value: Optional[Value]) -> Optional[int]:
    dim = as_dim(value)
    return dim if isinstance(dim, int) else None


def dim_value(dim: Dim) -> Value:
    """The value of an expression such as ``X.shape[0]``."""
    return Const(dim) if isinstance(dim, int) else SymInt(dim)


def as_str(value: Optional[Value]) -> Optional[str]:
    """A literal string, or a path made of literal parts (read_csv(DATA / "train.csv"))."""
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value
    if isinstance(value, PathValue):
        return value.path
    return None
