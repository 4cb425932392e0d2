"""Many mutated sample articles through parse, lint and render: failures and slow cases.

Run: .venv/bin/python bench/mutated_articles.py [--seeds N] [--start S] [--slow SECONDS]

The same mutations as tests/test_mutated_articles.py (which runs 48 seeds in
the suite), for thousands of seeds: prints each seed that raised, had a rule
fail, or took longer than ``--slow`` seconds, then a summary line. A case is
reproduced with ``mutate(sample, seed)`` from that test module.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from hang_guard import hang_guard
from test_mutated_articles import GUARD, SAMPLES, check, mutate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=2000)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--slow", type=float, default=5.0)
    args = parser.parse_args()
    failed = slow = 0
    worst = 0.0
    for seed in range(args.start, args.start + args.seeds):
        source = SAMPLES[seed % len(SAMPLES)].read_text(encoding="utf-8")
        started = time.perf_counter()
        try:
            with hang_guard(GUARD):
                check(mutate(source, seed))
        except Exception as exc:
            failed += 1
            print(f"seed {seed}: {type(exc).__name__}: {str(exc)[:200]}", flush=True)
        took = time.perf_counter() - started
        worst = max(worst, took)
        if took > args.slow:
            slow += 1
            print(f"seed {seed}: {took:.1f} s", flush=True)
    print(
        f"{args.seeds} articles: {failed} failed, {slow} over {args.slow:g} s, slowest {worst:.1f} s"
    )


if __name__ == "__main__":
    main()
