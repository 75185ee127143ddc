"""How fast `torchlint server` publishes diagnostics, and whether its memory
stays flat, measured over stdio with pygls's LSP client against the real
server process.

    python benchmarks/server_latency.py SCRIPT.py [--samples 30] [--edits 1000] [--files 100]

SCRIPT.py is a training script (for example pytorch/examples'
imagenet/main.py, 530 lines); it is read, never committed here. Each edit
comes after a pause (--pause, 0.3 s: longer than the debounce, as between a
person's edits), and is timed from didChange sent to publishDiagnostics
received for that version. Measured:

- change: a training-code edit of SCRIPT.py (a line added after its last
  line of code, then the number in it changed at each edit);
- in-function: the same at the top of SCRIPT.py's longest top-level
  function (the incremental parse parses that whole function again);
- docstring: an edit inside a docstring of SCRIPT.py;
- burst: --burst changes of SCRIPT.py sent 30 ms apart (faster than a lint),
  timed from the last one sent to its diagnostics, and the server's CPU per
  burst (coalesced: one or two lints, not one per change);
- no-torch: an edit of a 500-line file without torch;
- memory: the server's resident set size (VmRSS) after warm-up, after
  --edits awaited edits of --memory-script (SCRIPT.py by default; no pause
  between them), and after --files more files opened.

Pin it to one core as the target says: `taskset -c 0 python benchmarks/...`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("torchlint-benchmark", "0")
        self.versions: dict = {}
        self.arrived = asyncio.Event()

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(client: Client, params: types.PublishDiagnosticsParams) -> None:
            client.versions[params.uri] = (params.version, time.perf_counter(), len(params.diagnostics))
            client.arrived.set()

    async def published(self, uri: str, version: int) -> tuple:
        while True:
            seen = self.versions.get(uri)
            if seen is not None and seen[0] == version:
                return seen
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), 60)

    def open(self, uri: str, text: str) -> None:
        self.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="python", version=0, text=text))
        )

    def send_change(self, uri: str, version: int, text: str) -> float:
        """When the change was sent."""
        sent = time.perf_counter()
        self.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return sent

    async def change(self, uri: str, version: int, text: str, pause: float = 0.0) -> float:
        """Seconds from the change sent (after ``pause``) to its diagnostics received."""
        await asyncio.sleep(pause)
        sent = self.send_change(uri, version, text)
        _, received, _ = await self.published(uri, version)
        return received - sent


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """The server's CPU time so far (user + system): on a loaded machine the
    wall-clock latency includes waiting for a core, this does not."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summary(name: str, seconds: list) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"{name:10} n={len(ms):4}  median {statistics.median(ms):7.1f} ms  p95 {p95:7.1f} ms  max {ms[-1]:7.1f} ms"


def training_edit(text: str, n: int) -> str:
    """The script with a literal in its last line of code set to n: the code
    changes, the findings must be recomputed."""
    lines = text.splitlines()
    index = max(i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#"))
    lines.insert(index + 1, f"benchmark_edit = {n}")
    return "\n".join(lines) + "\n"


def function_edit(text: str, n: int) -> str:
    """A line added at the top of the longest top-level function's body."""
    import ast

    functions = [node for node in ast.parse(text).body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    longest = max(functions, key=lambda node: node.end_lineno - node.lineno)
    first = longest.body[0]
    lines = text.splitlines(keepends=True)
    indent = " " * first.col_offset
    index = first.lineno - 1
    return "".join(lines[:index] + [f"{indent}benchmark_edit = {n}\n"] + lines[index:])


def docstring_edit(text: str, n: int) -> str:
    quote = text.index('"""') + 3
    return text[:quote] + f"edit {n} " + text[quote:]


async def main(args: argparse.Namespace) -> None:
    script = Path(args.script).read_text()
    folder = Path(tempfile.mkdtemp(prefix="torchlint-server-bench-"))
    client = Client()
    await client.start_io(sys.executable, "-m", "torchlint", "server")
    pid = client._server.pid
    started = time.perf_counter()
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), initialization_options={"debounce": args.debounce})
    )
    client.initialized(types.InitializedParams())
    print(f"initialize (imports and warm-up): {(time.perf_counter() - started) * 1000:.0f} ms")

    uri = (folder / "train.py").as_uri()
    client.open(uri, script)
    _, _, found = await client.published(uri, 0)
    print(f"{Path(args.script).name}: {len(script.splitlines())} lines, {found} findings; debounce {args.debounce * 1000:.0f} ms")
    version = 0
    for name, edit in (("change", training_edit), ("in-function", function_edit), ("docstring", docstring_edit)):
        timings = []
        cpu = 0.0
        for n in range(args.samples):
            version += 1
            await asyncio.sleep(args.pause)
            before = cpu_seconds(pid)
            timings.append(await client.change(uri, version, edit(script, n)))
            cpu += cpu_seconds(pid) - before
        print(f"{summary(name, timings)}  server CPU {cpu / args.samples * 1000:.0f} ms per edit")

    timings = []
    cpu = 0.0
    for n in range(args.samples):
        await asyncio.sleep(args.pause)
        before = cpu_seconds(pid)
        for k in range(args.burst):
            version += 1
            sent = client.send_change(uri, version, training_edit(script, 1000 + n * args.burst + k))
            if k < args.burst - 1:
                await asyncio.sleep(0.03)
        _, received, _ = await client.published(uri, version)
        timings.append(received - sent)
        cpu += cpu_seconds(pid) - before
    print(f"{summary('burst', timings)}  server CPU {cpu / args.samples * 1000:.0f} ms per burst of {args.burst}")

    plain_uri = (folder / "plain.py").as_uri()
    plain = "".join(f"def f{i}(x):\n    return x + {i}\n\n" for i in range(170))
    client.open(plain_uri, plain)
    await client.published(plain_uri, 0)
    timings = []
    cpu = 0.0
    for n in range(1, args.samples + 1):
        await asyncio.sleep(args.pause)
        before = cpu_seconds(pid)
        timings.append(await client.change(plain_uri, n, plain + f"# {n}\n"))
        cpu += cpu_seconds(pid) - before
    print(f"{summary('no-torch', timings)}  server CPU {cpu / args.samples * 1000:.0f} ms per edit")

    memory_uri = (folder / "memory.py").as_uri()
    memory_text = Path(args.memory_script or args.script).read_text()
    client.open(memory_uri, memory_text)
    await client.published(memory_uri, 0)
    before = early = rss_mib(pid)
    for n in range(1, args.edits + 1):
        await client.change(memory_uri, n, training_edit(memory_text, n))
        if n == args.edits // 10:
            early = rss_mib(pid)
    after = rss_mib(pid)
    print(f"memory: {before:.1f} MiB before, {early:.1f} after {args.edits // 10} edits, {after:.1f} after {args.edits} edits of {Path(args.memory_script or args.script).name}")
    for n in range(args.files):
        other = (folder / f"file{n}.py").as_uri()
        client.open(other, training_edit(memory_text, n))
        await client.published(other, 0)
    print(f"memory: {rss_mib(pid):.1f} MiB after {args.files} more files opened")

    await client.shutdown_async(None)
    client.exit(None)
    await asyncio.wait_for(client._server.wait(), 30)
    await client.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("script", help="a ~500-line training script to edit")
    parser.add_argument("--memory-script", help="the file edited --edits times (default: SCRIPT.py)")
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between timed edits")
    parser.add_argument("--burst", type=int, default=10, help="changes per burst")
    parser.add_argument("--debounce", type=float, default=0.05, help="the server's debounce in seconds (its default: 0.05)")
    asyncio.run(main(parser.parse_args()))
