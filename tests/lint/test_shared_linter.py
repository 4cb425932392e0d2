"""One Linter shared by several threads gives each article the diagnostics a serial lint gives.

The editor's worker, the language server and export may lint through one
Linter at once; its rules keep per-block caches, which the threads fill and
empty together. The rules here are the sample workspace's own (every KB kind,
spelling included), over the articles that ship in the repository.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kbeditor.article import load_article
from kbeditor.lint.engine import Linter

ROUNDS = 3  # each article is linted this many times, by different threads, in different orders


def _articles(sample_kb: Path) -> list:
    return [load_article(p) for p in sorted(sample_kb.rglob("*.md"))]


def test_one_linter_shared_by_threads_gives_the_serial_results(sample_kb: Path) -> None:
    articles = _articles(sample_kb)
    assert len(articles) >= 10
    serial = Linter.for_workspace(sample_kb)
    expected = [serial.lint(a) for a in articles]
    assert any(expected), "the sample articles should give some diagnostics to compare"

    shared = Linter.for_workspace(sample_kb)  # cold caches: the threads fill them together
    order = [
        i
        for r in range(ROUNDS)
        for i in (range(len(articles)) if r % 2 else reversed(range(len(articles))))
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda i: (i, shared.lint(articles[i])), order))

    for i, found in results:
        assert found == expected[i], f"{articles[i].path}: threaded lint differs from serial"


def test_relint_from_threads_matches_a_full_lint(sample_kb: Path) -> None:
    articles = _articles(sample_kb)
    shared = Linter.for_workspace(sample_kb)
    full = [shared.check(a) for a in articles]

    def relint(i: int) -> bool:
        return shared.relint(articles[i], full[i]).diagnostics == full[i].diagnostics

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(relint, list(range(len(articles))) * ROUNDS))
