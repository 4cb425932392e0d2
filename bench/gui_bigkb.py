"""The editor on a large workspace: start-up, the first background check, memory, typing.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_bigkb.py WS [--keys N] [--warm]

WS is a workspace of many articles (``bench/bigkb_build.py`` builds one of
12,000). The bench writes the editor's lint cache into WS's data folder and,
for the restart, appends a sentence to one article and puts it back at the end:
work on a copy. Without ``--warm`` the lint cache is removed first, so the
first start checks every article.

Each start is a new process with a real window (offscreen). Figures printed:

- time from process start to an editable window: the first article is shown
  and a typed key changes its text;
- time from process start until the background check of every article is
  complete, and how many articles it linted (the rest came from the cache);
- what the writer saw meanwhile: the progress texts shown while it ran, and
  whether any is left once it is done;
- memory: RSS of the editor after the check (and its peak), the peak RSS of
  any worker process it started, and the RSS of workers still alive after it;
- keystroke to repaint p50/p99 while the check runs (keys typed with QTest,
  30-80 ms apart with an occasional pause, the viewport repainted after each),
  against the same typing once the check is done;
- a restart after one article changed: the same figures; only that article
  should be linted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A sentence typed, then erased with Backspace, over and over: the article stays its own
# size. (Minutes of typing that only added text made the live lint of the growing article,
# not the workspace check, what the keys waited for.)
SAMPLE = "the vpn client asks again, so check the endpoint. "


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def _status(pid: int | str = "self") -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB (empty when it is gone)."""
    out: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(("VmRSS", "VmHWM")):
                    out[line.split(":")[0]] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return out


def _children_rss() -> float:
    """RSS (MB) of this process's live child processes."""
    total = 0.0
    for task in Path("/proc/self/task").iterdir():
        try:
            pids = (task / "children").read_text().split()
        except OSError:
            continue
        total += sum(_status(pid).get("VmRSS", 0.0) for pid in pids)
    return total


# -- the child: one start of the editor ---------------------------------------------------


def pause(ms: int) -> None:
    """Run the event loop for ``ms`` as the application does (releasing the interpreter lock)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def type_key(editor: Any, index: int) -> float:
    """Type (or erase) one key in ``editor`` and repaint it; the milliseconds that took."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    step = index % (2 * len(SAMPLE))
    began = time.perf_counter()
    if step < len(SAMPLE):
        QTest.keyClick(editor, SAMPLE[step])
    else:
        QTest.keyClick(editor, Qt.Key.Key_Backspace)
    editor.viewport().repaint()
    return (time.perf_counter() - began) * 1000


def progress_texts(window: Any) -> list[str]:
    """Every text the window shows that could report the check's progress."""
    from PySide6.QtWidgets import QLabel

    texts = [window.statusBar().currentMessage(), window.workspace_panel.status.text()]
    texts += [
        label.text()
        for label in window.statusBar().findChildren(QLabel)
        if label.isVisible() and "heck" in label.text()
    ]
    return [t.strip() for t in texts if t and t.strip()]


def child(root: Path, began: float, keys: int, timeout: float) -> dict[str, Any]:
    from kbeditor.gui import theme
    from kbeditor.gui.app import application
    from kbeditor.gui.ask import ScriptedAnswers
    from kbeditor.gui.main_window import MainWindow
    from kbeditor.workspace import Workspace

    app = application()
    theme.THEME.apply(theme.LIGHT)
    window = MainWindow(
        Workspace(root), ScriptedAnswers({"save-on-close": "discard"}), remember=False
    )
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    shown = time.time() - began
    window.restore_tabs()
    tab = window.current_tab()
    editor = tab.editor
    editor.setFocus()
    before = editor.toPlainText()
    at = len(before) // 2
    editor.setTextCursor(editor.cursor_for(at, at))
    type_key(editor, 1)
    assert editor.toPlainText() != before, "the typed key did not reach the article"
    editable = time.time() - began
    rng = random.Random(7)
    during: list[float] = []
    seen: list[str] = []
    while window.scanner.running and time.time() - began < timeout:
        during.append(type_key(editor, len(during)))
        for text in progress_texts(window):
            if text not in seen:
                seen.append(text)
        pause(rng.randint(30, 80) if rng.random() > 0.15 else rng.randint(160, 260))
    checked = time.time() - began
    for _ in range(20):  # let the last batch and the end of the check reach the window
        pause(10)
    after_texts = progress_texts(window)
    mine = _status()
    workers_alive = _children_rss()
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    idle = []
    for i in range(keys if not window.scanner.running else 0):  # idle means checked
        idle.append(type_key(editor, i))
        pause(rng.randint(30, 80) if rng.random() > 0.15 else rng.randint(160, 260))
    panel = window.workspace_panel
    return {
        "shown": shown,
        "editable": editable,
        "checked": checked,
        "finished": not window.scanner.running,
        "articles": len(panel.paths),
        "badges": len(panel.infos),
        "linted": window.scanner.linted,
        "progress_seen": len(seen),
        "progress_first": seen[:3],
        "after_texts": after_texts,
        "rss": mine.get("VmRSS", 0.0),
        "peak": mine.get("VmHWM", 0.0),
        "workers_peak": workers_peak,
        "workers_alive": workers_alive,
        "during": during,
        "idle": idle,
    }


# -- the parent: starts, a changed article, the report ---------------------------------------


def start(root: Path, keys: int, timeout: float) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=tempfile.mkdtemp())
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        began = time.time()
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [
                sys.executable,
                __file__,
                str(root),
                "--child",
                str(began),
                out.name,
                "--keys",
                str(keys),
            ],
            env=env,
            check=True,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = json.loads(Path(out.name).read_text(encoding="utf-8"))
    result["cpu"] = (after.ru_utime + after.ru_stime) - (cpu.ru_utime + cpu.ru_stime)
    return result


def report(name: str, r: dict[str, Any]) -> None:
    during, idle = r["during"], r["idle"]
    print(f"{name}:")
    print(
        f"  window shown {r['shown']:.2f} s, editable (first article typed into) {r['editable']:.2f} s"
    )
    state = "complete" if r["finished"] else "NOT complete (the bench stopped waiting)"
    print(
        f"  background check {state} at {r['checked']:.1f} s: {r['badges']}/{r['articles']} badges, "
        f"{r['linted']} articles linted; CPU of the whole run {r['cpu']:.0f} s"
    )
    first = "; ".join(r["progress_first"]) or "none"
    left = "; ".join(r["after_texts"]) or "none"
    print(
        f"  progress texts seen while checking: {r['progress_seen']} (first: {first}); after: {left}"
    )
    print(
        f"  RSS after the check {r['rss']:.0f} MB (peak {r['peak']:.0f} MB); worker processes: "
        f"peak {r['workers_peak']:.0f} MB each, {r['workers_alive']:.0f} MB still alive"
    )
    print(
        f"  keystroke to repaint while checking ({len(during)} keys): p50 {percentile(during, 50):.1f} ms, "
        f"p99 {percentile(during, 99):.1f} ms, max {max(during, default=float('nan')):.1f} ms"
    )
    print(
        f"  keystroke to repaint when idle ({len(idle)} keys): p50 {percentile(idle, 50):.1f} ms, "
        f"p99 {percentile(idle, 99):.1f} ms, max {max(idle, default=float('nan')):.1f} ms"
    )


def changed_article(root: Path) -> Path:
    from kbeditor.workspace import Workspace

    paths = Workspace(root).article_paths()
    return paths[len(paths) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--keys", type=int, default=300, help="keys typed once the check is done")
    parser.add_argument(
        "--warm", action="store_true", help="keep the lint cache for the first start"
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="stop waiting for the check after this (s)"
    )
    parser.add_argument("--child", nargs=2, metavar=("BEGAN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # a figure as soon as it is known
    root = args.workspace.resolve()
    if args.child:
        result = child(root, float(args.child[0]), args.keys, args.timeout)
        Path(args.child[1]).write_text(json.dumps(result), encoding="utf-8")
        sys.stdout.flush()
        os._exit(0)  # the figures are written; closing 12,000 rows and the workers proves nothing
    from kbeditor.health.facts import CACHE_NAME as FACTS_NAME
    from kbeditor.lint.cache import cache_file

    if not args.warm:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{cache_file(root)}{suffix}").unlink(missing_ok=True)
        (cache_file(root).parent / FACTS_NAME).unlink(missing_ok=True)
    report(
        "first start" + (" (lint cache kept)" if args.warm else " (no lint cache)"),
        start(root, args.keys, args.timeout),
    )
    article = changed_article(root)
    original = article.read_bytes()
    try:
        article.write_bytes(original + b"\nRestart the authentication handshake.\n")
        report(
            f"restart after one article changed ({article.name})",
            start(root, args.keys, args.timeout),
        )
    finally:
        article.write_bytes(original)
    return 0


if __name__ == "__main__":
    sys.exit(main())
