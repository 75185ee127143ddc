"""torchlint: a linter for PyTorch training code.

Importing this package installs nothing and imports neither torch nor libcst;
the static engine lives in ``torchlint.engine``, the run-time checks in
``torchlint.runtime``.
"""

__version__ = "0.1.0"
