"""What library calls, attributes, subscripts and operators do to values.

The evaluator asks this package about anything that is not plain Python; each
library's knowledge sits in its own module and registers itself on import.
Every function answers None when it is not sure.
"""

from __future__ import annotations

import dataclasses
import math
import operator
import re
from typing import Optional, Tuple, Union

import libcst as cst

from torchlint.core.api import argparse_, array_methods, arrays, builtins_, gym_, image_transforms, numpy_, pandas_, paths, sklearn_, textfiles, torch_, torch_distributions, torchvision_models
from torchlint.core.api import config_files, lightning_, opencv_, pil_, random_, seaborn_, torch_geometric_, torchtext_, torchvision_, transformers_  # noqa: F401  (imported for the handlers they register)
from torchlint.core.api.arrays import FRAME, NDARRAY, SERIES, TENSOR, SliceValue
from torchlint.core.api.builtins_ import builtin, nonempty
from torchlint.core.api.callsite import CallSite
from torchlint.core.api.iteration import iterate, known_items, labels_followed_by_more, leading_labels
from torchlint.core.facts import Arg
from torchlint.core.api.registry import FUNCTIONS, canonical
from torchlint.core.values import (
    Array,
    BoundMethod,
    Bunch,
    ClassValue,
    Const,
    FunctionValue,
    GradMode,
    ImageDataset,
    Iterable,
    Instance,
    LambdaValue,
    LibraryObject,
    Linear,
    ListOf,
    Mapping,
    NpzArchive,
    Loader,
    LossModule,
    MODULE_VALUES,
    ModuleDict,
    Number,
    Optimizer,
    Parameters,
    PathValue,
    RangeInt,
    Ref,
    Seq,
    Sequential,
    SymInt,
    TensorData,
    TORCH_NN_CLASS,
    TorchModule,
    Value,
    ZooModel,
    ZooStage,
    as_int,
    as_str,
    is_float,
    join,
    join_all,
    list_items,
    tuple_items,
)

Indexer = pandas_.Indexer

__all__ = [
    "IN_PLACE_KINDS",
    "Indexer",
    "DICT_MUTATORS",
    "LIST_MUTATORS",
    "SliceValue",
    "receiver_after",
    "mutate_dict",
    "mutate_list",
    "keywords",
    "set_shape",
    "apply_module",
    "attribute",
    "binary",
    "builtin",
    "nonempty",
    "call",
    "call_module_method",
    "canonical",
    "compare",
    "enter_context",
    "grad_mode",
    "iterate",
    "known_items",
    "labels_followed_by_more",
    "leading_labels",
    "loss_of",
    "setitem",
    "subscript",
    "unary",
    "unpack",
]

# Library modules, and containers of modules (ModuleList, ModuleDict).
_LIBRARY_MODULES = MODULE_VALUES


# ------------------------------------------------------------------- calls


# Arrays that augmented assignment changes in place, never growing them.
IN_PLACE_KINDS = frozenset({NDARRAY, TENSOR})


def call(callee: Value, site: CallSite) -> Optional[Value]:
    if isinstance(callee, Ref):
        handler = FUNCTIONS.get(callee.qualname)
        if handler is not None:
            return _trainable(handler(site), callee.qualname, site)
        if TORCH_NN_CLASS.match(callee.qualname):
            return TorchModule(callee.qualname)
        return None
    if isinstance(callee, BoundMethod):
        return _call_method(callee.receiver, callee.name, site)
    if isinstance(callee, LossModule):
        return torch_.loss_result(site)
    if isinstance(callee, builtins_.RecordType):
        return builtins_.record(callee, site)
    if isinstance(callee, transformers_.Encoder):
        return transformers_.encoded(callee, site, "output" if site.evaluator.grad_enabled[-1] else None)
    if isinstance(callee, _LIBRARY_MODULES):
        return apply_module(callee, site.value(0, "input"), site)
    if isinstance(callee, image_transforms.ImageTransform):
        image = site.value(0)
        return image_transforms.applied_to_array(callee, image, site.node) if isinstance(image, Array) else None
    return None


_PARAMETER_CLASSES = frozenset({"torch.nn.Parameter", "torch.nn.parameter.Parameter"})


def _trainable(result: Optional[Value], qualname: str, site: CallSite) -> Optional[Value]:
    """A tensor made to be trained (``requires_grad=True``, an
    ``nn.Parameter``) is marked so: the weights of a model written by hand."""
    if not (isinstance(result, Array) and result.kind == arrays.TENSOR):
        return result
    if qualname in _PARAMETER_CLASSES:
        trained = site.value(1, "requires_grad") != Const(False)
    else:
        trained = qualname.startswith("torch.") and site.value(None, "requires_grad") == Const(True)
    return dataclasses.replace(result, graph="parameter") if trained else result


# Methods of a literal string computed here: column names from a setting ("open,high,low".split(",")).
_STRING_METHODS = frozenset("split rsplit strip lstrip rstrip lower upper replace format join startswith endswith".split())


def _string_method(text: str, name: str, site: CallSite) -> Optional[Value]:
    """``"a,b".split(",")``, ``"x{}".format(1)``, ``",".join(names)``, ``path.endswith(".npz")``, of literal arguments only."""
    if site.kwargs or name not in _STRING_METHODS:
        return None
    args = []
    for value in site.positional():
        if name == "join" and isinstance(value, Seq) and all(as_str(item) is not None for item in value.items):
            args.append([as_str(item) for item in value.items])
        elif isinstance(value, Const) and isinstance(value.value, (str, int, float)):
            args.append(value.value)
        else:
            return None
    try:
        result = getattr(text, name)(*args)
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    if isinstance(result, list):
        return Seq(tuple(Const(part) for part in result), "list")
    return Const(result)


def _entry_or_default(entries: Bunch, key: Optional[Value], default: Optional[Value]) -> Optional[Value]:
    """``d.get(key, default)`` of a dict whose keys are known: the entry, or the
    default for a key it lacks; for a key not known, any of them."""
    name = as_str(key)
    fields = dict(entries.fields)
    if name is not None:
        return fields[name] if name in fields else default
    return join_all((*fields.values(), default))


# Reshapes whose result's shape the target alone gives, whatever is reshaped:
# ``values.reshape(-1, 1)`` of data not followed (a download) is (?, 1); ``view`` is a tensor's.
_RESHAPES = {"reshape": NDARRAY, "view": TENSOR}


def _reshaped_unknown(name: str, site: CallSite) -> Optional[Value]:
    if not site.only_positional() or not site.args:
        return None
    target = arrays.reshape_args(site.positional())
    if target is None:
        return None
    return arrays.reshaped(Array(kind=_RESHAPES[name], shape=None, origin=site.node), target, site.node)


def _call_method(receiver: Value, name: str, site: CallSite) -> Optional[Value]:
    if receiver is None:
        return _reshaped_unknown(name, site) if name in _RESHAPES else None
    if isinstance(receiver, Const) and isinstance(receiver.value, str):
        return _string_method(receiver.value, name, site)
    if isinstance(receiver, Array):
        if receiver.kind in (FRAME, SERIES):
            return pandas_.call_method(receiver, name, site)
        return array_methods.call(receiver, name, site)
    if isinstance(receiver, Bunch) and name in _DICT_VIEWS:
        return builtins_.dict_view(receiver, name)
    if isinstance(receiver, Mapping) and name in _DICT_VIEWS:
        return builtins_.mapping_view(receiver, name)
    if isinstance(receiver, Mapping) and name == "get":
        return join(receiver.value, site.value(1, "default")) if site.given(1, "default") else None
    if type(receiver) is Bunch and name == "get":
        return _entry_or_default(receiver, site.value(0, "key"), site.value(1, "default") if site.given(1, "default") else Const(None))
    if isinstance(receiver, (Bunch, Mapping)) and name == "setdefault":
        return setdefault_entry(receiver, site.value(0, "key"), site.value(1, "default"))
    if isinstance(receiver, _LIBRARY_MODULES):
        return call_module_method(receiver, name, site)
    if isinstance(receiver, sklearn_.Transformer):
        return sklearn_.call_method(receiver, name, site)
    if isinstance(receiver, pil_.PilImage):
        return pil_.call_method(receiver, name, site)
    if isinstance(receiver, pandas_.RowWindows):
        return pandas_.window_method(receiver, name)
    if isinstance(receiver, PathValue):
        return paths.call_method(receiver, name, site)
    if isinstance(receiver, pandas_.ColumnLabels):
        return pandas_.labels_method(receiver, name, site)
    if isinstance(receiver, pandas_.Datetimes):
        return pandas_.datetime_method(receiver, name, site)
    if isinstance(receiver, pandas_.StringMethods):
        return pandas_.string_method(receiver, name, site)
    if isinstance(receiver, (textfiles.TextFile, textfiles.Text, textfiles.Field)):
        return textfiles.call_method(receiver, name, site)
    if isinstance(receiver, torchtext_.TextDataset):
        return torchtext_.call_method(receiver, name, site)
    if isinstance(receiver, torch_distributions.Distribution):
        return torch_distributions.call_method(receiver, name, site)
    if isinstance(receiver, (gym_.Environment, gym_.Space)):
        return gym_.call_method(receiver, name, site)
    if isinstance(receiver, argparse_.ArgumentParser):
        return argparse_.call_method(receiver, name, site)
    if isinstance(receiver, torch_distributions.BatchedDistribution):
        return torch_distributions.batched_method(receiver, name, site)
    if isinstance(receiver, Bunch) and name in ("to", "cuda", "cpu") and name not in dict(receiver.fields):
        return receiver  # batch = batch.to(device) of a graph batch, a tokenizer's encoding: the same tensors, moved
    return None


# Methods of a dict-like object answered here: setdefault, get, and the moves of a batch of tensors.
_BUNCH_METHODS = frozenset("setdefault get to cuda cpu".split())
_RETURNS_SELF = frozenset("to cuda cpu float double half bfloat16 train eval requires_grad_ type apply share_memory".split())


def call_module_method(module: Value, name: str, site: CallSite) -> Optional[Value]:
    """Methods every nn.Module has, on library modules and the file's own."""
    if name in _RETURNS_SELF:
        return module
    if name in ("parameters", "named_parameters"):
        return Parameters(module)
    if name == "children" and isinstance(module, ZooModel):
        return torchvision_models.children(module)
    if name == "forward" and isinstance(module, _LIBRARY_MODULES) and not isinstance(module, LossModule):
        return apply_module(module, site.value(0, "input"), site)
    return None


def apply_module(module: Value, value: Optional[Value], site: CallSite) -> Optional[Value]:
    if isinstance(module, Sequential):
        for layer in module.layers:
            if layer is None:
                return None
            value = site.evaluator.call_module(layer, value, site)
        return value
    if isinstance(module, ZooModel):
        return torchvision_models.applied(module, value, site)
    if isinstance(module, ZooStage):
        return torchvision_models.stage_applied(module, value, site)
    return torch_.apply_layer(module, value, site.node, site.evaluator.grad_enabled[-1])


def loss_of(callee: Value) -> Optional[Tuple[str, str]]:
    """(functional name, name as written) when ``callee`` is a loss."""
    if isinstance(callee, LossModule):
        name = callee.qualname.rsplit(".", 1)[-1]
        return torch_.LOSS_CLASSES[name], name
    if isinstance(callee, Ref) and callee.qualname.startswith("torch.nn.functional."):
        name = callee.qualname.rsplit(".", 1)[-1]
        if name in torch_.FUNCTIONAL_LOSSES:
            return name, name
    return None


def method_of_unknown(name: str, node: cst.Call, positional: Tuple[Optional[Value], ...] = ()) -> Optional[Value]:
    """What a method gives whatever made its receiver, for the few whose name
    says it: ``x.item()`` of a tensor or numpy value is a Python number;
    ``t.timestamp()`` of a datetime or pandas Timestamp, Unix seconds
    (``datetime.strptime(s, fmt).timestamp()``); ``q.gather(1, idx)``, a
    method of torch tensors alone, a tensor in the index's shape (a DQN's Q
    of the actions taken, from a network whose output is not known)."""
    if name == "gather" and len(positional) == 2 and isinstance(positional[1], Array) and positional[1].shape is not None:
        return Array(kind=arrays.TENSOR, shape=positional[1].shape, origin=node)
    if node.args:
        return None
    if name == "item":
        return Number()
    if name == "timestamp":
        return random_.unix_seconds(".timestamp()", node)
    return None


def enter_context(value: Optional[Value]) -> Optional[Value]:
    """What ``with value as name`` binds: an open file or an ``.npz`` archive
    is itself, and so is a loader or a list, which only tqdm's wrapper of it
    (``with tqdm(loader) as bar``, evaluated as what it wraps) lets a ``with``
    take; anything else is not followed."""
    if isinstance(value, (NpzArchive, textfiles.BinaryFile, Loader, Iterable, ListOf, Seq)):
        return value
    return textfiles.enter(value) if isinstance(value, textfiles.TextFile) else None


_NO_GRAD = frozenset({"torch.no_grad", "torch.inference_mode", "torch.autograd.grad_mode.no_grad"})


def grad_mode(decorator: Optional[Value]) -> Optional[bool]:
    """Whether a decorator (``@torch.no_grad()``, ``@torch.no_grad``, ...) turns autograd off or on."""
    if isinstance(decorator, GradMode):
        return decorator.enabled
    if isinstance(decorator, Ref):
        if decorator.qualname in _NO_GRAD:
            return False
        if decorator.qualname == "torch.enable_grad":
            return True
    return None


# -------------------------------------------------------------- attributes

# Mathematical constants of the libraries: numbers, so that ``2 * np.pi * t`` is an array;
# and the working directory's name, so that a data path joined to it is a relative path.
_CONSTANTS = {
    **{f"{library}.pi": math.pi for library in ("math", "numpy", "torch")},
    **{f"{library}.e": math.e for library in ("math", "numpy", "torch")},
    "math.tau": math.tau,
    "os.curdir": ".",
}


def attribute(owner: Optional[Value], name: str, node: cst.CSTNode) -> Optional[Value]:
    if owner is None and name == "shape":
        return ListOf(SymInt(None))  # sizes, unknown, but each an int: imgs.shape[0] is a batch size
    if owner is None and name in _RESHAPES:
        return BoundMethod(None, name)  # type: ignore[arg-type]
    if isinstance(owner, Ref):
        qualname = canonical(f"{owner.qualname}.{name}")
        return Const(_CONSTANTS[qualname]) if qualname in _CONSTANTS else Ref(qualname)
    if isinstance(owner, Const) and isinstance(owner.value, str) and name in _STRING_METHODS:
        return BoundMethod(owner, name)
    if isinstance(owner, Array):
        if owner.kind in (FRAME, SERIES):
            found = pandas_.attribute(owner, name, node)
            if found is None and (name in pandas_.DATAFRAME_ATTRIBUTES or name in pandas_.METHODS_OF_KIND[owner.kind]):
                return BoundMethod(owner, name)
            return found
        found = array_methods.attribute(owner, name, node)
        if found is not None or name in ("T", "shape", "ndim", "data", "grad"):
            return found
        return BoundMethod(owner, name)
    if isinstance(owner, pandas_.Datetimes):
        return pandas_.datetime_field(owner, name, node)
    if isinstance(owner, pandas_.StringMethods):
        return BoundMethod(owner, name)
    if isinstance(owner, PathValue):
        return paths.attribute(owner, name) or BoundMethod(owner, name)
    if isinstance(owner, Bunch):
        if name not in dict(owner.fields) and (name in _DICT_VIEWS or name in _BUNCH_METHODS or isinstance(owner, ModuleDict)):
            return BoundMethod(owner, name)
        return owner.get(name)
    if isinstance(owner, Mapping) and (name in ("get", "setdefault") or name in _DICT_VIEWS):
        return BoundMethod(owner, name)
    if isinstance(owner, (textfiles.TextFile, textfiles.Text, textfiles.Field)):
        return BoundMethod(owner, name)  # f.readlines(), line.strip().split(",")
    if isinstance(owner, Seq) and len(owner.items) == 2 and name in ("values", "indices"):
        return owner.items[0 if name == "values" else 1]
    if isinstance(owner, gym_.Environment):
        return gym_.attribute(owner, name) or BoundMethod(owner, name)
    if isinstance(owner, gym_.Space):
        return gym_.space_attribute(owner, name) or BoundMethod(owner, name)
    if isinstance(owner, Loader) and name == "dataset":
        return owner.dataset
    if isinstance(owner, TensorData) and name == "tensors":
        return Seq(owner.tensors)
    if isinstance(owner, ZooModel) and name == owner.head_name:
        return owner.head  # model.fc, model.classifier
    if isinstance(owner, Linear) and name in ("in_features", "out_features"):
        dim = owner.in_features if name == "in_features" else owner.out_features
        return Const(dim) if isinstance(dim, int) else None
    if isinstance(owner, (argparse_.ArgumentParser, _LIBRARY_MODULES, Optimizer, sklearn_.Transformer, Loader, TensorData, Parameters, LibraryObject, pil_.PilImage, pandas_.ColumnLabels, pandas_.RowWindows, torch_distributions.Distribution, torch_distributions.BatchedDistribution)):
        return BoundMethod(owner, name)
    return None


# -------------------------------------------------------------- subscripts


def subscript(base: Optional[Value], index: Tuple[Optional[Value], ...], node: cst.CSTNode) -> Optional[Value]:
    if isinstance(base, Array):
        if base.kind in (FRAME, SERIES):
            return pandas_.subscript(base, index, node)
        if base.columns and len(index) == 1 and isinstance(index[0], Const) and index[0].value in base.columns:
            return numpy_.field(base, str(index[0].value), node)  # np.genfromtxt(..., names=True)["HeadSize"]
        if len(index) == 1 and isinstance(index[0], Seq) and index[0].kind == "tuple":
            index = index[0].items  # a[np.where(mask)]: a tuple indexes as its items, one per dim
        return arrays.indexed(base, index, node)
    if isinstance(base, pandas_.Indexer):
        return pandas_.indexer_subscript(base, index, node)
    if isinstance(base, pandas_.StringMethods):
        return pandas_.string_subscript(base, node)
    if isinstance(base, pandas_.ColumnLabels):
        return pandas_.labels_subscript(base, index, node)
    if isinstance(base, Seq) and len(index) == 1:
        if isinstance(index[0], SliceValue):
            return _sliced(base, index[0], node)
        position = as_int(index[0])
        if position is not None and -len(base.items) <= position < len(base.items):
            return base.items[position]
        if position is None and _some_position(index[0]):
            return join_all(base.items)  # scores[i]: some item, what all of them are
        return None
    if isinstance(base, ListOf) and len(index) == 1 and (_some_position(index[0]) or as_int(index[0]) is not None):
        return base.item  # every item is this one: items[0], self.pairs[idx]
    if isinstance(base, ListOf) and len(index) == 1 and isinstance(index[0], SliceValue):
        return base  # indices[i:i + batch_size]: items like every other, of unseen count
    if isinstance(base, ImageDataset) and len(index) == 1 and (_some_position(index[0]) or as_int(index[0]) is not None):
        return base.sample  # image, label = train_set[0]
    if isinstance(base, Bunch) and len(index) == 1 and isinstance(index[0], Const):
        return base.get(str(index[0].value))
    if isinstance(base, Mapping) and len(index) == 1:
        return base.value  # vocab[word]
    if isinstance(base, TensorData) and len(index) == 1 and isinstance(index[0], (Const, SymInt)):
        rows = torch_.dataset_rows(base)
        return Seq(rows) if rows is not None else None
    if isinstance(base, TensorData) and len(index) == 1 and isinstance(index[0], (SliceValue, Array)):
        # ``dataset[:]``, ``dataset[idx]``: each tensor indexed alike, as a tuple.
        return Seq(tuple(subscript(tensor, index, node) for tensor in base.tensors))
    if base == Ref("numpy.mgrid"):
        return numpy_.grid(index, node)
    if base == Ref("numpy.c_"):
        return numpy_.column_concat(index, node)
    if base == Ref("numpy.r_"):
        return numpy_.row_concat(index, node)
    return None


def _some_position(index: Optional[Value]) -> bool:
    """An int of unknown value: a Python int, or one element of an integer
    array (``for i, label in enumerate(labels)``, then ``protos[label]``)."""
    return isinstance(index, SymInt) or (isinstance(index, Array) and index.shape == () and index.integral())


def _sliced(base: Seq, part: SliceValue, node: cst.CSTNode) -> Optional[Value]:
    """``items[a:b:c]`` of a list (or nn.ModuleList) known item by item, when
    every bound written is a known int."""
    cut = part.literal(node)
    return dataclasses.replace(base, items=base.items[cut]) if cut is not None else None


# dict methods that list its entries.
_DICT_VIEWS = frozenset({"items", "values", "keys"})

# list methods that change the list in place.
LIST_MUTATORS = frozenset("append extend insert pop remove clear sort reverse appendleft extendleft popleft".split())
# dict methods that change the dict in place.
DICT_MUTATORS = frozenset("update setdefault pop popitem clear".split())


def keywords(value: Optional[Value]) -> Optional[Tuple[Tuple[str, Optional[Value]], ...]]:
    """The keyword arguments ``**value`` passes: a dict's items, when known."""
    return value.fields if type(value) is Bunch else None


def mutate_dict(
    current: Union[Bunch, Mapping], method: str, args: Tuple[Arg, ...], kwargs: Tuple[Tuple[str, Arg], ...]
) -> Optional[Value]:
    """The dict after ``current.update(other, k=v)`` or ``current.setdefault(key,
    default)``; None after any other change."""
    if method == "setdefault" and 1 <= len(args) <= 2 and not kwargs:
        entry = setdefault_entry(current, args[0].value, args[1].value if len(args) == 2 else Const(None))
        return builtins_.dict_written(current, (args[0].value,), entry)
    if isinstance(current, Mapping):
        return current  # entries of unseen keys, each like every other, before and after
    if method != "update" or len(args) > 1 or (args and type(args[0].value) is not Bunch):
        return None
    items = dict(args[0].value.fields) if args else {}  # type: ignore[union-attr]
    items.update((name, arg.value) for name, arg in kwargs)
    return Bunch(tuple({**dict(current.fields), **items}.items()))


def setdefault_entry(current: Union[Bunch, Mapping], key: Optional[Value], default: Optional[Value]) -> Optional[Value]:
    """What ``current.setdefault(key, default)`` gives: the entry there, or the default."""
    if isinstance(current, Mapping):
        return join(current.value, default)  # groups.setdefault(k, []): some group, or a new one
    name = as_str(key)
    return current.get(name) if name is not None and name in dict(current.fields) else default


def mutate_list(
    current: Union[Seq, ListOf], method: str, args: Tuple[Arg, ...], kwargs: Tuple[Tuple[str, Arg], ...]
) -> Optional[Value]:
    """The list (or nn.ModuleList) after ``current.append(x)`` and kin; None where its items are no longer known."""
    if kwargs:
        return None
    if isinstance(current, ListOf):
        # A list of unknown length (filled in a loop) stays one, of items like all added.
        if method in ("append", "appendleft") and len(args) == 1:
            if args[0].value == Const(None) and current.item is not None:
                # memory.append(None), then memory[position] = transition: a slot kept for an item like the others.
                return current
            last = args[0].value if method == "append" else current.last
            return ListOf(join(current.item, args[0].value), last)
        if method in ("extend", "extendleft") and len(args) == 1 and isinstance(args[0].value, (Seq, ListOf)):
            return join(current, args[0].value)
        if method in ("pop", "popleft", "remove", "reverse", "sort"):
            return ListOf(current.item)  # the same kind of items, fewer or in another order
        if method == "insert" and len(args) == 2:
            return ListOf(join(current.item, args[1].value))  # returns.insert(0, g)
        return None
    if method == "append" and len(args) == 1:
        return dataclasses.replace(current, items=current.items + (args[0].value,))
    if method == "appendleft" and len(args) == 1:
        return dataclasses.replace(current, items=(args[0].value,) + current.items)  # a deque's GAE returns, last first
    if method == "extend" and len(args) == 1 and isinstance(args[0].value, Seq):
        return dataclasses.replace(current, items=current.items + args[0].value.items)
    if method == "reverse" and not args:
        return dataclasses.replace(current, items=current.items[::-1])
    if method in ("pop", "insert") and (current.items or method == "insert"):
        # layers.pop() drops the activation a loop appended after the last layer;
        # returns.insert(0, g) fills a list from its start, the first time an empty one.
        where = _number(args[0].value) if args else -1
        if isinstance(where, int) and -len(current.items) <= where < len(current.items) + (method == "insert"):
            items = list(current.items)
            if method == "pop" and len(args) <= 1:
                del items[where]
                return dataclasses.replace(current, items=tuple(items))
            if method == "insert" and len(args) == 2:
                items.insert(where, args[1].value)
                return dataclasses.replace(current, items=tuple(items))
    return None


def receiver_after(callee: Value, result: Optional[Value], site: CallSite) -> Optional[Value]:
    """What a method's receiver becomes when the method changes it in place
    (``y.unsqueeze_(1)``, ``a.resize(...)``, ``df.pop("y")``); None when the
    method leaves it as it was."""
    if isinstance(callee, BoundMethod) and isinstance(callee.receiver, Sequential):
        return _sequential_after(callee.receiver, callee.name, site)
    if isinstance(callee, BoundMethod) and isinstance(callee.receiver, argparse_.ArgumentParser):
        return argparse_.after_method(callee.receiver, callee.name, site)
    if not isinstance(callee, BoundMethod) or not isinstance(callee.receiver, Array):
        return None
    receiver, name = callee.receiver, callee.name
    if receiver.kind == FRAME:
        return pandas_.after_method(receiver, name, site)
    in_place = name.endswith("_") or (name == "resize" and receiver.kind == arrays.NDARRAY)
    return result if in_place and isinstance(result, Array) else None


def _sequential_after(model: Sequential, name: str, site: CallSite) -> Optional[Sequential]:
    """``net.add_module("fc", layer)`` and ``net.append(layer)`` add a layer at
    the end; any other change leaves the layers unknown from there on."""
    if name in ("add_module", "register_module"):
        return Sequential(model.layers + (site.value(1, "module"),))
    if name == "append":
        return Sequential(model.layers + (site.value(0, "module"),))
    if name in ("insert", "extend", "pop", "__setitem__", "__delitem__"):
        return Sequential(model.layers + (None,))
    return None


def set_shape(array: Array, shape: Optional[Value], node: cst.CSTNode) -> Optional[Value]:
    """``array.shape = shape``."""
    return arrays.reshaped(array, arrays.reshape_args((shape,)), node)


def setitem(
    base: Optional[Value],
    index: Tuple[Optional[Value], ...],
    value: Optional[Value],
    node: cst.CSTNode,
) -> Optional[Value]:
    """``base[index] = value``: an array keeps its shape, and a column written
    whole gets the magnitude of what was written; a list item is replaced."""
    if isinstance(base, Array):
        if base.kind == FRAME:
            return pandas_.written(base, index, value, node)
        return arrays.column_written(base, index, value, node)
    if isinstance(base, pandas_.Indexer):
        # The frame behind df.loc / df.iloc is what changes.
        return pandas_.Indexer(pandas_.indexer_written(base, index, value, node), base.mode)
    if isinstance(base, Seq) and len(index) == 1:
        position = as_int(index[0])
        items = list(base.items)
        if position is not None and -len(items) <= position < len(items):
            items[position] = value
        else:
            # Some item, no one knows which: each is either what it was or the new value.
            items = [_slot_written(item, value) for item in items]
        return Seq(tuple(items), base.kind)
    if isinstance(base, (Bunch, Mapping)):
        return builtins_.dict_written(base, index, value)
    if isinstance(base, Sequential) and len(index) == 1:
        # model.classifier[6] = nn.Linear(4096, 1): that layer replaced.
        position = as_int(index[0])
        layers = list(base.layers)
        if position is None or not -len(layers) <= position < len(layers):
            return Sequential((None,) * len(layers))
        layers[position] = value
        return Sequential(tuple(layers))
    if isinstance(base, ListOf) and len(index) == 1:
        return ListOf(_slot_written(base.item, value))  # [0.0] * n, then xs[i] = ...
    return base


def _slot_written(item: Optional[Value], value: Optional[Value]) -> Optional[Value]:
    """A list item after ``xs[i] = value`` at some position: what it was or
    the value; a None there was a slot kept for the value (a replay memory's
    ``memory.append(None)``, then ``memory[position] = Transition(...)``), and
    so was an empty list or dict (``seasons = [[] for _ in range(23)]``, then
    ``seasons[i] = pd.read_csv(...)``)."""
    placeholder = item == Const(None) or (isinstance(item, Seq) and not item.items) or (type(item) is Bunch and not item.fields)
    return value if placeholder else join(item, value)


def attribute_written(owner: Optional[Value], name: str, value: Optional[Value]) -> Optional[Value]:
    """What a library object becomes once ``owner.name = value`` ran (a zoo
    model's head replaced); None when that changes nothing followed here."""
    if isinstance(owner, ZooModel):
        return torchvision_models.head_replaced(owner, name, value)
    if isinstance(owner, Array) and owner.kind == FRAME and name == "columns":
        return pandas_.renamed(owner, value)
    return None


def unpack(value: Optional[Value], count: Optional[int]) -> Optional[Tuple[Optional[Value], ...]]:
    """The items of ``a, b = value`` (or of ``*value``); None when unknown."""
    items = tuple_items(value)
    if items is not None:
        return items if count is None or len(items) == count else None
    if isinstance(value, gym_.StepResult):
        return gym_.step_items(value, count)
    if isinstance(value, Array) and value.shape and isinstance(value.shape[0], int):
        if count is not None and value.shape[0] != count:
            return None
        row = value.with_shape(tuple(value.shape[1:]), value.origin)
        return (row,) * value.shape[0]
    return None


# --------------------------------------------------------------- operators

_AUGMENTED = {
    cst.AddAssign: cst.Add,
    cst.SubtractAssign: cst.Subtract,
    cst.MultiplyAssign: cst.Multiply,
    cst.DivideAssign: cst.Divide,
    cst.FloorDivideAssign: cst.FloorDivide,
    cst.ModuloAssign: cst.Modulo,
    cst.PowerAssign: cst.Power,
    cst.MatrixMultiplyAssign: cst.MatrixMultiply,
    cst.BitAndAssign: cst.BitAnd,
    cst.BitOrAssign: cst.BitOr,
    cst.BitXorAssign: cst.BitXor,
    cst.LeftShiftAssign: cst.LeftShift,
    cst.RightShiftAssign: cst.RightShift,
}

# Integer results beyond this are not worth computing (and `10 ** 10 ** 9` must not hang).
_LARGEST = 10**15


def base_operator(operation: cst.CSTNode) -> type:
    return _AUGMENTED.get(type(operation), type(operation))


def _number(value: Optional[Value]) -> Optional[float]:
    if isinstance(value, Const) and isinstance(value.value, (int, float)) and not isinstance(value.value, bool):
        return value.value  # type: ignore[return-value]
    return None


def _arithmetic(kind: type, left: float, right: float) -> Optional[Value]:
    try:
        if kind is cst.Add:
            result = left + right
        elif kind is cst.Subtract:
            result = left - right
        elif kind is cst.Multiply:
            result = left * right
        elif kind is cst.Divide:
            result = left / right
        elif kind is cst.FloorDivide:
            result = left // right
        elif kind is cst.Modulo:
            result = left % right
        elif kind is cst.Power:
            if abs(right) > 64 or abs(left) > _LARGEST:
                return None
            result = left**right
        else:
            return None
    except (ArithmeticError, ValueError):
        return None
    if isinstance(result, complex) or abs(result) > _LARGEST or (isinstance(result, float) and not math.isfinite(result)):
        return None
    return Const(result)


def binary(
    operation: cst.CSTNode,
    left: Optional[Value],
    right: Optional[Value],
    node: cst.CSTNode,
    right_node: Optional[cst.CSTNode],
) -> Optional[Value]:
    kind = base_operator(operation)
    if isinstance(left, Array) or isinstance(right, Array):
        return arrays.elementwise(left, right, node, operation=kind)
    left_number, right_number = _number(left), _number(right)
    if left_number is not None and right_number is not None:
        return _arithmetic(kind, left_number, right_number)
    if _float_arithmetic(kind, left, right):
        return Number(arrays.elementwise_scale(kind, left, right, node))
    if isinstance(left, (Const, SymInt)) and isinstance(right, (Const, SymInt)):
        if left_number is not None or isinstance(left, SymInt):
            if right_number is not None or isinstance(right, SymInt):
                scale = arrays.elementwise_scale(kind, left, right, node)
                if kind is cst.Divide or (kind is cst.Power and is_float(left)):
                    return Number(scale)  # true division of ints, a float's power (0.7 ** h): a float
                if kind not in (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide, cst.Modulo):
                    return None
                return RangeInt(None, scale) if scale is not None and scale.overall() is not None else SymInt(None)
    if kind is cst.Add and isinstance(left, Parameters) and isinstance(right, Parameters):
        return builtins_.joint_parameters((left, right))  # list(G.parameters()) + list(D.parameters())
    if kind is cst.Divide and isinstance(left, PathValue):
        return paths.joined(left, right)
    if kind is cst.Modulo and as_str(left) is not None:
        return _formatted(as_str(left), right)  # type: ignore[arg-type]
    if kind is cst.Add and isinstance(left, Seq) and isinstance(right, Seq):
        return Seq(left.items + right.items, left.kind)
    if kind is cst.Add and isinstance(left, (Seq, ListOf)) and isinstance(right, (Seq, ListOf)):
        # ids + [0] * (max_len - len(ids)): a list of unseen length, of items like both sides'.
        sides = [side for side in (left, right) if not (isinstance(side, Seq) and not side.items)]
        item = join_all(tuple(item for side in sides for item in list_items(side)))
        return ListOf(item if item is not None else _padded_item(right))
    if kind is cst.Add and left is None and isinstance(right, ListOf):
        # No array is added to a list of unknown length: a list padded.
        return ListOf(_padded_item(right))
    if kind is cst.Multiply and (isinstance(left, Seq) or isinstance(right, Seq)):
        return builtins_.repeated(left, right) if isinstance(left, Seq) else builtins_.repeated(right, left)
    if isinstance(left, Const) and isinstance(right, Const):
        if kind is cst.Add and isinstance(left.value, str) and isinstance(right.value, str):
            return Const(left.value + right.value)
    return None


# A conversion whose width or precision has four digits or more: a string too large to make.
_WIDE_FIELD = re.compile(r"%[-+ #0]*\d*\.?\d{4,}")


def _formatted(template: str, values: Optional[Value]) -> Optional[Value]:
    """``"data_%s.csv" % kind``: the string, where every value is a literal."""
    items = values.items if isinstance(values, Seq) and values.kind == "tuple" else (values,)
    if not all(isinstance(item, Const) for item in items) or _WIDE_FIELD.search(template):
        return None
    try:
        return Const(template % tuple(item.value for item in items))  # type: ignore[union-attr]
    except (TypeError, ValueError, KeyError, OverflowError):
        return None


def _padded_item(padding: Value) -> Optional[Value]:
    """An item of ``row + [pad] * (width - len(row))`` whose row's items are
    not known: a number, as the pad is (token ids padded with 0)."""
    pad = padding.item if isinstance(padding, ListOf) else None
    return SymInt(None) if as_int(pad) is not None else Number() if is_float(pad) else None


def _float_arithmetic(kind: type, left: Optional[Value], right: Optional[Value]) -> bool:
    """Arithmetic of Python numbers, one of them a float of unknown value: a float."""
    numbers = (left, right)
    return (
        kind in (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.Power)
        and any(isinstance(value, Number) for value in numbers)
        and all(is_float(value) or isinstance(value, SymInt) or _number(value) is not None for value in numbers)
    )


def unary(sign: cst.CSTNode, value: Optional[Value], node: cst.CSTNode) -> Optional[Value]:
    if isinstance(value, Array) and not isinstance(sign, cst.Not):
        return arrays.converted(value)
    if isinstance(sign, cst.Not) and isinstance(value, Const):
        return Const(not value.value)
    number = _number(value)
    if number is not None:
        if isinstance(sign, cst.Minus):
            return Const(-number)
        if isinstance(sign, cst.Plus):
            return Const(number)
    if isinstance(value, (SymInt, Number)) and isinstance(sign, (cst.Minus, cst.Plus)):
        # The same size (a negated draw is as large), of an int not known.
        return value if isinstance(value, (Number, RangeInt)) else SymInt(None)
    return None


_ORDERINGS = {
    cst.Equal: operator.eq,
    cst.NotEqual: operator.ne,
    cst.LessThan: operator.lt,
    cst.GreaterThan: operator.gt,
    cst.LessThanEqual: operator.le,
    cst.GreaterThanEqual: operator.ge,
}


# Library bases that give their subclasses no truth value of their own (no __bool__ or __len__).
_TRUE_BASES = frozenset({"object", "builtins.object", "torch.nn.Module", "torch.utils.data.Dataset"})


def truth(value: Optional[Value]) -> Optional[bool]:
    """What ``if value:`` decides, where that is known: a constant's truth; a
    function, a class, a transform, or an instance of a class of the file
    that defines neither ``__bool__`` nor ``__len__`` (``if self.transform:``
    given ``ToTensor()``), true."""
    if isinstance(value, Const):
        return bool(value.value)
    if isinstance(value, (FunctionValue, LambdaValue, ClassValue, image_transforms.ImageTransform)):
        return True
    if not isinstance(value, Instance):
        return None
    lineage = list(value.cls.lineage())
    if any(base is None for cls in lineage for base in cls.bases) or not set(value.cls.library_bases()) <= _TRUE_BASES:
        return None
    return None if any(value.cls.lookup(name) is not None for name in ("__bool__", "__len__")) else True


def _never_none(value: Optional[Value]) -> bool:
    """A value that is no None and compares with None as objects do: a function,
    a class, a transform, an instance of a class of the file without ``__eq__``."""
    if isinstance(value, Instance):
        return value.cls.lookup("__eq__") is None and truth(value) is not None
    return isinstance(value, (FunctionValue, LambdaValue, ClassValue, image_transforms.ImageTransform))


def compare(
    comparison: cst.CSTNode, left: Optional[Value], right: Optional[Value], node: cst.CSTNode
) -> Optional[Value]:
    """``left <op> right``: a boolean array, or a known bool that lets the
    evaluator take only the branch that runs (``if y.dim() == 1:``)."""
    if isinstance(comparison, (cst.Is, cst.IsNot)):
        if right != Const(None):
            return None
        if left == Const(None):
            identical = True
        elif left is not None and not isinstance(left, Const) and not (isinstance(left, Array) and left.optional):
            identical = False  # a known object is not None
        else:
            return None
        return Const(identical if isinstance(comparison, cst.Is) else not identical)
    if isinstance(comparison, (cst.In, cst.NotIn)):
        if isinstance(left, Const) and isinstance(right, Const) and isinstance(left.value, str) and isinstance(right.value, str):
            return Const((left.value in right.value) == isinstance(comparison, cst.In))  # "YIELD" in column name
        if isinstance(left, Const) and isinstance(right, Seq) and all(isinstance(item, Const) for item in right.items):
            # self.mode in ["train", "dev"], the mode a literal of the call that made the dataset.
            found = any(left.value == item.value for item in right.items)  # type: ignore[attr-defined]
            return Const(found == isinstance(comparison, cst.In))
        return SymInt(None)  # t in seen: a bool of unknown value, whatever the operands
    if isinstance(comparison, (cst.Equal, cst.NotEqual)) and right == Const(None) and _never_none(left):
        # self.transform != None given a transform: an object of the file, not None (an array compares item by item).
        return Const(isinstance(comparison, cst.NotEqual))
    if isinstance(left, Array) or isinstance(right, Array):
        if isinstance(right, Const) and isinstance(right.value, str):
            right = Const(0)  # df["type"] == "spam": one value, compared with each row's
        if isinstance(left, Const) and isinstance(left.value, str):
            left = Const(0)
        result = arrays.elementwise(left, right, node)
        if result is None and isinstance(left, Array) and left.kind == SERIES:
            result = left  # df["Store"] == store of unknown value: pandas compares row by row, one bool per row
        if result is None:
            return None
        return arrays.mask(result, node)
    ordering = _ORDERINGS.get(type(comparison))
    if ordering is not None and isinstance(left, Const) and isinstance(right, Const):
        try:
            return Const(bool(ordering(left.value, right.value)))
        except TypeError:
            return None
    if ordering is not None and all(isinstance(side, (SymInt, Number)) or _number(side) is not None for side in (left, right)):
        return SymInt(None)  # done = t == 49: a bool of unknown value, an int as data
    if isinstance(comparison, (cst.Equal, cst.NotEqual)) and isinstance(left, Seq) and isinstance(right, Seq):
        if len(left.items) != len(right.items) or left.kind != right.kind:  # a list never equals a tuple
            return Const(isinstance(comparison, cst.NotEqual))
        if all(isinstance(item, Const) for item in (*left.items, *right.items)):
            same = [item.value for item in left.items] == [item.value for item in right.items]  # type: ignore[union-attr]
            return Const(same if isinstance(comparison, cst.Equal) else not same)
        if all(isinstance(item, (SymInt, Number, Const)) for item in (*left.items, *right.items)):
            return SymInt(None)  # done = (r, c) == GOAL of ints: a bool of unknown value
    return None
