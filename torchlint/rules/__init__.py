"""The rules, one module each. A new rule is a new module listed here."""

from __future__ import annotations

from typing import Dict, Tuple, Type

from torchlint.rules.base import Finding, Rule
from torchlint.rules.tl001_loss_target_shape import LossTargetShape
from torchlint.rules.tl002_unnormalized_features import UnnormalizedFeatures

ALL_RULES: Tuple[Type[Rule], ...] = (LossTargetShape, UnnormalizedFeatures)
RULES_BY_CODE: Dict[str, Type[Rule]] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Finding", "Rule"]
