"""Facts about models and training loops, derived from the recorded calls:
which calls run a model, what its first layer receives, which layers make
train and eval mode differ, and how a loop clears, computes and applies
gradients."""

from __future__ import annotations

import dataclasses
import re
from typing import Iterator, List, Optional, Tuple

from torchlint.core.facts import Arg, CallFact, Control, FileFacts, MethodCall
from torchlint.core.values import (
    Activation,
    Array,
    BoundMethod,
    FunctionValue,
    Instance,
    LibraryObject,
    Linear,
    Optimizer,
    Ref,
    Recurrent,
    Sequential,
    SpatialLayer,
    TorchModule,
    Value,
    ZooModel,
    is_module,
)

# Layers that look up a vector per id.
EMBEDDINGS = frozenset({"torch.nn.Embedding", "torch.nn.EmbeddingBag"})
# Layers that normalize what they receive.
NORMALIZING_LAYERS = frozenset(
    {"torch.nn.BatchNorm1d", "torch.nn.LayerNorm", "torch.nn.InstanceNorm1d", "torch.nn.GroupNorm"}
)
NORMALIZING_FUNCTIONS = frozenset(
    {
        "torch.nn.functional.layer_norm",
        "torch.nn.functional.batch_norm",
        "torch.nn.functional.instance_norm",
        "torch.nn.functional.group_norm",
        "torch.nn.functional.normalize",
    }
)
# Layers that behave differently in train() and eval() mode.
MODE_DEPENDENT_LAYERS = frozenset(
    """Dropout Dropout1d Dropout2d Dropout3d AlphaDropout FeatureAlphaDropout BatchNorm1d BatchNorm2d
    BatchNorm3d SyncBatchNorm LazyBatchNorm1d LazyBatchNorm2d LazyBatchNorm3d""".split()
)


def is_model(value: Optional[Value]) -> bool:
    return isinstance(value, (Linear, Sequential, ZooModel)) or (isinstance(value, Instance) and is_module(value))


def model_input(call: CallFact) -> Optional[Arg]:
    """The input of a call that runs a whole model (not a layer inside one)."""
    if call.in_forward:
        return None
    if is_model(call.callee) or is_model(_forward_of(call.callee)):
        return call.arg(0)
    return None


def _forward_of(callee: Optional[Value]) -> Optional[Value]:
    """The model whose forward() ``callee`` is (``model.forward``), else None."""
    if isinstance(callee, FunctionValue) and callee.name == "forward":
        return callee.bound_self
    if isinstance(callee, BoundMethod) and callee.name == "forward":
        return callee.receiver
    return None


def model_of(call: CallFact) -> Optional[Value]:
    """The model a model call runs (``model.forward(x)`` runs ``model``)."""
    return _forward_of(call.callee) or call.callee


def normalizes(value: Optional[Value]) -> bool:
    if isinstance(value, (Activation, TorchModule)):
        return value.qualname in NORMALIZING_LAYERS
    if isinstance(value, Sequential):
        return bool(value.layers) and normalizes(value.layers[0])
    return isinstance(value, Ref) and value.qualname in NORMALIZING_FUNCTIONS


def inner_calls(facts: FileFacts, index: int) -> List[int]:
    """The calls made while evaluating call ``index`` (a model's forward), in
    the order they ran. They were recorded just before it, one call deeper."""
    call = facts.calls[index]
    depth = len(call.controls)
    inner = []
    position = index - 1
    while position >= 0:
        controls = facts.calls[position].controls
        if len(controls) <= depth or controls[depth].kind != "call" or controls[depth].node is not call.node:
            break
        inner.append(position)
        position -= 1
    return inner[::-1]


def output_layer_inputs(facts: FileFacts, index: int) -> Optional[int]:
    """How many inputs the model's last Linear takes (``nn.Linear(8, 1)``: 8),
    for the model call ``index``: a Linear, a Sequential ending in one, or a
    module of the file whose forward calls such a layer last; None if unknown."""
    model = model_of(facts.calls[index])
    if isinstance(model, Instance):
        inner = [facts.calls[position].callee for position in inner_calls(facts, index)]
        model = next((callee for callee in reversed(inner) if isinstance(callee, (Linear, Sequential))), None)
    layers = model.layers if isinstance(model, Sequential) else (model,)
    last = next((layer for layer in reversed(layers) if not isinstance(layer, Activation)), None)
    return last.in_features if isinstance(last, Linear) and isinstance(last.in_features, int) else None


def first_layer_input(facts: FileFacts, index: int) -> Optional[Value]:
    """What the model's first layer receives: the input itself, or what the
    model's forward made of it first (None if it normalized it, or if no
    layer that takes features can be seen)."""
    return first_layer(facts, index)[0]


def first_layer(facts: FileFacts, index: int) -> Tuple[Optional[Value], bool]:
    """What the model's first layer receives (as first_layer_input says), and
    whether that layer is a convolution."""
    call = facts.calls[index]
    callee = model_of(call)
    if isinstance(callee, Linear):
        return call.arg(0).value, False
    if isinstance(callee, ZooModel):
        return convolved(call.arg(0).value), True  # a zoo model's first layer is a convolution on the images as given
    if isinstance(callee, Sequential):
        if normalizes(callee):
            return None, False
        if callee.layers and isinstance(callee.layers[0], SpatialLayer):
            return (convolved(call.arg(0).value), True) if callee.layers[0].channels is not None else (None, False)
        if callee.layers and not isinstance(callee.layers[0], Instance):
            return call.arg(0).value, False
    for inner in inner_calls(facts, index):
        layer = facts.calls[inner].callee
        if isinstance(layer, Recurrent):
            return facts.calls[inner].arg(0).value, False  # its features are the input's last axis, as a Linear's
        if isinstance(layer, SpatialLayer) and layer.channels is not None:
            return convolved(facts.calls[inner].arg(0).value), True  # a convolution first: raw pixels into a CNN
        if isinstance(layer, TorchModule) and layer.qualname in EMBEDDINGS:
            continue  # it looks up ids (a categorical column beside the features); what it gives is no raw feature
        if normalizes(layer) or isinstance(layer, (TorchModule, SpatialLayer)):
            return None, False  # a norm layer, pooling, ...: no raw features
        if isinstance(layer, (Linear, Sequential)):
            return first_layer(facts, inner)
    return _weighted_in_forward(facts, call), False


def branch_inputs(facts: FileFacts, index: int, first: Optional[Value]) -> List[Tuple[int, Arg]]:
    """The model call's other inputs, each taken as it is by a layer with
    weights of its own in the model's forward (an image-and-table model's
    ``self.tab(tabular)`` beside ``self.cnn(img)``): (that layer's call, the
    argument), for every argument but the one ``first`` (what the first layer
    receives) is."""
    call = facts.calls[index]
    found = []
    for inner in inner_calls(facts, index):
        layer = facts.calls[inner]
        if not isinstance(layer.callee, (Linear, Recurrent)) or not layer.args:
            continue
        taken = layer.arg(0).value
        argument = next((arg for arg in call.args if taken is not None and arg.value is taken), None)
        if argument is not None and taken is not first and all(argument is not seen for _, seen in found):
            found.append((inner, argument))
    return found


def saturates_after(facts: FileFacts, index: int, layer: int) -> Optional[bool]:
    """Whether, in the model call ``index``'s forward, the output of the layer
    call ``layer`` goes through a saturating nonlinearity next (True), an
    unbounded one (False); True for a recurrent layer, None when not seen."""
    calls = inner_calls(facts, index)
    return _saturates_after(facts, calls, calls.index(layer)) if layer in calls else None


def _saturates_after(facts: FileFacts, calls: List[int], position: int) -> Optional[bool]:
    """``saturates_after`` of the layer at ``position`` among a forward's calls."""
    if isinstance(facts.calls[calls[position]].callee, Recurrent):
        return True
    # The call right after the layer: an activation module or function, or something else.
    following = facts.calls[calls[position + 1]].callee if position < len(calls) - 1 else None
    return _saturating(following.qualname) if isinstance(following, (Activation, Ref)) else None


# Nonlinearities by how they treat inputs far from zero, by name lowercased
# without underscores (torch.sigmoid and nn.Sigmoid, F.leaky_relu and
# nn.LeakyReLU alike): flat (their gradient vanishes, so first-layer units fed
# large raw values stop learning), or not.
_SATURATING = frozenset("sigmoid tanh softsign hardtanh hardsigmoid logsigmoid".split())
_UNBOUNDED = frozenset("relu elu gelu leakyrelu selu silu mish softplus celu prelu".split())


def saturates_first(facts: FileFacts, index: int) -> Optional[bool]:
    """Whether the model call ``index`` puts its first layer's output through
    a saturating nonlinearity (sigmoid, tanh, a recurrent layer's gates): True;
    an unbounded one (ReLU, ELU, GELU, ...): False; None when not seen."""
    callee = model_of(facts.calls[index])
    if isinstance(callee, Sequential):
        layers = list(callee.layers)
        if layers and isinstance(layers[0], Recurrent):
            return True
        if not layers or not isinstance(layers[0], Linear):
            return None
        verdicts = (_saturating(layer.qualname) for layer in layers[1:] if isinstance(layer, Activation))
        return next((verdict for verdict in verdicts if verdict is not None), None)  # past dropout and kin
    calls = inner_calls(facts, index)
    for position, inner in enumerate(calls):
        layer = facts.calls[inner].callee
        if isinstance(layer, Sequential):
            return saturates_first(facts, inner)
        if isinstance(layer, (Recurrent, Linear)):
            return _saturates_after(facts, calls, position)
    return None


def is_activation(callee: Optional[Value]) -> bool:
    """A nonlinearity applied elementwise, module or function (``nn.ReLU()``, ``F.relu``, ``torch.tanh``)."""
    return isinstance(callee, (Activation, Ref)) and _saturating(callee.qualname) is not None


def _saturating(qualname: str) -> Optional[bool]:
    name = qualname.rpartition(".")[2].lower().replace("_", "")
    return True if name in _SATURATING else False if name in _UNBOUNDED else None


def _weighted_in_forward(facts: FileFacts, call: CallFact) -> Optional[Value]:
    """The features of the first product with a weight of the module's own
    that the model call's forward ran (``x @ self.V``, ``torch.matmul(x, self.w)``
    in a factorization machine written as a module), where no layer came first."""
    depth = len(call.controls)
    for product in facts.weight_products:
        controls = product.controls
        if product.in_forward and len(controls) > depth and controls[depth].kind == "call" and controls[depth].node is call.node:
            return product.features.value
    return None


def single_linear(facts: FileFacts, index: int) -> bool:
    """Whether the model call ``index`` runs one linear layer and no other
    layer with weights: an ``nn.Linear``, a Sequential of one, or a module
    whose forward calls one (activations and reshapes aside)."""
    callee = model_of(facts.calls[index])
    if isinstance(callee, Linear):
        return True
    if isinstance(callee, Sequential):
        weighted = [layer for layer in callee.layers if not isinstance(layer, Activation)]
        return len(weighted) == 1 and isinstance(weighted[0], Linear)
    if not isinstance(callee, Instance):
        return False
    layers = [facts.calls[inner].callee for inner in inner_calls(facts, index)]
    weighted = [layer for layer in layers if is_module(layer) and not isinstance(layer, Activation)]
    return len(weighted) == 1 and isinstance(weighted[0], Linear)


def convolved(images: Optional[Value]) -> Optional[Value]:
    """A convolution's input, as evidence of scale: its magnitude and what
    it is (raw pixels), not its last axis's columns, which are no features
    (a width, a time step); but columns made its channels (windows of sensor
    columns permuted channels-first) are what each input channel holds."""
    scale = images.scale if isinstance(images, Array) else None
    if scale is not None and scale.columns is not None and not scale.channels_first:
        return dataclasses.replace(images, scale=scale.without_columns())
    return images


def mode_dependent_layer(model: Optional[Value], depth: int = 4) -> Optional[str]:
    """The name of a dropout or batch-norm layer in ``model``, if one is known."""
    return next(iter(mode_dependent_layers(model, depth)), None)


def mode_dependent_layers(model: Optional[Value], depth: int = 4) -> List[str]:
    """The names of the dropout and batch-norm layers known in ``model``, in order."""
    if depth == 0 or model is None:
        return []
    if isinstance(model, ZooModel):
        return ([model.mode_layer] if model.mode_layer else []) + mode_dependent_layers(model.head, depth - 1)
    if isinstance(model, (Activation, TorchModule)):
        name = model.qualname.rsplit(".", 1)[-1]
        return [name] if name in MODE_DEPENDENT_LAYERS else []
    if isinstance(model, Sequential):
        layers = model.layers
    elif isinstance(model, Instance):
        layers = tuple(model.attrs.values())
    else:
        return []
    return [name for layer in layers for name in mode_dependent_layers(layer, depth - 1)]


def submodules(model: Optional[Value], depth: int = 4) -> Iterator[Value]:
    """``model`` and the modules inside it (what model.eval() switches too)."""
    if model is None or depth == 0:
        return
    yield model
    if isinstance(model, Sequential):
        inner: Tuple[Optional[Value], ...] = model.layers
    elif isinstance(model, Instance):
        inner = tuple(model.attrs.values())
    else:
        return
    for layer in inner:
        if is_module(layer):
            yield from submodules(layer, depth - 1)


def standalone(controls: Tuple[Control, ...]) -> bool:
    """Inside a function that no call reached, evaluated on its own: the
    order of its calls relative to the rest of the file is unknown."""
    return any(control.kind == "call" and not is_call_site(control) for control in controls)


def is_call_site(control: Control) -> bool:
    """A "call" control entered from a call in the file, not from the function evaluated on its own."""
    return type(control.node).__name__ == "Call"


# --------------------------------------------------------------- training loops

_CLEARING_NAME = re.compile(r"(zero|clear|reset).*grad|grad.*(zero|clear|reset)", re.IGNORECASE)
_OPTIMIZER_NAME = re.compile(r"opt", re.IGNORECASE)


def receiver_name(call: MethodCall) -> str:
    """The last name of the expression a method is called on (``self.optimizer`` -> "optimizer")."""
    node = call.node.func.value  # type: ignore[attr-defined]
    while type(node).__name__ in ("Call", "Subscript"):
        node = node.func if type(node).__name__ == "Call" else node.value  # type: ignore[attr-defined]
    if type(node).__name__ == "Attribute":
        return node.attr.value  # type: ignore[attr-defined]
    if type(node).__name__ == "Name":
        return node.value  # type: ignore[attr-defined]
    return ""


def backpropagates(call: MethodCall) -> bool:
    """``loss.backward()``, ``scaler.scale(loss).backward()``,
    ``accelerator.backward(loss)``, Lightning's ``manual_backward(loss)``."""
    return call.name == "backward" or call.name.endswith("_backward")


def is_optimizer_step(call: MethodCall) -> bool:
    """``optimizer.step()``, or ``scaler.step(optimizer)``; not a scheduler's step."""
    if call.name != "step":
        return False
    if isinstance(call.receiver, Optimizer):
        return True
    if isinstance(call.receiver, LibraryObject):
        return call.receiver.qualname == "torch.amp.GradScaler" and bool(call.node.args)
    if call.receiver is not None:
        return False
    name = receiver_name(call)
    if _OPTIMIZER_NAME.search(name) and "sched" not in name.lower():
        # Known by its name only, it steps like torch.optim without arguments;
        # DistributedOptimizer.step(context_id) keeps gradients per context.
        return not call.node.args
    # AMP: scaler.step(optimizer)
    return name.lower().endswith("scaler") and bool(call.node.args)


def stepped_optimizer(facts: FileFacts, step: MethodCall) -> Optional[Value]:
    """The optimizer a step applies: the receiver, or ``scaler.step``'s argument."""
    if isinstance(step.receiver, Optimizer):
        return step.receiver
    for call in facts.calls:
        if call.node is step.node and call.args:
            return call.args[0].value
    return None


def clear_covers(clear: MethodCall, optimizer: Optional[Value]) -> bool:
    """Whether a clearing call can have cleared what ``optimizer`` steps:
    the same optimizer, the model it updates, or something unknown."""
    receiver = clear.receiver
    if not isinstance(optimizer, Optimizer) or receiver is None:
        return True
    if isinstance(receiver, Optimizer) or (is_module(receiver) and (optimizer.model is not None or optimizer.models)):
        return clears_for(receiver, optimizer)
    return True


def clears_for(receiver: Value, optimizer: Optimizer) -> bool:
    """Whether ``receiver.zero_grad()`` clears what ``optimizer`` steps: it is
    that optimizer, its model, or another optimizer over the same model (an
    optimizer made anew by a property on every access)."""
    if receiver is optimizer:
        return True
    # Of an optimizer over several models together, clearing one of them: each
    # has an optimizer of its own that clears it (a GAN's G and D), and the
    # joint one is read as cleared.
    for model in optimizer.models or ((optimizer.model,) if optimizer.model is not None else ()):
        if receiver is model or (isinstance(receiver, Optimizer) and receiver.model is model):
            return True
    return False


def clears_gradients(call: MethodCall) -> bool:
    """``zero_grad()``, ``p.grad.zero_()``, or a helper named like one."""
    if call.name == "zero_grad" or _CLEARING_NAME.search(call.name):
        return True
    if call.name in ("zero_", "detach_", "fill_", "requires_grad_"):
        return "grad" in receiver_path(call)
    return False


def receiver_path(call: MethodCall) -> Tuple[str, ...]:
    """The attribute names on the way to the receiver (``p.grad.data.zero_()`` -> ("grad", "data"))."""
    names = []
    node = call.node.func.value  # type: ignore[attr-defined]
    while type(node).__name__ == "Attribute":
        names.append(node.attr.value)  # type: ignore[attr-defined]
        node = node.value  # type: ignore[attr-defined]
    return tuple(reversed(names))


def within(controls: Tuple[Control, ...], loop: Control) -> bool:
    return any(control is loop for control in controls)
