"""Parse every corpus article and print articles/s and MB/s.

Run: .venv/bin/python bench/parse.py [--repeat N]
Reads the files into memory first, so the figure is the parser's own speed
(front matter, block scan, inline mask, sentences), not the disk's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import corpus_files

from kbeditor.article import decode, parse_article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = corpus_files()
    texts = [(p, decode(p.read_bytes(), p)[0]) for p in files]
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for path, text in texts:
            len(parse_article(text, path).sentences)  # sentences are lazy: count them in
        runs.append(time.perf_counter() - start)
    best, median = min(runs), statistics.median(runs)
    print(f"{len(texts)} articles, {size / 1e6:.2f} MB, {args.repeat} runs")
    print(
        f"median {median:.3f} s: {len(texts) / median:,.0f} articles/s, {size / 1e6 / median:.2f} MB/s"
    )
    print(f"best   {best:.3f} s: {len(texts) / best:,.0f} articles/s, {size / 1e6 / best:.2f} MB/s")
    per = sorted((len(t), p) for p, t in texts)[-1]
    print(f"largest article {per[1].name} ({per[0]:,} chars)")


if __name__ == "__main__":
    main()
