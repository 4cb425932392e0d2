"""Whole-process cold `kbeditor index` on large workspaces: wall, CPU and peak memory, and how they scale.

Usage: .venv/bin/python bench/bigkb_index.py WORKSPACE [WORKSPACE ...] [--compare CHECKOUT]

Each WORKSPACE is built by ``bench/bigkb_build.py`` (for example 3,000, 6,000
and 12,000 articles); missing ones are skipped with a line saying so. For
each, the search index is removed and ``kbeditor index WORKSPACE`` run in a
separate process (a cold build). With ``--compare CHECKOUT`` the same command
is first run from another checkout of kbeditor (for example the commit before
this work), so both are measured in the same run on the same machine load.

CPU is user + system time of the command and every process it started: the
command's and its children's from ``getrusage``, and each process further
down (the workers of a fork server, which ``getrusage`` misses) read from
/proc every 0.1 s. Peak
memory is the largest total proportional set size of the process tree (a page
shared by several processes counted once in all), beside the largest single
process. Targets (issue 13): 12,000 articles at most 2.2x the time of 6,000,
and at most half of the time before.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INDEX = Path(".kbeditor") / "search"
TICKS = os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        out += [int(c) for c in children]
        todo += [int(c) for c in children]
    return out


def own_cpu(pid: int) -> tuple[int, float] | None:
    """(parent pid, user + system seconds) of one process itself (not its children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def pss(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return sum(
        int(line.split()[1]) * 1024 for line in rollup.splitlines() if line.startswith("Pss:")
    )


def run(command: list[str], env: dict[str, str], cwd: Path) -> dict[str, float]:
    """Wall, CPU of the whole tree, peak tree PSS and largest single RSS of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    peak, others = [0], {}  # others: pid -> last CPU seen, processes below the command

    def sample() -> None:
        while proc.poll() is None:
            below = descendants(proc.pid)
            peak[0] = max(peak[0], pss(proc.pid) + sum(pss(p) for p in below))
            for p in below:
                seen = own_cpu(p)
                # The command's own children are waited for: getrusage counts them.
                if seen is not None and seen[0] != proc.pid:
                    others[p] = max(others.get(p, 0.0), seen[1])
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = proc.communicate()
    sampler.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{output.decode(errors='replace')}")
    # getrusage counts the command and the children it waited for; processes
    # further down (a fork server's workers) are not, so their sampled time is added.
    mine = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "wall": wall,
        "cpu": mine + sum(others.values()),
        "tree": peak[0] / 1e6,
        "single": after.ru_maxrss / 1e3,
    }


def cold_build(checkout: Path, workspace: Path) -> dict[str, float]:
    shutil.rmtree(workspace / INDEX, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(checkout))
    # Run from the checkout: ``-m`` puts the working folder first on the path.
    return run([sys.executable, "-m", "kbeditor", "index", str(workspace)], env, checkout)


def show(name: str, articles: int, r: dict[str, float]) -> None:
    print(
        f"{name:9} {articles:6} articles  wall {r['wall']:7.2f} s  cpu {r['cpu']:7.2f} s  "
        f"peak PSS {r['tree']:6.0f} MB  largest process {r['single']:6.0f} MB",
        flush=True,
    )


def scaling(name: str, sizes: list[tuple[int, dict[str, float]]]) -> None:
    """Each workspace against the previous (smaller) one: times ratio for the articles ratio."""
    for (n0, r0), (n1, r1) in zip(sizes, sizes[1:], strict=False):
        print(
            f"{name:9} {n1}/{n0} articles ({n1 / n0:.2f}x): wall {r1['wall'] / r0['wall']:.2f}x  "
            f"cpu {r1['cpu'] / r0['cpu']:.2f}x (target <= 2.2x for 2x the articles)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspaces", type=Path, nargs="+")
    parser.add_argument("--compare", type=Path, help="another kbeditor checkout to run first")
    args = parser.parse_args()
    runs = [("before", args.compare.resolve())] if args.compare else []
    runs.append(("this", ROOT))
    found: dict[str, list[tuple[int, dict[str, float]]]] = {name: [] for name, _ in runs}
    for workspace in (w.resolve() for w in args.workspaces):
        if not workspace.is_dir():
            print(f"workspace not found ({workspace}); build it with bench/bigkb_build.py")
            continue
        articles = sum(1 for _ in workspace.rglob("*.md"))
        for name, checkout in runs:
            result = cold_build(checkout, workspace)
            show(name, articles, result)
            found[name].append((articles, result))
    for name, sizes in found.items():
        scaling(name, sorted(sizes, key=lambda s: s[0]))
    if args.compare:
        for (n, before), (_, now) in zip(found["before"], found["this"], strict=True):
            print(
                f"{n:6} articles: this / before  wall {now['wall'] / before['wall']:.2f}  "
                f"cpu {now['cpu'] / before['cpu']:.2f} (target <= 0.5)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
