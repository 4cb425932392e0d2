"""Near-duplicate pairs grouped into clusters, for a KB manager deciding what to merge.

``kbeditor dupes`` lists pairs; three articles on one problem are three pairs
but one decision. Pairs that share an article are joined (single linkage).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kbeditor.search.values import Pair


@dataclass(frozen=True, slots=True)
class Cluster:
    """Articles that duplicate each other, with the pairs that tie them (most similar first)."""

    articles: tuple[str, ...]
    pairs: tuple[Pair, ...]

    @property
    def similarity(self) -> float:
        return max(p.similarity for p in self.pairs)


def clusters(pairs: Iterable[Pair]) -> list[Cluster]:
    """Join pairs sharing an article; the most similar cluster first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    listed = list(pairs)
    for p in listed:
        parent[find(p.a)] = find(p.b)
    groups: dict[str, list[Pair]] = {}
    for p in listed:
        groups.setdefault(find(p.a), []).append(p)
    out = [
        Cluster(
            tuple(sorted({x for p in ps for x in (p.a, p.b)})),
            tuple(sorted(ps, key=lambda p: (-p.similarity, p.a, p.b))),
        )
        for ps in groups.values()
    ]
    return sorted(out, key=lambda c: (-c.similarity, c.articles))


def highest_similarity(pairs: Iterable[Pair]) -> dict[str, float]:
    """Each article's highest similarity to any other."""
    best: dict[str, float] = {}
    for p in pairs:
        for x in (p.a, p.b):
            best[x] = max(best.get(x, 0.0), p.similarity)
    return best
