"""Related articles for each page, behind one function (:func:`related_map`).

Shared tags weigh most, then shared title words, then the same product. The
app's Whoosh similarity (``kbeditor.search``) was considered, but it costs tens
of milliseconds per article, which would break the one-second re-export; this
measure is computed for the whole site in a few milliseconds from data the
export already has, and is deterministic (ties broken by title, then path).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping

from kbeditor.export.records import Record
from kbeditor.export.searchdata import terms

# A title word shared by more than this share of articles says nothing about relatedness.
_COMMON = 0.08


def related_map(records: Mapping[str, Record], limit: int = 5) -> dict[str, list[str]]:
    """rel path -> up to ``limit`` related rel paths, best first."""
    features: dict[str, dict[str, float]] = {}
    for rel, rec in records.items():
        f: dict[str, float] = {}
        for tag in rec.tags:
            f[f"tag:{str(tag).casefold()}"] = 3.0
        for term in set(terms(rec.title)):
            f[f"word:{term}"] = 1.0
        features[rel] = f
    postings: dict[str, list[str]] = defaultdict(list)
    for rel in sorted(features):
        for key in features[rel]:
            postings[key].append(rel)
    limit_df = max(3, int(len(records) * _COMMON))
    titles = {rel: rec.title.casefold() for rel, rec in records.items()}
    out: dict[str, list[str]] = {}
    for rel, f in features.items():
        scores: dict[str, float] = defaultdict(float)
        for key, weight in f.items():
            others = postings[key]
            if len(others) > limit_df:
                continue
            for other in others:
                if other != rel:
                    scores[other] += weight
        product = records[rel].product
        for other in scores:
            if records[other].product == product:
                scores[other] += 0.5
        # Only the best few are kept: a partial selection, not a sort of every candidate.
        out[rel] = heapq.nsmallest(
            limit,
            (o for o, s in scores.items() if s >= 1.5),
            key=lambda o: (-scores[o], titles[o], o),
        )
    return out
