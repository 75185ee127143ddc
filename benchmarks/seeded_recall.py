"""Recall on real code: plant one known bug in real training scripts and
count how often the rule for it fires.

    python benchmarks/seeded_recall.py CORPUS_DIR [CORPUS_DIR ...]

Each mutation applies only where it is unambiguous, and only to scripts (or
notebooks' code cells) that compile and where the rule was silent before:

- TL003: the file's only ``.zero_grad()`` line becomes ``pass``;
- TL006: the file's only ``<model>.eval()`` statement becomes ``pass`` (files
  that mention Dropout or BatchNorm);
- TL007: the file's only ``<history>.append(<loss>.item())`` loses its
  ``.item()``: the list keeps each step's graph (a list made anew each epoch
  keeps one epoch's, which TL007 rightly leaves alone: read the misses);
- TL001: in a file that trains with a loss that broadcasts silently (MSE, L1,
  Huber; not BCE, which raises when the sizes differ), one ``reshape(-1, 1)`` / ``view(-1, 1)`` / ``unsqueeze(1)`` /
  ``[:, None]`` / ``squeeze()`` is removed, one mutant per occurrence, where it
  sits in the loss call's arguments or in an assignment to a name the loss
  call reads;
- TL002: in a file that trains a model, the feature scaling goes: every
  ``<scaler>.fit_transform(e)`` / ``<scaler>.transform(e)`` of a scikit-learn
  scaler becomes ``e``, every ``/ 255`` (and ``torch.div(x, 255)``) goes, and ``(e - mean) / std``
  becomes ``e`` (one mutant per kind).

TL001 and TL002 are measured twice: with the repositories' data files where
they are (``present``), and with the file linted under a path where no data
file can be found (``absent``: what a CI checkout without data sees: the
repository's ``.py`` files copied alone to an empty directory, so that its
own modules are still read).

A planted bug that is not found is a miss; some misses are right (a
mutation can land in code that never trains, or a model defined in another
file), so read them: ``--misses`` lists the files. Not a test.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import tempfile
from typing import Callable, Dict, List, Optional, Tuple

from torchlint import notebooks
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
    found = [m for m in re.finditer(r"(\.append\(\s*)(\w+)\.item\(\)(\s*\))", text) if "loss" in m.group(2).lower()]
    if len(found) != 1:
        return None
    match = found[0]
    return text[: match.start()] + match.group(1) + match.group(2) + match.group(3) + text[match.end():]


MUTATIONS: Dict[str, Mutation] = {"TL003": without_zero_grad, "TL006": without_eval, "TL007": without_item}

# A mutation that can apply at several places: every mutant it makes.
Mutations = Callable[[str], List[str]]

_SHAPE_LOSS = re.compile(
    r"\b(MSELoss|L1Loss|SmoothL1Loss|HuberLoss|mse_loss|l1_loss|smooth_l1_loss|huber_loss)\b"
)
_RESHAPE_STEP = re.compile(
    r"\.(?:reshape|view)\(\s*(?:-1\s*,\s*1|\(\s*-1\s*,\s*1\s*\))\s*\)"
    r"|\.unsqueeze\(\s*(?:dim\s*=\s*)?-?1\s*\)"
    r"|\[\s*:\s*,\s*(?:None|np\.newaxis)\s*\]"
    r"|\.squeeze\(\s*(?:(?:dim\s*=\s*)?-?1\s*)?\)"
)
_ASSIGNED = re.compile(r"\s*(\w+)\s*=[^=]")


def _loss_names(text: str) -> set:
    """Names bound to a shape-sensitive loss (``criterion = nn.MSELoss()``),
    and the functional losses themselves."""
    names = set(re.findall(r"(\w+)\s*=\s*(?:\w+\.)*(?:MSELoss|L1Loss|SmoothL1Loss|HuberLoss)\(", text))
    return names | {"mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"}


def _loss_argument_spans(text: str) -> List[Tuple[int, int]]:
    """Where the arguments of each call of a shape-sensitive loss lie."""
    spans = []
    for name in _loss_names(text):
        for match in re.finditer(r"\b%s\(" % re.escape(name), text):
            end = _closing(text, match.end() - 1)
            if end is not None:
                spans.append((match.end(), end))
    return spans


def _closing(text: str, open_at: int) -> Optional[int]:
    """Where the bracket opened at ``open_at`` closes."""
    depth = 0
    for index in range(open_at, len(text)):
        if text[index] in "([{":
            depth += 1
        elif text[index] in ")]}":
            depth -= 1
            if depth == 0:
                return index
    return None


def without_target_reshape(text: str) -> List[str]:
    if "backward(" not in text or not _SHAPE_LOSS.search(text):
        return []
    spans = _loss_argument_spans(text)
    read_by_loss = set(re.findall(r"\w+", " ".join(text[start:end] for start, end in spans)))
    mutants = []
    offset = 0
    for line in text.splitlines(True):
        assigned = _ASSIGNED.match(line)
        for match in _RESHAPE_STEP.finditer(line):
            start = offset + match.start()
            in_loss_call = any(first <= start < last for first, last in spans)
            if in_loss_call or (assigned is not None and assigned.group(1) in read_by_loss):
                mutants.append(text[:start] + text[start + len(match.group(0)):])
        offset += len(line)
    return mutants


_SCALERS = r"(?:StandardScaler|MinMaxScaler|RobustScaler|MaxAbsScaler|Normalizer|QuantileTransformer|PowerTransformer)"


def _unwrap_calls(text: str, opening: "re.Pattern[str]") -> str:
    """``text`` with each call whose head matches ``opening`` (ending at its
    open parenthesis) replaced by its parenthesised argument."""
    while True:
        match = opening.search(text)
        if match is None:
            return text
        end = _closing(text, match.end() - 1)
        if end is None:
            return text
        text = text[: match.start()] + "(" + text[match.end(): end] + ")" + text[end + 1:]


def without_scaling(text: str) -> List[str]:
    if "backward(" not in text or not re.search(r"nn\.(Linear|Conv\dd|Sequential)|\(nn\.Module\)", text):
        return []
    mutants = []
    scalers = set(re.findall(r"(\w+)\s*=\s*(?:\w+\.)*%s\(" % _SCALERS, text))
    for names, values in re.findall(r"^\s*([\w\s,]+?)\s*=\s*([^=\n]*%s\([^\n]*)$" % _SCALERS, text, re.M):
        # sc_x, sc_y = StandardScaler(), StandardScaler(): each name a scaler
        if "," in names and len(names.split(",")) == len(re.findall(_SCALERS, values)):
            scalers.update(name.strip() for name in names.split(","))
    heads = [r"(?:\w+\.)*%s\([^()]*\)\.(?:fit_)?transform\(" % _SCALERS, r"\b(?:preprocessing\.)?scale\("]
    # With what it is an attribute of (self.X_scaler.fit_transform(X) becomes X, not self.(X)).
    heads += [r"(?:\b\w+\.)*%s\.(?:fit_)?transform\(" % re.escape(name) for name in scalers]
    unscaled = text
    for head in heads:
        unscaled = _unwrap_calls(unscaled, re.compile(head))
    if unscaled != text:
        mutants.append(unscaled)
    # "/ 255", "/ 255.0", and "/ 255." at a line's end (whose "." left behind would not compile).
    undivided = re.sub(r"\s*/\s*255(?:\.0*)?(?![\w.])", "", text)
    # torch.div(x, 255), torch.true_divide(x, 255.0), np.divide(x, 255): the dividend alone.
    undivided = re.sub(r"\b(?:torch|np|numpy)\.(?:true_)?divide?\(\s*([^(),]+?)\s*,\s*255(?:\.0*)?\s*\)", r"\1", undivided)
    if undivided != text:
        mutants.append(undivided)
    standardized = re.compile(r"\(\s*([\w.\[\]:, ]+?)\s*-\s*[^()]*mean[^()]*(?:\([^()]*\))?[^()]*\)\s*/\s*(?:\(\s*)?[\w.\[\]]*std\w*(?:\([^()]*\))?(?:\s*\+\s*[\w.e-]+\s*\))?")
    unstandardized = standardized.sub(lambda match: match.group(1), text)
    if unstandardized != text:
        mutants.append(unstandardized)
    return mutants


# Rules measured with the data files present and absent, and their mutations.
DATA_MUTATIONS: Dict[str, Mutations] = {"TL001": without_target_reshape, "TL002": without_scaling}


def _script(path: str) -> Optional[str]:
    """The Python text of a script, or of a notebook's code cells, if it compiles."""
    try:
        if path.endswith(".ipynb"):
            with open(path, "rb") as handle:
                script = notebooks.script_of(handle.read())
            if not isinstance(script, notebooks.Script):
                return None
            text = script.text
        else:
            with open(path, encoding="utf-8-sig") as handle:  # a byte-order mark is no code
                text = handle.read()
    except (OSError, UnicodeDecodeError):
        return None
    return text if _compiles(text, path) else None


def _compiles(text: str, path: str) -> bool:
    try:
        compile(text, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _same_code(text: str, mutated: str) -> bool:
    return ast.dump(ast.parse(text)) == ast.dump(ast.parse(mutated))


def codes(text: str, path: str, selection: Selection) -> set:
    return {diagnostic.code for diagnostic in lint_text(text, path, selection)}


def code_only_copy(corpus: List[str], nowhere: str) -> Dict[str, str]:
    """Each corpus directory's ``.py`` files copied, in their places, under
    ``nowhere`` (a checkout without its data: the project's modules are
    there, its data files are not); the copy's directory of each corpus."""
    copies = {}
    for number, root in enumerate(corpus):
        copy = os.path.join(nowhere, str(number))
        for directory, _, names in os.walk(root):
            for name in names:
                if name.endswith(".py"):
                    target = os.path.join(copy, os.path.relpath(os.path.join(directory, name), root))
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    shutil.copyfile(os.path.join(directory, name), target)
        copies[os.path.abspath(root)] = copy
    return copies


def _codes_without_data(text: str, path: str, selection: Selection, copies: Dict[str, str]) -> set:
    """The codes for ``text`` linted in the code-only copy of its corpus,
    whose root is four directories down in an empty one, the working
    directory: no data file of the repository is found, its modules are."""
    absolute = os.path.abspath(path)
    root = next(root for root in copies if absolute.startswith(root + os.sep) or absolute == root)
    relative = os.path.relpath(absolute, root) if absolute != root else os.path.basename(absolute)
    return codes(text, os.path.join(copies[root], relative), selection)


def _report(label: str, found: List[str], missed: List[str], misses: bool) -> None:
    planted = len(found) + len(missed)
    share = f"{len(found) / planted:.0%}" if planted else "-"
    print(f"{label}: {len(found)} of {planted} planted bugs found ({share})")
    if misses:
        for path in missed:
            print(f"    missed: {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--misses", action="store_true", help="list the files where a planted bug was not found")
    args = parser.parse_args()
    selection = Selection()
    found: Dict[str, List[str]] = {code: [] for code in MUTATIONS}
    missed: Dict[str, List[str]] = {code: [] for code in MUTATIONS}
    labels = [f"{code} data {where}" for code in DATA_MUTATIONS for where in ("present", "absent")]
    found.update({label: [] for label in labels})
    missed.update({label: [] for label in labels})
    nowhere = tempfile.mkdtemp(prefix="seeded-recall-")
    # Data files are looked up beside a script and three directories above it:
    # the copies sit deeper than that below anything but empty directories.
    copies = code_only_copy(args.corpus, os.path.join(nowhere, "a", "b", "c"))
    os.chdir(nowhere)
    for path in python_files(args.corpus):
        text = _script(path)
        if text is None:
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
        for code, mutate_each in DATA_MUTATIONS.items():
            mutants = mutate_each(text)
            if not mutants:
                continue
            if before is None:
                before = codes(text, path, selection)
            if code in before:
                continue
            for number, mutated in enumerate(mutants, 1):
                if not _compiles(mutated, path) or _same_code(text, mutated):
                    continue  # a mutation inside a comment or a string plants nothing
                where = f"{path} #{number}"
                present = code in codes(mutated, path, selection)
                absent = code in _codes_without_data(mutated, path, selection, copies)
                (found if present else missed)[f"{code} data present"].append(where)
                (found if absent else missed)[f"{code} data absent"].append(where)
    for label in found:
        _report(label, found[label], missed[label], args.misses)


if __name__ == "__main__":
    main()
