"""Search, build, update and similarity speed at 600 and 6,000 articles.

The 6,000-article set is the corpus copied ten times (distinct ids) into a
temporary folder outside the project. For each size: full build time,
search latency (p50/p95 over the description queries, warm searcher, in
three shapes: whole description, first 6 words, with typos), incremental
update after one changed article (by path, as the editor does after a save,
and by full scan, as ``kbeditor index`` does), ``similar_to_text`` latency on
drafts made from articles, and the time of a full ``dupes`` sweep.

    .venv/bin/python bench/search_speed.py          # both sizes
    .venv/bin/python bench/search_speed.py 600      # one size
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import corpus_files, make_workspace, percentile, remove
from search_quality import query_sets

from kbeditor.search import SearchService

SEED = 7


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def measure(copies: int) -> None:
    files = corpus_files()
    root = make_workspace(copies)
    try:
        service = SearchService.open(root, stale_check_seconds=3600)
        started = time.perf_counter()
        report = service.rebuild()
        size = len(report.added)
        print(f"\n== {size} articles ==")
        print(f"build: {time.perf_counter() - started:.1f} s")
        sets = query_sets(files)
        service.search("warm up the searcher")
        for name, queries in sets.items():
            times = []
            for _, q in queries:
                t = time.perf_counter()
                service.search(q, limit=10)
                times.append(time.perf_counter() - t)
            print(
                f"search ({name}, {len(times)} queries, first run): "
                f"p50 {ms(percentile(times, 0.5))}, p95 {ms(percentile(times, 0.95))}, "
                f"max {ms(max(times))}"
            )
        changed = sorted(root.rglob("*.md"))[len(files) // 2]
        for how in ("update([path])", "update() full scan"):
            changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
            t = time.perf_counter()
            result = service.update([changed]) if how.startswith("update([") else service.update()
            took = time.perf_counter() - t
            print(f"incremental {how}: {ms(took)} ({len(result.updated)} changed)")
        t = time.perf_counter()
        service.search("mailbox migration fails")
        print(f"first search after the update (caches refilled): {ms(time.perf_counter() - t)}")
        rng = random.Random(SEED)
        drafts = [f.read_text(encoding="utf-8") for f in rng.sample(files, 50)]
        times = []
        for text in drafts:
            lines = text.splitlines()
            draft = "\n".join(lines[: max(10, int(len(lines) * 0.7))])
            t = time.perf_counter()
            service.similar_to_text(draft, k=5)
            times.append(time.perf_counter() - t)
        print(
            f"similar_to_text (50 drafts): p50 {ms(percentile(times, 0.5))}, "
            f"p95 {ms(percentile(times, 0.95))}"
        )
        t = time.perf_counter()
        pairs = service.dupes()
        print(
            f"dupes (threshold {service.workspace.config.get('search', 'duplicate_threshold')}): "
            f"{time.perf_counter() - t:.1f} s, {len(pairs)} pairs"
        )
        service.close()
    finally:
        remove(root)


def main() -> None:
    sizes = [int(a) // 600 for a in sys.argv[1:]] or [1, 10]
    for copies in sizes:
        measure(copies)


if __name__ == "__main__":
    main()
