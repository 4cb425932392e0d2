"""Near-duplicate articles: a normalised similarity, candidates, verification.

The similarity of two texts is the resemblance of their word-shingle sets
(see shingles.py): ``|A ∩ B| / |A ∪ B|`` (Jaccard). It is 1.0 for the same
prose, 0.0 for nothing in common, and it does not depend on the query, the
rest of the knowledge base or its size, so a threshold means the same thing
everywhere. A BM25 score has none of these properties.

Shared text is not the only way two articles duplicate each other: a draft
in jargon can describe the same fault as a published article in plain words.
For that, ``topic`` is the cosine of their term-frequency vectors (stems;
title and symptom weigh more; no corpus statistics), also in [0, 1]. Both are
reported. Lists of similar articles are ordered by the larger of the shared
text and the *focus* cosine: title, symptom, quoted messages, product and tags
only, each word weighted by its idf in this workspace, so a draft in jargon and
a plain-language article about the same fault meet on their key nouns and
message rather than on the everyday words of their steps. The focus cosine
depends on the workspace, so it orders the list but is never shown as a
similarity. Duplicate pairs are decided on shared text alone.

Candidates are never found by comparing every pair. Each article's shingles
include a fixed, content-defined quarter (``shingle % 4 == 0``); two texts
that share many shingles share about a quarter as many of those samples, and
the catalog's ``samples`` table finds the articles that share samples with a
text in one indexed SQL query. Candidates are then verified with the exact
measure on their full shingle sets.
"""

from __future__ import annotations

import math
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence

from kbeditor.search import shingles as S
from kbeditor.search.catalog import Catalog
from kbeditor.search.values import Pair, Similar

# A sample shared by more articles than this is boilerplate ("Contact us for
# help"), not evidence of duplication; skipping it keeps the sweep linear.
MAX_GROUP = 100
CANDIDATES = 60
SHARED_PASSAGES = 3


def resemblance(a: set[int], b: set[int]) -> float:
    """Jaccard resemblance of two shingle sets, in [0, 1]."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def shared_passages(
    sentences: list[str],
    other: set[int],
    limit: int = SHARED_PASSAGES,
    per_sentence: list[set[int]] | None = None,
) -> list[str]:
    """Sentences of one text that mostly reappear in the other, longest overlap first."""
    scored = []
    for order, sentence in enumerate(sentences):
        if per_sentence is not None:
            own = per_sentence[order]
        else:
            own = S.sentence_shingles(S.sentence_words(sentence))
        if len(own) < 2:
            continue
        shared = len(own & other)
        if shared / len(own) >= 0.5:
            scored.append((-shared, order, sentence))
    scored.sort()
    return [_trim(s) for _, _, s in scored[:limit]]


def _trim(sentence: str, width: int = 240) -> str:
    return sentence if len(sentence) <= width else sentence[: width - 1].rstrip() + "…"


def topic_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit term-frequency vectors (document.topic_vector), in [0, 1]."""
    if len(b) < len(a):
        a, b = b, a
    return min(1.0, sum(v * b.get(t, 0.0) for t, v in a.items()))


def weighted_cosine(
    a: dict[str, float], b: dict[str, float], weight: Callable[[str], float]
) -> float:
    """Cosine of two term vectors after multiplying each term by ``weight(term)``."""
    wa = {t: v * weight(t) for t, v in a.items()}
    wb = {t: v * weight(t) for t, v in b.items()}
    norm = math.sqrt(sum(v * v for v in wa.values())) * math.sqrt(sum(v * v for v in wb.values()))
    if not norm:
        return 0.0
    if len(wb) < len(wa):
        wa, wb = wb, wa
    return min(1.0, sum(v * wb.get(t, 0.0) for t, v in wa.items()) / norm)


def _one(_: str) -> float:
    return 1.0


# Weighted vectors a FocusSpace keeps (one per candidate article seen).
FOCUS_CACHE = 8000


class FocusSpace:
    """Focus vectors weighted by one index version's idf, each computed once.

    ``weighted_cosine`` weighs both vectors and takes both norms on every
    call; for a draft checked against some 70 candidates per keystroke that
    was most of the ranking's cost. Here each candidate's weighted vector and
    norm are kept (keyed by the identity of the catalog's shared, read-only
    vector) until the index changes, when the owner drops the whole space.
    The arithmetic is the same, in the same order, so cosines are bit-identical.
    """

    def __init__(self, idf: Callable[[str], float]) -> None:
        self._idf = idf
        self._weights: dict[str, float] = {}
        self._vectors: dict[int, tuple[dict[str, float], dict[str, float], float]] = {}

    def weight(self, term: str) -> float:
        found = self._weights.get(term)
        if found is None:
            found = self._weights[term] = self._idf(term)
        return found

    def weigh(self, vector: dict[str, float], keep: bool = True) -> tuple[dict[str, float], float]:
        """(weighted vector, its norm); kept when ``keep`` (vectors the catalog hands out)."""
        entry = self._vectors.get(id(vector))
        if entry is not None and entry[0] is vector:
            return entry[1], entry[2]
        weight = self.weight
        weighted = {t: v * weight(t) for t, v in vector.items()}
        norm = math.sqrt(sum(v * v for v in weighted.values()))
        if not keep:
            return weighted, norm
        if len(self._vectors) >= FOCUS_CACHE:
            self._vectors.clear()
        self._vectors[id(vector)] = (vector, weighted, norm)  # holds it, so its id stays its own
        return weighted, norm

    def cosine(self, a: tuple[dict[str, float], float], b: tuple[dict[str, float], float]) -> float:
        """``weighted_cosine`` of two vectors already weighed."""
        wa, na = a
        wb, nb = b
        norm = na * nb
        if not norm:
            return 0.0
        if len(wb) < len(wa):
            wa, wb = wb, wa
        return min(1.0, sum(v * wb.get(t, 0.0) for t, v in wa.items()) / norm)


def similar_to(
    catalog: Catalog,
    sentences: list[str],
    topic: dict[str, float],
    k: int,
    exclude: set[str],
    extra: Sequence[str] = (),
    focus: dict[str, float] | None = None,
    idf: Callable[[str], float] | FocusSpace | None = None,
    own: set[int] | None = None,
) -> list[Similar]:
    """The ``k`` articles most like a text given as its sentences and topic vector.

    Candidates: articles sharing shingle samples (copied text) plus ``extra``
    (the search engine's best matches, which catch the same topic in other
    words). Ordered by the larger of the shared text and the focus cosine
    (weighted by ``idf``, best given as a FocusSpace kept between calls; the
    topic cosine when no ``focus`` is given). ``own``: the text's shingles, if
    already computed.
    """
    if own is None:
        own = S.text_shingles(sentences)
    space = idf if isinstance(idf, FocusSpace) else FocusSpace(idf or _one)
    mine = space.weigh(focus, keep=False) if focus is not None else None
    rows = catalog.candidates(S.samples(own), CANDIDATES, MAX_GROUP) if own else []
    per_sentence = [S.sentence_shingles(S.sentence_words(text)) for text in sentences]
    seen = {row.path for row in rows}
    rows += catalog.rows([p for p in extra if p not in seen])
    scored = []
    for row in rows:
        if row.path in exclude:
            continue
        other = S.unpack(row.shingles)
        text = resemblance(own, other)
        about = topic_similarity(topic, row.topic)
        rank = about if mine is None else space.cosine(mine, space.weigh(row.focus))
        if text > 0 or about > 0:
            scored.append((max(text, rank), text, about, row, other))
    scored.sort(key=lambda item: (-item[0], item[3].path))
    return [
        Similar(
            row.path,
            row.title,
            round(text, 4),
            shared_passages(sentences, other, per_sentence=per_sentence),
            round(about, 4),
        )
        for _, text, about, row, other in scored[:k]
    ]


def find_pairs(catalog: Catalog, threshold: float) -> list[Pair]:
    """Every pair of articles with resemblance >= ``threshold``, without an all-pairs loop."""
    docs = catalog.all_docs()
    counts = _shared_sample_counts(catalog)
    sets = _SetCache(docs)
    pairs = []
    for (a, b), shared in counts.items():
        path_a, _, blob_a, n_a = docs[a]
        path_b, _, blob_b, n_b = docs[b]
        # Jaccard >= t needs |A ∩ B| >= t * max(|A|, |B|); samples see about a
        # quarter of it. Ask for half of that expectation, to miss nothing.
        if shared < max(1.0, threshold * max(n_a, n_b) / S.SAMPLE_MOD / 2):
            continue
        if min(n_a, n_b) < threshold * max(n_a, n_b):
            continue  # sizes alone rule it out
        value = 1.0 if blob_a == blob_b else resemblance(sets.get(a), sets.get(b))
        if value >= threshold:
            first, second = sorted((path_a, path_b))
            pairs.append(Pair(first, second, round(value, 4)))
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return pairs


def _shared_sample_counts(catalog: Catalog) -> Counter[tuple[int, int]]:
    counts: Counter[tuple[int, int]] = Counter()
    for _, docs in catalog.sample_groups():
        if len(docs) > MAX_GROUP:
            continue
        docs.sort()
        counts.update(_pairs(docs))
    return counts


def _pairs(docs: list[int]) -> Iterator[tuple[int, int]]:
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            yield a, b


class _SetCache:
    """Unpacked shingle sets, a bounded number at a time (6,000 sets would not fit comfortably)."""

    def __init__(self, docs: dict[int, tuple[str, str, bytes, int]], size: int = 2000) -> None:
        self.docs = docs
        self.size = size
        self.cache: OrderedDict[int, set[int]] = OrderedDict()

    def get(self, doc: int) -> set[int]:
        found = self.cache.get(doc)
        if found is None:
            found = S.unpack(self.docs[doc][2])
            self.cache[doc] = found
            if len(self.cache) > self.size:
                self.cache.popitem(last=False)
        return found
