"""TL005: data of the wrong dtype, float64 features for a float32 model and
class targets that are not int64."""

from __future__ import annotations

from typing import Iterator, Set

from torchlint.core import models
from torchlint.core.facts import FileFacts
from torchlint.core.values import Array, BoundMethod, Ref, is_module
from torchlint.rules.base import MODEL_WORDS, Finding, Rule, cited, quoted

FLOAT64 = "float64"
# Target dtypes that class-index losses reject ("expected ... Long or Byte").
NOT_CLASS_INDICES = frozenset({"float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "bool"})
CLASS_INDEX_LOSSES = ("CrossEntropy", "cross_entropy", "NLLLoss", "nll_loss")
_DOUBLE_DTYPES = frozenset({"torch.float64", "torch.double", "torch.DoubleTensor"})


class WrongDtype(Rule):
    """## What it does
    Flags float64 data fed to a float32 model: NumPy arrays are float64 by
    default, and `torch.from_numpy` / `torch.tensor` of one keep that, while
    `nn.Linear` weights are float32. Also flags `CrossEntropyLoss` /
    `NLLLoss` class-index targets that are float or int32 instead of int64.

    It stays silent when the file converts its models to float64
    (`model.double()`, `.to(torch.float64)`, `torch.set_default_dtype`) or
    replaces parameters by hand (`p.data = ...`).

    ## Why is this bad?
    PyTorch raises at the first forward ("mat1 and mat2 must have the same
    dtype, but got Double and Float"), or at the first loss ("expected target
    dtype to be Long"), far from the line that made the data. Found before the
    run, the fix is one keyword.

    ## Example
    ```python
    X = torch.from_numpy(np.random.rand(100, 3))       # float64
    out = model(X)                                      # TL005
    loss = nn.CrossEntropyLoss()(logits, torch.tensor(labels, dtype=torch.float32))  # TL005
    ```

    ## Use instead
    ```python
    X = torch.from_numpy(np.random.rand(100, 3)).float()
    loss = nn.CrossEntropyLoss()(logits, torch.tensor(labels, dtype=torch.long))
    ```

    ## Fix safety
    `--fix` adds `.long()` to the class indices at the loss call, and `.float()`
    to a float64 input at the model call. Safe: both calls raised before.
    """

    code = "TL005"
    follows_values = True
    name = "wrong-dtype"
    summary = "float64 data for a float32 model, or class targets that are not int64"
    # Class targets need a class-index loss. Float64 inputs need a tensor made
    # from a source of float64 (NumPy, pandas, scikit-learn, a float64 dtype,
    # `dtype=float`, Python floats collated by a DataLoader) and a model.
    triggers = (
        ("from_numpy", "as_tensor", "tensor(", "Tensor(") + CLASS_INDEX_LOSSES,
        ("numpy", "pandas", "sklearn", "float64", "double", "Double", "DataLoader", "=float", "= float", "(float", ", float")
        + CLASS_INDEX_LOSSES,
        MODEL_WORDS + CLASS_INDEX_LOSSES,
    )

    INVALID = (
        """
import numpy as np
import torch
X = torch.from_numpy(np.random.rand(16, 3))
model = torch.nn.Linear(3, 1)
out = model(X)
""",
        """
import torch
logits = torch.nn.Linear(4, 3)(torch.randn(8, 4))
labels = torch.tensor([0, 2, 1, 0, 1, 2, 0, 1], dtype=torch.float32)
loss = torch.nn.functional.cross_entropy(logits, labels)
""",
    )
    VALID = (
        """
import numpy as np
import torch
X = torch.from_numpy(np.random.rand(16, 3)).float()
model = torch.nn.Linear(3, 1)
out = model(X)
""",
        """
import numpy as np
import torch
X = torch.from_numpy(np.random.rand(16, 3))
model = torch.nn.Linear(3, 1).double()
out = model(X)
""",
    )

    def check(self, facts: FileFacts) -> Iterator[Finding]:
        if not _models_may_be_double(facts):
            yield from self._float64_inputs(facts)
        yield from self._class_targets(facts)

    def _float64_inputs(self, facts: FileFacts) -> Iterator[Finding]:
        seen: Set[int] = set()
        for index, call in enumerate(facts.calls):
            features = models.model_input(call)
            if features is None or not isinstance(features.value, Array) or features.value.kind != "tensor":
                continue
            reaching = models.first_layer_input(facts, index)
            if not isinstance(reaching, Array) or reaching.dtype != FLOAT64 or reaching.kind != "tensor":
                continue
            key = id(reaching.origin)
            if key in seen:
                continue
            seen.add(key)
            yield Finding(
                call.node,
                f"{quoted(facts, features.node)} is a float64 tensor (NumPy's default dtype"
                + (f", data made at {facts.where(reaching.origin)}" if reaching.origin is not None else "")
                + ") but the model's weights are float32: PyTorch raises \"mat1 and mat2 must have the same dtype\". "
                "Fix: `.float()` on the tensor, or dtype=torch.float32 where it is made",
                cited((reaching.origin, "float64 data made here")),
            )

    def _class_targets(self, facts: FileFacts) -> Iterator[Finding]:
        for loss in facts.loss_calls:
            if loss.functional not in ("cross_entropy", "nll_loss"):
                continue
            prediction, target = loss.prediction.value, loss.target.value
            if not (isinstance(prediction, Array) and isinstance(target, Array)):
                continue
            if prediction.shape is None or target.shape is None or len(target.shape) != len(prediction.shape) - 1:
                continue  # same shape as the logits: class probabilities, any float dtype is right
            if target.dtype in NOT_CLASS_INDICES:
                yield Finding(
                    loss.call.node,
                    f"{loss.display_name} gets class indices {quoted(facts, loss.target.node)} of dtype "
                    f"{target.dtype}: PyTorch raises \"expected target dtype to be Long\". "
                    "Fix: `.long()`, or dtype=torch.long where they are made",
                )


def _models_may_be_double(facts: FileFacts) -> bool:
    """The file turns a model (or the default dtype) to float64 somewhere."""
    for call in facts.calls:
        callee = call.callee
        if isinstance(callee, Ref) and callee.qualname == "torch.set_default_dtype":
            return True
        if isinstance(callee, BoundMethod) and is_module(callee.receiver):
            if callee.name == "double":
                return True
            if callee.name in ("to", "type") and any(
                isinstance(arg.value, Ref) and arg.value.qualname in _DOUBLE_DTYPES
                for arg in (*call.args, *(a for _, a in call.kwargs))
            ):
                return True
    if any(store.name in ("data", "weight", "bias") for store in facts.attribute_stores):
        return True  # parameters replaced by hand (`p.data = torch.from_numpy(...)`) may be float64
    return any(call.name == "double" for call in facts.method_calls if call.receiver is None)
