"""PyTorch Lightning's ``Trainer.fit``: the training loop the library runs.

``trainer.fit(model, loader)`` calls the module's ``training_step(batch,
batch_idx)`` on every batch of ``loader`` (or of the datamodule's, or the
module's own ``train_dataloader()``) and trains on the loss it returns. The
analysis evaluates that call once, on what one batch is, inside a loop that
stands for fit's: the losses and model calls in ``training_step`` are then
seen with their real inputs, in training.
"""

from __future__ import annotations

from typing import Optional

from torchlint.core.api.callsite import CallSite
from torchlint.core.api.iteration import iterate
from torchlint.core.api.registry import handles
from torchlint.core.facts import Arg, Control
from torchlint.core.values import Const, FunctionValue, Instance, Ref, SymInt, Value


@handles("pytorch_lightning.Trainer", "pytorch_lightning.Trainer.from_argparse_args")
def _trainer(site: CallSite) -> Optional[Value]:
    # Its methods resolve through this reference (trainer.fit -> pytorch_lightning.Trainer.fit);
    # Trainer.from_argparse_args(args) makes a Trainer too (Lightning before 2.0).
    return Ref("pytorch_lightning.Trainer")


def _method(owner: Optional[Value], name: str) -> Optional[FunctionValue]:
    """``owner.name`` when owner is an instance of the file's classes that defines it."""
    return owner.method(name) if isinstance(owner, Instance) else None


def _loader_of(site: CallSite, owner: Optional[Value]) -> Optional[Value]:
    """``owner.train_dataloader()`` after ``owner.setup("fit")``, as fit calls
    them: what ``setup`` assigns to ``self`` holds as what ``__init__`` does."""
    maker = _method(owner, "train_dataloader")
    if maker is None:
        return None
    evaluator = site.evaluator
    setup = _method(owner, "setup")
    if setup is not None:
        evaluator.constructing.add(id(owner))
        try:
            evaluator.call_function(setup, CallSite(site.node, (Arg(Const("fit"), None),), (), True, evaluator))
        finally:
            evaluator.constructing.discard(id(owner))
    return evaluator.call_function(maker, None)


def _training_batches(site: CallSite, model: Instance) -> Optional[Value]:
    """What fit iterates: the loader given, else the datamodule's or the module's ``train_dataloader()``."""
    if site.given(1, "train_dataloaders"):
        given = site.value(1, "train_dataloaders")
        if _method(given, "train_dataloader") is not None:
            return _loader_of(site, given)  # fit(model, datamodule) given by position
        return given
    for owner in (site.value(None, "datamodule"), model):
        loader = _loader_of(site, owner)
        if loader is not None:
            return loader
    return None


@handles("pytorch_lightning.Trainer.fit")
def _fit(site: CallSite) -> Optional[Value]:
    model = site.value(0, "model")
    step = _method(model, "training_step")
    if step is None:
        return None
    batch = iterate(_training_batches(site, model), site.evaluator)  # type: ignore[arg-type]
    evaluator = site.evaluator
    # fit's own loop over the batches: a loop that trains (FileFacts.trains).
    evaluator.controls.append(Control("loop", site.node, (Ref("pytorch_lightning.Trainer.fit"),)))
    try:
        arguments = (Arg(batch, None), Arg(SymInt(None), None))
        evaluator.call_function(step, CallSite(site.node, arguments, (), True, evaluator))
    finally:
        evaluator.controls.pop()
    return None
