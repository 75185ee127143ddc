"""TL006: a model with dropout or batch norm evaluated in training mode, or
left in eval mode for the next training epoch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Iterator, List, Optional, Tuple

from torchlint.core import models
from torchlint.core.facts import CallFact, Control, FileFacts, is_library_loop, loops_of
from torchlint.core.values import Array, BoundMethod, Const, FunctionValue, Instance, Optimizer, Value
from torchlint.rules.base import Finding, Rule, quoted

if TYPE_CHECKING:
    import libcst as cst

    from torchlint.core.outline import Outline

TRAIN, EVAL = "train", "eval"
# Switched to training mode by an explicit train() and not trained since: an
# evaluation in that mode is deliberate (to compare the two modes, say).
CHOSEN_TRAIN = "chosen-train"


class EvalMode(Rule):
    """## What it does
    Flags a model that has dropout or batch-norm layers when it is evaluated
    (under `torch.no_grad()` / `torch.inference_mode()`, or after training)
    without `model.eval()` first; and a training loop that calls
    `model.eval()` (to validate, say) but never `model.train()` again, so
    every epoch after the first trains in evaluation mode.

    Left alone: layers run inside a method of a module of the file that was
    switched to eval mode (however its parts are held); a generator with batch
    norm and no dropout, whose outputs feed another model (a discriminator),
    sampled from noise drawn for it while it trains (a GAN's progress samples,
    as the DCGAN tutorial draws them); a model neither trained nor loaded yet
    run on noise drawn for it (`torch.randn(4, 500, 3)`: a check of its output's
    shape, whose values mean nothing in either mode); and `model.eval()` in
    a loop that steps only optimizers built from tensors of its own
    (`SGD([patch])`: an adversarial patch or an input optimized against a
    frozen model), or that only predicts, under `no_grad`, with the model it
    puts in eval mode (a new model loaded from each fold's best checkpoint).

    ## Why is this bad?
    In training mode dropout zeroes random units and batch norm normalizes
    with the statistics of each batch (and updates its running statistics).
    Evaluated that way, predictions are noisy and depend on the batch, and
    validation numbers are wrong. Trained in eval mode, dropout is off and
    batch norm is frozen: the model trains, silently, without them.

    ## Example
    ```python
    for epoch in range(20):
        for xb, yb in train_loader:
            ...train...
        model.eval()                         # TL006: never switched back
        with torch.no_grad():
            val_loss = criterion(model(X_val), y_val)
    ```

    ## Use instead
    ```python
    for epoch in range(20):
        model.train()
        for xb, yb in train_loader:
            ...train...
        model.eval()
        with torch.no_grad():
            val_loss = criterion(model(X_val), y_val)
    ```

    ## Fix safety
    Unsafe (applied with `--unsafe-fixes`). A model evaluated in training mode
    gets `model.eval()` before the statement that starts the evaluation (the
    loop or `with torch.no_grad():` block around it); inside a training loop
    that never calls `model.train()`, `model.train()` right after that block.
    A training loop that calls `model.eval()` but never `model.train()` gets
    `model.train()` as the first statement of its body. Unsafe because where
    training resumes is a judgement: after the fix the model stays in eval mode
    once the evaluation ends, and code further on that trains it again (a
    fine-tuning phase, another call of the training function) would need its
    own `model.train()`. No fix where the model is not a name or attribute,
    the evaluation is in a lambda, or `eval()` and the training loop are in
    different functions.
    """

    code = "TL006"
    name = "eval-mode"
    summary = "a model with dropout or batch norm evaluated in training mode, or trained in eval mode"
    triggers = (("Dropout", "BatchNorm"), ("no_grad", "inference_mode", "eval(", "backward"))

    INVALID = (
        """
import torch
import torch.nn as nn
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters())
X, y = torch.randn(32, 4), torch.randn(32, 1)
for epoch in range(5):
    optimizer.zero_grad()
    nn.functional.mse_loss(model(X), y).backward()
    optimizer.step()
with torch.no_grad():
    predictions = model(torch.randn(8, 4))
""",
    )
    VALID = (
        """
import torch
import torch.nn as nn
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters())
X, y = torch.randn(32, 4), torch.randn(32, 1)
for epoch in range(5):
    model.train()
    optimizer.zero_grad()
    nn.functional.mse_loss(model(X), y).backward()
    optimizer.step()
    model.eval()
    with torch.no_grad():
        validation = model(torch.randn(8, 4))
""",
    )

    @classmethod
    def may_fire(cls, outline: Outline) -> bool:
        # Both checks skip what the analysis evaluates on its own (a function no
        # call reached): the words must be in code that runs.
        return all(any(word in outline.running_text for word in group) for group in cls.triggers)

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        yield from self._evaluated_in_training_mode(facts)
        yield from self._never_back_to_training(facts)

    def _evaluated_in_training_mode(self, facts: FileFacts) -> Iterator[Finding]:
        modes: Dict[int, str] = {}
        trained: Dict[int, bool] = {}
        last_backward = _last_backward_index(facts)
        stepping = _backward_loops(facts)
        reported = set()
        for index, call in enumerate(facts.calls):
            if models.standalone(call.controls) or any(is_library_loop(control) for control in call.controls):
                # Lightning's fit puts the model in training mode and its validation in eval mode itself.
                continue
            switched = mode_switch(call)
            if switched is not None:
                for module in models.submodules(switched[0]):
                    modes[id(module)] = CHOSEN_TRAIN if switched[1] == TRAIN else EVAL
                continue
            if models.model_input(call) is None:
                continue
            model = models.model_of(call)
            layer = models.mode_dependent_layer(model)
            if layer is None:
                continue
            # Training is a call in a loop that runs backward() itself; an outer
            # loop around it (epochs, folds) may evaluate after it.
            training = call.grad_enabled and any(loop in stepping for loop in call.controls)
            if training:
                trained[id(model)] = True
                if modes.get(id(model)) == CHOSEN_TRAIN:
                    modes[id(model)] = TRAIN
                continue
            evaluating = not call.grad_enabled or (trained.get(id(model)) and index >= last_backward)
            where = _evaluated_at(call)
            # A layer run inside a method of a module of the file (vae.DRL(x) running self.gen_model's
            # layers) is in the mode that module was switched to, whatever of its parts could be listed.
            if any(modes.get(id(owner)) == EVAL for _, owner in _running_modules(call)):
                continue
            if _sampled_from_noise(facts, call, model):
                continue
            if not trained.get(id(model)) and _drawn_noise(facts, call) and not _weights_loaded(facts, model):
                continue  # weights as initialized, inputs drawn at random: a smoke test of the shapes, nothing evaluated
            if evaluating and modes.get(id(model), TRAIN) == TRAIN and where not in reported:
                reported.add(where)
                yield Finding(
                    where,
                    f"{quoted(facts, call.node.func if where is call.node else _module_called(where))} has a {layer} layer "
                    "and is evaluated here in training mode: "
                    "dropout still drops units and batch norm uses this batch's statistics, so the outputs are noisy "
                    "and batch-dependent. Fix: call model.eval() before evaluating (and model.train() before training again)",
                )

    def _never_back_to_training(self, facts: FileFacts) -> Iterator[Finding]:
        for call in facts.calls:
            switched = mode_switch(call)
            if switched is None or switched[1] != EVAL or models.standalone(call.controls):
                continue
            model = switched[0]
            if models.mode_dependent_layer(model) is None:
                continue
            loop = facts.training_loop(call.controls)
            if loop is None or not _trains_in(facts, model, loop) or switches_back(facts, model, loop):
                continue
            if not _updates_weights(facts, loop):
                continue  # backward() only to read gradients (Grad-CAM, saliency): nothing trains in eval mode
            if _trains_other_tensors(facts, loop):
                continue  # an adversarial patch or an input optimized against a frozen model: eval mode is what it needs
            yield Finding(
                call.node,
                f"`{facts.code(call.node)}` runs inside the training loop at {facts.where(loop.node)}, which never "
                "calls train() again: from the second iteration on the model trains in eval mode (dropout off, batch "
                "norm frozen). Fix: call model.train() at the start of each training iteration",
            )


def _running_modules(call: CallFact) -> Iterator[Tuple[Control, Instance]]:
    """The calls of methods of the file's modules that run around ``call``,
    innermost first, with each module."""
    for control in reversed(call.controls):
        if control.kind != "call":
            continue
        function = control.function
        owner = function.bound_self if isinstance(function, FunctionValue) else None
        if not (isinstance(owner, Instance) and owner.cls.derives_from_module()):
            break
        yield control, owner


def _evaluated_at(call: CallFact) -> object:
    """The call to report: a layer run inside a method of an nn.Module of the
    file (a GAN's ``generator_forward``) is evaluated where that method is
    called, and that module is what needs eval()."""
    node = call.node
    for control, _ in _running_modules(call):
        node = control.node
    return node


def _module_called(node: cst.Call) -> cst.BaseExpression:
    """The module whose method a call runs: ``gan`` of ``gan.generator_forward(z)``, ``model`` of ``model(x)``."""
    import libcst as cst  # here: a file no rule needs is linted without libcst (tests/test_flake8.py)

    return node.func.value if isinstance(node.func, cst.Attribute) else node.func


def mode_switch(call: CallFact) -> Optional[Tuple[Value, str]]:
    """(model, mode) for ``model.eval()``, ``model.train()``, ``model.train(False)``."""
    callee = call.callee
    if not isinstance(callee, BoundMethod) or callee.name not in (TRAIN, EVAL):
        return None
    if callee.name == EVAL:
        return callee.receiver, EVAL
    flag = call.arg(0, "mode").value
    return callee.receiver, EVAL if flag == Const(False) else TRAIN


def _last_backward_index(facts: FileFacts) -> int:
    """Position, among the recorded calls, of the last backward() (-1 if none).
    Model calls after it, outside training loops, are evaluation."""
    positions = [call.position for call in facts.method_calls if call.name == "backward" and not models.standalone(call.controls)]
    return max(positions, default=-1)


def _backward_loops(facts: FileFacts) -> List[Control]:
    """The innermost loop of each backward() call."""
    loops = (next(loops_of(call.controls), None) for call in facts.method_calls if call.name == "backward")
    return [loop for loop in loops if loop is not None]


def _trains_in(facts: FileFacts, model: Value, loop: Control) -> bool:
    """Whether the loop runs ``model`` with autograd on: not only its
    predictions under no_grad (a new model, loaded from the fold's best
    checkpoint, put in eval mode to predict)."""
    return any(
        call.grad_enabled and models.model_input(call) is not None and models.model_of(call) is model
        for call in facts.within(loop, facts.calls)
    )


def _updates_weights(facts: FileFacts, loop: Control) -> bool:
    """Whether the loop steps an optimizer (of any receiver: one passed in as
    a parameter too), writes a descent step out, or is a library's training loop."""
    return (
        is_library_loop(loop)
        or any(call.name == "step" for call in facts.within(loop, facts.method_calls))
        or bool(facts.within(loop, facts.descent_steps))
    )


# Draws a generator is sampled from: noise, not data to evaluate on.
NOISE = frozenset({"torch.randn", "torch.rand", "torch.normal"})


def _sampled_from_noise(facts: FileFacts, call: CallFact, model: Optional[Value]) -> bool:
    """A generator with batch norm and no dropout run on random noise drawn
    for it (a GAN's progress samples while it trains, ``generator(torch.randn(64,
    latent))``; not batches of a dataset that happens to be random): batch norm
    in training mode normalizes that batch as it does the training batches, the
    DCGAN tutorial's way; only dropout would make the samples noisier."""
    layers = models.mode_dependent_layers(model)
    if not (_drawn_noise(facts, call) and layers and all("BatchNorm" in layer for layer in layers)):
        return False
    return _feeds_another_model(facts, model)


def _drawn_noise(facts: FileFacts, call: CallFact) -> bool:
    """Whether the model's input is random noise drawn for it, of sizes
    written out (``torch.randn(64, latent)``): not a loader's batch of random data (rows B)."""
    noise = call.arg(0).value
    origin = noise.origin if isinstance(noise, Array) else None
    drawn = origin is not None and type(origin).__name__ == "Call" and facts.code(origin.func) in NOISE  # type: ignore[attr-defined]
    return drawn and noise.shape is not None and all(isinstance(dim, int) for dim in noise.shape)  # type: ignore[union-attr]


def _weights_loaded(facts: FileFacts, model: Optional[Value]) -> bool:
    """Whether the file loads weights into the model or a module of it (``load_state_dict``)."""
    parts = list(models.submodules(model))
    return any(
        call.name in ("load_state_dict", "load") and any(call.receiver is part for part in parts)
        for call in facts.method_calls
    )


def _feeds_another_model(facts: FileFacts, model: Optional[Value]) -> bool:
    """Whether what ``model`` makes goes into another model in the file (a
    generator's images into the discriminator): a generator, not a model
    evaluated on random test inputs."""
    made = [id(call.result) for call in facts.calls if models.model_input(call) is not None and models.model_of(call) is model]
    for call in facts.calls:
        features = models.model_input(call)
        if features is not None and models.model_of(call) is not model and id(features.value) in made:
            return True
    return False


def _trains_other_tensors(facts: FileFacts, loop: Control) -> bool:
    """The loop steps only optimizers built from tensors of the file's own
    (``SGD([patch])``): what trains is those tensors, not a model."""
    stepped = [call.receiver for call in facts.within(loop, facts.method_calls) if call.name == "step" and isinstance(call.receiver, Optimizer)]
    return bool(stepped) and all(optimizer.tensors_only for optimizer in stepped)  # type: ignore[union-attr]


def switches_back(facts: FileFacts, model: Value, loop: Control) -> bool:
    """A train() in the loop on the model or on a module that contains it."""
    for call in facts.within(loop, facts.calls):
        switched = mode_switch(call)
        if switched is not None and switched[1] == TRAIN and any(m is model for m in models.submodules(switched[0])):
            return True
    return False
