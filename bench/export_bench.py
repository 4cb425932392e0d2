"""Export speed and size: `kbeditor export` against `mkdocs build` on the same Markdown files.

Run: .venv/bin/python bench/export_bench.py [--skip-mkdocs] [--pairs N]

Both tools read the same copy of the corpus articles in a temporary folder (the
corpus itself is never written to). Printed figures:
  - cold export of the corpus (empty output folder, no cache)
  - re-export with nothing changed, and after one changed article (target <= 1 s)
  - mkdocs build with the plain `mkdocs` theme and, when installed, Material
  - size of the exported site and of its search index
  - whole processes, alternated A B A B (``--pairs N``, default 3): `kbeditor export
    DOCS --out DIR --clean` against `mkdocs build -q` (plain theme), wall and CPU
    seconds (user + system, worker processes included), medians and their ratio
Targets: at least 3x faster than plain mkdocs; re-export after one change <= 1 s.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import corpus_files

from kbeditor.export.site import export_site
from kbeditor.workspace import Workspace


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def time_export(kb: Path, out: Path, lint: bool = False) -> tuple[float, object]:
    """As `kbeditor export` runs it: lint only with --strict (lint=True)."""
    started = time.perf_counter()
    summary = export_site(Workspace(kb), out, lint=lint)
    return time.perf_counter() - started, summary


def time_mkdocs(kb: Path, work: Path, theme: str) -> float | None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    if not mkdocs.exists():
        return None
    if theme == "material":
        try:
            import material  # noqa: F401
        except ImportError:
            return None
    config = work / f"mkdocs-{theme}.yml"
    config.write_text(
        f"site_name: Corpus\ndocs_dir: {kb}\nsite_dir: {work / ('mk-' + theme)}\n"
        f"theme:\n  name: {theme}\nuse_directory_urls: false\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    done = subprocess.run(
        [str(mkdocs), "build", "--quiet", "--config-file", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(f"mkdocs ({theme}) failed: {done.stderr.strip().splitlines()[-1:]}")
        return None
    return seconds


def run_timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed: {done.stderr.strip().splitlines()[-1:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def compare_processes(kb: Path, work: Path, pairs: int) -> None:
    """kbeditor export --clean against mkdocs build, as whole processes, alternated."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    kbeditor = Path(sys.executable).with_name("kbeditor")
    config = work / "mkdocs-mkdocs.yml"
    if not mkdocs.exists() or not config.exists() or not kbeditor.exists():
        print("whole-process comparison: mkdocs or the kbeditor script is not available")
        return
    ours = [str(kbeditor), "export", str(kb), "--out", str(work / "site-proc"), "--clean"]
    theirs = [str(mkdocs), "build", "--quiet", "--config-file", str(config)]
    a: list[tuple[float, float]] = []
    b: list[tuple[float, float]] = []
    for _ in range(pairs):
        a.append(run_timed(ours))
        b.append(run_timed(theirs))
    for name, runs in (("kbeditor export --clean", a), ("mkdocs build (mkdocs)", b)):
        walls = " ".join(f"{w:.2f}" for w, _ in runs)
        print(
            f"{name:24} wall median {statistics.median(w for w, _ in runs):5.2f} s ({walls}); "
            f"cpu median {statistics.median(c for _, c in runs):5.2f} s"
        )
    ratio = statistics.median(w for w, _ in b) / statistics.median(w for w, _ in a)
    cpu_ratio = statistics.median(c for _, c in b) / statistics.median(c for _, c in a)
    print(
        f"whole process, {pairs} pairs: kbeditor is {ratio:.2f}x faster (wall), {cpu_ratio:.2f}x (CPU)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-mkdocs", action="store_true")
    parser.add_argument("--pairs", type=int, default=3, help="whole-process A/B pairs (0: none)")
    args = parser.parse_args()
    files = corpus_files()
    with tempfile.TemporaryDirectory(prefix="kb-export-bench-") as tmp:
        work = Path(tmp)
        kb = work / "docs"
        kb.mkdir()
        for path in files:
            shutil.copy2(path, kb / path.name)
        print(f"corpus: {len(files)} articles, {folder_size(kb) / 1e6:.2f} MB of Markdown")

        strict_cold, _ = time_export(kb, work / "site-strict", lint=True)
        print(
            f"kbeditor export --strict, cold:    {strict_cold:6.2f} s  (renders and lints every article)"
        )
        cold, summary = time_export(kb, work / "site")
        print(f"kbeditor export, cold:             {cold:6.2f} s  ({summary.line()})")
        warm = [time_export(kb, work / "site")[0] for _ in range(3)]
        print(f"kbeditor export, nothing changed:  {statistics.median(warm):6.2f} s  (median of 3)")
        changed = []
        target = kb / files[len(files) // 2].name
        for i in range(3):
            with target.open("a", encoding="utf-8") as handle:
                handle.write(f"\nOne more sentence, edit {i}.\n")
            seconds, s = time_export(kb, work / "site")
            assert s.rendered == 1, s.line()  # type: ignore[attr-defined]
            changed.append(seconds)
        print(
            f"kbeditor export, one article changed: {statistics.median(changed):6.2f} s  (median of 3; target <= 1 s)"
        )

        site = work / "site"
        index = site / "assets" / "search"
        pages = len(list(site.rglob("*.html")))
        cache = kb / ".kbeditor" / "export-cache"
        print(
            f"site size: {folder_size(site) / 1e6:.2f} MB in {pages} pages; "
            f"search data {folder_size(index) / 1e6:.2f} MB in {len(list(index.iterdir()))} parts; "
            f"cache {folder_size(cache) / 1e6:.2f} MB (in the workspace, not published)"
        )

        if args.skip_mkdocs:
            return 0
        for theme in ("mkdocs", "material"):
            seconds = time_mkdocs(kb, work, theme)
            if seconds is None:
                print(f"mkdocs build ({theme}): not available (pip install -e '.[bench]')")
                continue
            size = folder_size(work / f"mk-{theme}")
            print(
                f"mkdocs build ({theme}):            {seconds:6.2f} s  ({size / 1e6:.1f} MB); "
                f"kbeditor cold export is {seconds / cold:.1f}x faster"
            )
        if args.pairs > 0:
            compare_processes(kb, work, args.pairs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
