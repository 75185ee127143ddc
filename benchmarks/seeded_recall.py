"""Recall on real code: plant one known bug in real training scripts and
count how often the rule for it fires.

    python benchmarks/seeded_recall.py CORPUS_DIR [CORPUS_DIR ...]

Each mutation applies only where it is unambiguous, and only to files that
compile and where the rule was silent before:

- TL003: the file's only ``.zero_grad()`` line becomes ``pass``;
- TL006: the file's only ``<model>.eval()`` statement becomes ``pass`` (files
  that mention Dropout or BatchNorm);
- TL007: the file's only ``total += <loss>.item()`` loses its ``.item()``.

A planted bug that is not found is a miss; some misses are right (a
mutation can land in code that never trains, or a model defined in another
file), so read them: ``--misses`` lists the files. Not a test.
"""

from __future__ import annotations

import argparse
import re
from typing import Callable, Dict, List, Optional

from torchlint.discovery import python_files
from torchlint.engine import Selection, lint_text

Mutation = Callable[[str], Optional[str]]


def _only_line(text: str, pattern: str) -> Optional[str]:
    """``text`` with the one line matching ``pattern`` replaced by ``pass``."""
    lines = text.splitlines(True)
    hits = [index for index, line in enumerate(lines) if re.fullmatch(pattern, line.rstrip("\r\n"))]
    if len(hits) != 1:
        return None
    line = lines[hits[0]]
    lines[hits[0]] = line[: len(line) - len(line.lstrip())] + "pass\n"
    return "".join(lines)


def without_zero_grad(text: str) -> Optional[str]:
    if "backward(" not in text or ".step(" not in text:
        return None
    return _only_line(text, r"\s*[\w.\[\]]+\.zero_grad\([^()]*\)\s*")


def without_eval(text: str) -> Optional[str]:
    if not re.search(r"Dropout|BatchNorm", text):
        return None
    return _only_line(text, r"\s*\w+(\.\w+)*\.eval\(\)\s*")


def without_item(text: str) -> Optional[str]:
    if "backward(" not in text:
        return None
    found = [m for m in re.finditer(r"(\+=\s*)(\w+)\.item\(\)[ \t]*$", text, re.M) if "loss" in m.group(2).lower()]
    if len(found) != 1:
        return None
    match = found[0]
    return text[: match.start()] + match.group(1) + match.group(2) + text[match.end():]


MUTATIONS: Dict[str, Mutation] = {"TL003": without_zero_grad, "TL006": without_eval, "TL007": without_item}


def codes(text: str, path: str, selection: Selection) -> set:
    return {diagnostic.code for diagnostic in lint_text(text, path, selection)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--misses", action="store_true", help="list the files where a planted bug was not found")
    args = parser.parse_args()
    selection = Selection()
    found: Dict[str, List[str]] = {code: [] for code in MUTATIONS}
    missed: Dict[str, List[str]] = {code: [] for code in MUTATIONS}
    for path in python_files(args.corpus):
        if not path.endswith(".py"):
            continue
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            compile(text, path, "exec", dont_inherit=True)
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            continue
        before: Optional[set] = None
        for code, mutate in MUTATIONS.items():
            mutated = mutate(text)
            if mutated is None:
                continue
            if before is None:
                before = codes(text, path, selection)
            if code in before:
                continue
            (found if code in codes(mutated, path, selection) else missed)[code].append(path)
    for code in MUTATIONS:
        planted = len(found[code]) + len(missed[code])
        share = f"{len(found[code]) / planted:.0%}" if planted else "-"
        print(f"{code}: {len(found[code])} of {planted} planted bugs found ({share})")
        if args.misses:
            for path in missed[code]:
                print(f"    missed: {path}")


if __name__ == "__main__":
    main()
