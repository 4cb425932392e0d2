"""Latency of the search panel and of the similar-articles update on the 600-article corpus.

    QT_QPA_PLATFORM=offscreen python bench/gui_panels_bench.py [--queries 60] [--drafts 40]

The corpus is copied to a temporary folder (the index is written inside the
workspace) and opened in the real editor window with its side panels, the
same way a writer opens it. Measured, from the end of the typing pause:

- search: the panel's pause timer fires -> results on screen (``results_shown``);
  queries are the first words of articles' front-matter descriptions;
- similar: the window's ``text_changed_debounced`` -> the panel updated;
  drafts are corpus articles with a reworded title and a sentence changed.

Prints p50/p95/max in milliseconds. Exits 0 with a message when the corpus
is absent (set KBEDITOR_SHARED to the folder holding ``corpus/``).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="kbeditor-bench-config-")

SHARED = Path(
    os.environ.get("KBEDITOR_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
CORPUS = SHARED / "corpus" / "ms-support"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def report(name: str, values: list[float]) -> None:
    print(
        f"{name:<34} n={len(values):<4} p50={percentile(values, 50):7.1f} ms  "
        f"p95={percentile(values, 95):7.1f} ms  max={max(values):7.1f} ms  "
        f"mean={statistics.fmean(values):7.1f} ms"
    )


def pump(app, condition, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.0005)


def queries_from(root: Path, count: int, rng: random.Random) -> list[str]:
    from kbeditor.article import load_article

    found = []
    for path in sorted(root.glob("*.md")):
        description = load_article(path).metadata.extra.get("description")
        if isinstance(description, str) and len(description.split()) >= 4:
            found.append(" ".join(description.split()[:4]))
    rng.shuffle(found)
    return found[:count]


def drafts_from(root: Path, count: int, rng: random.Random) -> list[tuple[Path, str]]:
    paths = sorted(p for p in root.glob("*.md") if p.name != "README.md")
    out = []
    for path in rng.sample(paths, count):
        text = path.read_text(encoding="utf-8", errors="replace")
        text = text.replace("title: ", "title: Draft - ", 1).replace(". ", ". Then ", 1)
        out.append((path.with_name(f"draft-{path.name}"), text))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--drafts", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found ({CORPUS}); set KBEDITOR_SHARED. Nothing measured.")
        return 0

    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(
            fmt, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="kbeditor-bench-")
        )
    from kbeditor.gui.app import application, open_window
    from kbeditor.gui.ask import ScriptedAnswers
    from kbeditor.gui.panels import panels_of
    from kbeditor.workspace import Workspace

    rng = random.Random(args.seed)
    root = Path(tempfile.mkdtemp(prefix="kbeditor-bench-")) / "corpus"
    shutil.copytree(CORPUS, root)
    app = application()
    started = time.perf_counter()
    window = open_window(Workspace(root), ScriptedAnswers({}), remember=False)
    window.resize(1500, 950)
    window.show()
    built = panels_of(window)
    pump(app, lambda: not built.search_lane.busy(), timeout=600)
    print(
        f"first index build in the background: {time.perf_counter() - started:.1f} s (600 articles)"
    )

    search = built.panels["search"]
    built.show_dock(built.docks[0])
    search_ms = []
    for query in queries_from(root, args.queries, rng):
        shown: list[float] = []
        search.results_shown.connect(lambda _n, s=shown: s.append(time.perf_counter()))
        search.query.setText(query)  # starts the pause timer, as typing does
        search._timer.stop()
        t0 = time.perf_counter()
        search.run_search()  # what the timer does when the pause ends
        pump(app, lambda s=shown: bool(s))
        search_ms.append((shown[0] - t0) * 1000)
        search.results_shown.disconnect()

    similar = built.panels["similar"]
    built.show_dock(built.docks[1])
    similar_ms = []
    for path, text in drafts_from(root, args.drafts, rng):
        done: list[float] = []
        similar.updated.connect(lambda _n, d=done: d.append(time.perf_counter()))
        t0 = time.perf_counter()
        window.text_changed_debounced.emit(path, text)
        pump(app, lambda d=done: bool(d))
        similar_ms.append((done[0] - t0) * 1000)
        similar.updated.disconnect()

    report("search panel (pause end -> shown)", search_ms)
    report("similar articles (pause -> shown)", similar_ms)
    built.shutdown()
    window.ask.answers["save-on-close"] = "discard"
    window.close()
    shutil.rmtree(root.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
