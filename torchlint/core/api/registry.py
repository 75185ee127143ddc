"""Where library functions are looked up by qualified name."""

from __future__ import annotations

import re
from typing import Callable, Dict, Optional

from torchlint.core.api.callsite import CallSite
from torchlint.core.values import Value

Handler = Callable[[CallSite], Optional[Value]]

# Library functions and classes by canonical qualified name.
FUNCTIONS: Dict[str, Handler] = {}


def handles(*qualnames: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for name in qualnames:
            FUNCTIONS[name] = handler
        return handler

    return register


# Where a library defines a name and where users usually import it from.
_CANONICAL = [
    (re.compile(r"^torch\.nn\.modules(\.\w+)?\.(?=[A-Z])"), "torch.nn."),
    (re.compile(r"^torch\.utils\.data\.(dataloader|dataset)\."), "torch.utils.data."),
    (re.compile(r"^torch\.optim\.(?!lr_scheduler\.)[a-z_]+\.(?=[A-Z])"), "torch.optim."),
    (re.compile(r"^torch\.autograd\.variable\."), "torch.autograd."),
    (re.compile(r"^torch\.distributions\.[a-z_]+\.(?=[A-Z])"), "torch.distributions."),
    # The same tensor types on the GPU: `Tensor = torch.cuda.FloatTensor if cuda else torch.FloatTensor`.
    (re.compile(r"^torch\.cuda\.(?=[A-Z]\w*Tensor$)"), "torch."),
    (re.compile(r"^pandas\.core\.(frame|series)\."), "pandas."),
    (re.compile(r"^sklearn\.preprocessing\._\w+\."), "sklearn.preprocessing."),
    (re.compile(r"^tqdm\.(auto|notebook|std)\."), "tqdm."),
    (re.compile(r"^lightning\.pytorch\."), "pytorch_lightning."),
    (re.compile(r"^lightning\.(?=[A-Z])"), "pytorch_lightning."),  # import lightning as L; L.Trainer
]


def canonical(qualname: str) -> str:
    for pattern, replacement in _CANONICAL:
        qualname = pattern.sub(replacement, qualname, count=1)
    return qualname
