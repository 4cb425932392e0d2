"""Whole-process `kbeditor lint` on a large workspace: time, CPU and peak memory, cold and warm.

Usage: .venv/bin/python bench/bigkb_lint.py WORKSPACE [--jobs N] [--compare CHECKOUT]

WORKSPACE is built by ``bench/bigkb_build.py``; it is skipped cleanly when
absent. Printed figures, each a separate process running
``kbeditor lint WORKSPACE --format json`` (output to a file):
  - cold: the lint cache removed first
  - warm: again after appending a sentence to one article (only that one is linted)
  - with ``--compare CHECKOUT``: the same command run from another checkout of
    kbeditor (for example the commit before this work), for a before/after figure
Peak memory is the largest total over the process and all its workers, sampled
every 0.1 s as proportional set size (a page shared by forked workers counted
once in all), beside the largest single process as ``getrusage`` reports it.
Targets (issue 13): peak <= 600 MB; warm <= 5 % of cold; cold >= 1.7x faster than before.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(".kbeditor") / "lint-cache.sqlite"


def tree_memory(pid: int) -> int:
    """Proportional set size (shared pages split between their users) of a process tree (Linux)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) * 1024
        todo.extend(int(c) for c in children)
    return total


def run(command: list[str], env: dict[str, str], out: Path, checkout: Path) -> dict[str, float]:
    """Wall, CPU (user + system of the process and its workers), peak tree and single RSS.

    Runs from ``checkout``: ``python -m`` puts the working folder ahead of
    PYTHONPATH, so run from anywhere else it could import another checkout's code.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with out.open("w") as handle:
        proc = subprocess.Popen(
            command, env=env, stdout=handle, stderr=subprocess.DEVNULL, cwd=checkout
        )
        peak = [0]

        def sample() -> None:
            while proc.poll() is None:
                peak[0] = max(peak[0], tree_memory(proc.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = proc.wait()
        sampler.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit code {code}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "tree": peak[0] / 1e6, "single": after.ru_maxrss / 1e3}


def show(name: str, r: dict[str, float]) -> None:
    print(
        f"{name:34} wall {r['wall']:7.2f} s  cpu {r['cpu']:7.2f} s  "
        f"peak PSS (all processes) {r['tree']:6.0f} MB  largest process {r['single']:6.0f} MB"
    )


def command(checkout: Path, workspace: Path, jobs: int | None) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    cmd = [sys.executable, "-m", "kbeditor", "lint", str(workspace), "--format", "json"]
    return cmd + (["--jobs", str(jobs)] if jobs else []), env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--compare", type=Path, help="another kbeditor checkout to run first")
    parser.add_argument("--out", type=Path, default=Path("bigkb-lint.json"))
    args = parser.parse_args()
    # Absolute, as each run starts in its checkout's folder.
    args.workspace, args.out = args.workspace.resolve(), args.out.resolve()
    if not args.workspace.is_dir():
        print(f"workspace not found ({args.workspace}); build it with bench/bigkb_build.py")
        return 0
    count = sum(1 for _ in args.workspace.rglob("*.md"))
    print(f"workspace: {count} articles")
    if args.compare:
        compare = args.compare.resolve()
        (args.workspace / CACHE).unlink(missing_ok=True)  # a cold run for it too
        cmd, env = command(compare, args.workspace, None)
        show("before (--compare checkout)", run(cmd, env, args.out.with_suffix(".before"), compare))
    (args.workspace / CACHE).unlink(missing_ok=True)
    cmd, env = command(ROOT, args.workspace, args.jobs)
    cold = run(cmd, env, args.out, ROOT)
    show("cold (no cache)", cold)
    article = sorted(args.workspace.rglob("*.md"))[count // 2]
    with article.open("a", encoding="utf-8") as handle:
        handle.write("\nRestart the computer and sign in again.\n")
    warm = run(cmd, env, args.out.with_suffix(".warm"), ROOT)
    show("warm (one article changed)", warm)
    print(
        f"warm / cold: {warm['wall'] / cold['wall']:.1%} wall, "
        f"{warm['cpu'] / cold['cpu']:.1%} cpu (target <= 5 %)"
    )
    if args.compare:
        same = args.out.read_bytes() == args.out.with_suffix(".before").read_bytes()
        print(f"cold output identical to the compared checkout's: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
