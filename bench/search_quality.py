"""Known-item retrieval on the public corpus: kbeditor search against SQLite FTS5.

Each article's front-matter ``description`` is a query whose right answer is
that article; descriptions are removed from the indexed copies. Three query
sets: the description as written, with seeded typos (one character dropped or
two swapped in every third word) and only its first 6 words. Prints recall@1,
recall@5 and MRR for both engines.

    .venv/bin/python bench/search_quality.py
"""

from __future__ import annotations

import random
import re
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import corpus_files, description, make_workspace, remove

from kbeditor.article import parse_article
from kbeditor.search import SearchService

SEED = 20240611


def typo(query: str, rng: random.Random) -> str:
    words = query.split()
    for i in range(2, len(words), 3):
        w = words[i]
        if len(w) < 3:
            continue
        k = rng.randrange(len(w) - 1)
        if rng.random() < 0.5:
            words[i] = w[:k] + w[k + 1 :]
        else:
            words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    return " ".join(words)


def query_sets(files: list[Path]) -> dict[str, list[tuple[str, str]]]:
    rng = random.Random(SEED)
    plain = [(p.name, description(p.read_text(encoding="utf-8"))) for p in files]
    plain = [(name, q) for name, q in plain if q]
    return {
        "plain": plain,
        "typos": [(name, typo(q, rng)) for name, q in plain],
        "first 6 words": [(name, " ".join(q.split()[:6])) for name, q in plain],
    }


def scores(ranks: list[int | None]) -> tuple[float, float, float]:
    n = len(ranks)
    r1 = sum(1 for r in ranks if r == 1) / n
    r5 = sum(1 for r in ranks if r is not None and r <= 5) / n
    mrr = sum(1 / r for r in ranks if r is not None) / n
    return r1, r5, mrr


def fts5_index(root: Path) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body, tokenize='porter')"
    )
    for path in sorted(root.glob("*.md")):
        article = parse_article(path.read_text(encoding="utf-8"), path)
        body = " ".join(article.mask[article.body_start :].split())
        db.execute("INSERT INTO docs VALUES (?, ?, ?)", (path.name, article.title, body))
    db.commit()
    return db


def fts5_search(db: sqlite3.Connection, query: str, limit: int = 5) -> list[str]:
    words = re.findall(r"\w+", query)
    if not words:
        return []
    match = " OR ".join(f'"{w}"' for w in words)
    rows = db.execute(
        "SELECT path FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0.0, 3.0, 1.0) LIMIT ?",
        (match, limit),
    )
    return [r[0] for r in rows]


def rank_of(target: str, found: list[str]) -> int | None:
    return found.index(target) + 1 if target in found else None


def main() -> None:
    files = corpus_files()
    root = make_workspace()
    try:
        service = SearchService.open(root, stale_check_seconds=3600)
        started = time.perf_counter()
        report = service.rebuild()
        print(f"kbeditor index: {report.summary()} in {time.perf_counter() - started:.1f} s")
        db = fts5_index(root)
        sets = query_sets(files)
        print(f"{len(sets['plain'])} queries per set (articles with a description)\n")
        header = f"{'query set':<15} {'engine':<9} {'R@1':>6} {'R@5':>6} {'MRR':>6} {'p50 ms':>7}"
        print(header)
        print("-" * len(header))
        for name, queries in sets.items():
            for engine in ("kbeditor", "fts5"):
                ranks, times = [], []
                for target, q in queries:
                    t = time.perf_counter()
                    if engine == "kbeditor":
                        found = [h.path for h in service.search(q, limit=5).results]
                    else:
                        found = fts5_search(db, q)
                    times.append(time.perf_counter() - t)
                    ranks.append(rank_of(target, found))
                r1, r5, mrr = scores(ranks)
                p50 = sorted(times)[len(times) // 2] * 1000
                print(f"{name:<15} {engine:<9} {r1:>6.3f} {r5:>6.3f} {mrr:>6.3f} {p50:>7.1f}")
        service.close()
    finally:
        remove(root)


if __name__ == "__main__":
    main()
