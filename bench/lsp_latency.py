"""Language-server latency: didChange to publishDiagnostics on the 3,000-word article, next to the editor's.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/lsp_latency.py [--rounds N] [--no-editor]

Figures printed:
- language server (``kbeditor lsp``, a real process over stdio, driven by pygls's client):
  the time from sending one ``didChange`` that appends " Restart the authentication
  handshake" to a paragraph (and, separately, the one that takes it out again) to the
  ``publishDiagnostics`` for that version arriving at the client, parsed. The edit points
  are the ones bench/gui_bench.py types at. Only results whose jargon underline sits where
  the phrase was typed are counted.
- the editor's own turnaround, measured as bench/gui_bench.py measures it (the same
  article, typed with QTest, until the underline is in the editor), printed as measured
  and without the pause in typing the editor waits for before it checks
  (``LINT_PAUSE_MS``), which a language client does on its side. The target: the server
  within 20 ms of the editor's turnaround without that pause.
- for reference, a full lint and a relint of the article in this process.

The article is built from the corpus beside the checkout (../shared) or KBEDITOR_SHARED.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from gui_bench import CORPUS, build_long_article, percentile

PHRASE = " Restart the authentication handshake"
FLAGGED = "authentication handshake"


def edit_points(text: str, rounds: int) -> list[int]:
    """Where gui_bench.py types: the ends of paragraphs spread through the article."""
    from kbeditor.article import parse_article

    paragraphs = [b for b in parse_article(text).blocks if b.kind == "paragraph"]
    return [paragraphs[(len(paragraphs) * (i + 1)) // (rounds + 2)].end for i in range(rounds)]


class Timed:
    """A pygls client that notes when each publishDiagnostics arrives."""

    def __init__(self) -> None:
        from lsprotocol import types as lsp
        from pygls.lsp.client import LanguageClient

        self.client = LanguageClient("kbeditor-bench", "1")
        self.arrivals: dict[tuple[str, int | None], tuple[float, list]] = {}
        self.arrived = asyncio.Event()

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: lsp.PublishDiagnosticsParams) -> None:
            key = (params.uri, params.version)
            self.arrivals[key] = (time.perf_counter(), list(params.diagnostics))
            self.arrived.set()

    async def wait(self, uri: str, version: int) -> tuple[float, list]:
        async with asyncio.timeout(120):
            while (uri, version) not in self.arrivals:
                self.arrived.clear()
                await self.arrived.wait()
        return self.arrivals[(uri, version)]


async def server_latency(root: Path, text: str, rounds: int) -> tuple[list[float], list[float]]:
    """(ms for each edit that adds the phrase, ms for each edit that takes it out)."""
    from lsprotocol import types as lsp

    from kbeditor.lsp.positions import LineIndex

    timed = Timed()
    client = timed.client
    await client.start_io(sys.executable, "-m", "kbeditor", "lsp")
    await client.initialize_async(
        lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=root.as_uri())
    )
    client.initialized(lsp.InitializedParams())
    uri = (root / "long.md").as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            lsp.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        )
    )
    _, found = await timed.wait(uri, 1)
    print(f"language server: {len(found)} findings on open")
    added, removed, version = [], [], 1
    for at in edit_points(text, rounds):
        line, char = LineIndex(text).position(at)
        here = lsp.Position(line=line, character=char)
        end = lsp.Position(line=line, character=char + len(PHRASE))
        for change, sink in (
            (lsp.TextDocumentContentChangePartial(range=lsp.Range(here, here), text=PHRASE), added),
            (lsp.TextDocumentContentChangePartial(range=lsp.Range(here, end), text=""), removed),
        ):
            await asyncio.sleep(0.4)  # the server is idle, as after a pause in typing
            version += 1
            began = time.perf_counter()
            client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(
                    lsp.VersionedTextDocumentIdentifier(uri=uri, version=version), [change]
                )
            )
            arrived, found = await timed.wait(uri, version)
            hit = any(
                d.range.start.line == line
                and d.range.start.character == char + len(PHRASE) - len(FLAGGED)
                for d in found
            )
            if hit == (sink is added):
                sink.append((arrived - began) * 1000)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return added, removed


def editor_turnaround(root: Path, rounds: int) -> tuple[list[float], list[float]]:
    """(gui_bench's end of typing to underline, ms; the editor's analyses meanwhile, ms)."""
    import gui_bench

    app, window, tab = gui_bench.open_window(root, "long.md")
    gui_bench.ANALYSES.clear()
    times = gui_bench.underline_turnaround(window, tab, rounds)
    analyses = list(gui_bench.ANALYSES)
    window.close()
    app.processEvents()
    return times, analyses


def lint_reference(text: str) -> tuple[float, float, float]:
    """(parse, full lint, relint after one paragraph changed), ms in this process, median of 5."""
    from kbeditor.article import parse_article
    from kbeditor.lint.engine import Linter

    linter = Linter.for_workspace(Path(tempfile.gettempdir()))
    article = parse_article(text, Path("long.md"))
    previous = linter.check(article)
    at = edit_points(text, 1)[0]
    edited_text = text[:at] + PHRASE + text[at:]
    parse, full, relint = [], [], []
    for _ in range(5):
        began = time.perf_counter()
        edited = parse_article(edited_text, Path("long.md"))
        parse.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        linter.check(article)
        full.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        linter.relint(edited, previous)
        relint.append((time.perf_counter() - began) * 1000)
    return statistics.median(parse), statistics.median(full), statistics.median(relint)


def summary(values: list[float]) -> str:
    if not values:
        return "no results"
    return (
        f"median {statistics.median(values):.0f} ms, p95 {percentile(values, 95):.0f} ms "
        f"({len(values)} results)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--no-editor", action="store_true", help="measure the server only")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found ({CORPUS}); set KBEDITOR_SHARED")
        return 0
    from kbeditor.article import parse_article

    text = build_long_article()
    print(f"article: {parse_article(text).counts()['words']} words")
    parse, full, relint = lint_reference(text)
    print(
        f"in process, for reference: parse {parse:.0f} ms, full lint {full:.0f} ms, "
        f"relint after one paragraph changed {relint:.0f} ms"
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        root.mkdir()
        (root / "long.md").write_text(text, encoding="utf-8")
        added, removed = asyncio.run(server_latency(root, text, args.rounds))
        print(
            f"language server, didChange to publishDiagnostics, adding the phrase: {summary(added)}"
        )
        print(f"language server, didChange to publishDiagnostics, removing it: {summary(removed)}")
        if args.no_editor:
            return 0
        from kbeditor.gui.analysis_routing import LINT_PAUSE_MS

        turnaround, analyses = editor_turnaround(root, args.rounds)
        print(f"editor, end of typing to updated underlines (gui_bench): {summary(turnaround)}")
        without = [t - LINT_PAUSE_MS for t in turnaround]
        print(
            f"editor, the same without its {LINT_PAUSE_MS} ms pause before checking: {summary(without)}"
        )
        print(f"editor, one analysis in its worker (parse, lint, counts): {summary(analyses)}")
        if added and without and analyses:
            server = statistics.median(added)
            print(
                f"server minus editor, medians (target <= +20 ms): "
                f"{server - statistics.median(without):+.0f} ms against its turnaround without "
                f"the pause, {server - statistics.median(analyses):+.0f} ms against one analysis"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
