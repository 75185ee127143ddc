"""``torchlint server``: a Language Server over stdio, so that an editor pays
the imports of libcst and the rules once, not at every save.

Built on pygls (with lsprotocol, the LSP types generated from Microsoft's
specification): the protocol library most Python language servers use
(ruff-lsp, the VS Code Python tool extensions' template, esbonio, jedi-language-
server), kept up to date with the specification, and pure Python, so the
extra costs no compiler. It is an optional extra: ``pip install
'torchlint[server]'``.
"""

from __future__ import annotations

import sys


def main() -> int:
    try:
        from torchlint.server.app import serve
    except ImportError as error:  # pygls is an optional extra
        print(
            f"torchlint: error: `torchlint server` needs pygls ({error}); pip install 'torchlint[server]'",
            file=sys.stderr,
        )
        return 2
    serve()
    return 0
