"""The rules, one module each. A new rule is a new module listed here."""

from __future__ import annotations

from typing import Dict, Tuple, Type

from torchlint.rules.base import Finding, Rule
from torchlint.rules.tl001_loss_target_shape import LossTargetShape
from torchlint.rules.tl002_unnormalized_features import UnnormalizedFeatures
from torchlint.rules.tl003_gradients_not_cleared import GradientsNotCleared
from torchlint.rules.tl004_loss_activation import LossActivationMismatch
from torchlint.rules.tl005_dtype import WrongDtype
from torchlint.rules.tl006_eval_mode import EvalMode
from torchlint.rules.tl007_loss_kept_across_iterations import LossKeptAcrossIterations
from torchlint.rules.tl008_evaluation_with_autograd import EvaluationWithAutograd

ALL_RULES: Tuple[Type[Rule], ...] = (
    LossTargetShape,
    UnnormalizedFeatures,
    GradientsNotCleared,
    LossActivationMismatch,
    WrongDtype,
    EvalMode,
    LossKeptAcrossIterations,
    EvaluationWithAutograd,
)
RULES_BY_CODE: Dict[str, Type[Rule]] = {rule.code: rule for rule in ALL_RULES}


def documented_codes() -> Tuple[type, ...]:
    """Every code torchlint reports, in code order, each a class with a code,
    name, summary and docstring: TL000 (a file it cannot analyse), the rules,
    TL100 (an unused noqa)."""
    from torchlint.engine import Unreadable
    from torchlint.suppression import UnusedNoqa

    return (Unreadable, *ALL_RULES, UnusedNoqa)

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Finding", "Rule", "documented_codes"]
