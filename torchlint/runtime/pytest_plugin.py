"""``pytest --torchlint-runtime``: the run-time checks on for a whole test session.

Registered through the ``pytest11`` entry point; it imports nothing heavy
unless the option is given.
"""

from __future__ import annotations

from typing import Any


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("torchlint")
    group.addoption(
        "--torchlint-runtime",
        action="store_true",
        default=False,
        help="run the tests with torchlint's run-time checks on (shape mismatches raise)",
    )
    group.addoption(
        "--torchlint-runtime-mode",
        choices=("raise", "warn"),
        default="raise",
        help="raise on a shape mismatch (default) or only report it",
    )


def pytest_configure(config: Any) -> None:
    if config.getoption("--torchlint-runtime"):
        import torchlint.runtime

        torchlint.runtime.enable(mode=config.getoption("--torchlint-runtime-mode"))


def pytest_unconfigure(config: Any) -> None:
    if config.getoption("--torchlint-runtime"):
        import torchlint.runtime

        torchlint.runtime.disable()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: Any) -> None:
    if not config.getoption("--torchlint-runtime"):
        return
    import torchlint.runtime

    session = torchlint.runtime.current()
    if session is not None:
        terminalreporter.section("torchlint runtime")
        terminalreporter.write_line(session.summary())
