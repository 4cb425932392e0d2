"""The reading side of the Whoosh index, kept open between searches.

Opening a searcher, decoding a posting list and building the spelling
vocabulary all cost more than a search itself, so an :class:`Engine` keeps them
and reuses them until the index changes (a new Whoosh generation). Callers
must not share one Engine between threads without a lock (the service holds one).
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Iterable

from whoosh import index as windex
from whoosh.query import Query
from whoosh.searching import Searcher

from kbeditor.search.schema import BOOSTS, TEXT_FIELDS

POSTINGS_CACHE = 4000
DF_CACHE = 50000
# BM25 parameters: K1 as usual; B above the usual 0.75 (full length
# normalisation scored better in bench/search_quality.py, since long articles
# otherwise win on sheer length).
K1 = 1.2
B = 0.9
# Corrections are taken from terms at least this long (short words are too
# close to each other for one edit to say anything).
MIN_CORRECTABLE = 4


class Engine:
    """An open searcher plus caches tied to its index generation."""

    def __init__(self, ix: windex.Index) -> None:
        self.ix = ix
        self.searcher: Searcher = ix.searcher()
        self._reset()

    def _reset(self) -> None:
        self._postings: OrderedDict[tuple[str, str], frozenset[int]] = OrderedDict()
        self._scores: OrderedDict[str, dict[int, float]] = OrderedDict()
        # Per field, document -> the BM25 length normalisation (computed on first use).
        self._norms: dict[str, dict[int, float]] = {f: {} for f in TEXT_FIELDS}
        reader = self.searcher.reader()
        self._leaves = list(reader.leaf_readers())
        self._deleted = (
            frozenset(reader.all_doc_ids()) ^ frozenset(range(reader.doc_count_all()))
            if reader.has_deletions()
            else frozenset()
        )
        n = max(reader.doc_count(), 1)
        self._avg = {f: (reader.field_length(f) / n) or 1.0 for f in TEXT_FIELDS}
        self._facets: dict[str, dict[int, tuple[str, ...]]] | None = None
        self._facet_names: dict[str, dict[str, str]] = {}
        self._vocabulary: dict[str, int] | None = None
        self._deletes: dict[str, list[str]] | None = None
        self._df: dict[str, int] = {}
        # Values callers derive from this index version (e.g. idf-weighted
        # vectors); emptied with the other caches when the index changes.
        self.per_version: dict[str, object] = {}

    def refresh(self) -> bool:
        """Follow the index to its latest commit; True when it had changed."""
        if self.searcher.up_to_date():
            return False
        self.searcher = self.searcher.refresh()
        self._reset()
        return True

    def close(self) -> None:
        self.searcher.close()

    @property
    def doc_count(self) -> int:
        return self.searcher.doc_count()

    # -- terms and postings ----------------------------------------------------------
    def doc_frequency(self, term: str, fields: Iterable[str] = TEXT_FIELDS) -> int:
        """Documents holding ``term`` in any of ``fields`` (an upper bound: the largest field count).

        Cached for the text fields: every query asks for each of its words.
        """
        default = fields is TEXT_FIELDS
        if default and term in self._df:
            return self._df[term]
        reader = self.searcher.reader()
        found = max((reader.doc_frequency(f, term) for f in fields), default=0)
        if default:
            if len(self._df) >= DF_CACHE:
                self._df.clear()
            self._df[term] = found
        return found

    def postings(self, field: str, term: str) -> frozenset[int]:
        """Live document numbers holding ``term`` in ``field`` (cached)."""
        key = (field, term)
        cached = self._postings.get(key)
        if cached is not None:
            self._postings.move_to_end(key)
            return cached
        reader = self.searcher.reader()
        docs = frozenset(reader.postings(field, term).all_ids()) if key in reader else frozenset()
        docs = docs - self._deleted if self._deleted else docs
        self._postings[key] = docs
        if len(self._postings) > POSTINGS_CACHE:
            self._postings.popitem(last=False)
        return docs

    def term_docs(self, term: str) -> frozenset[int]:
        """Documents holding ``term`` in any text field (cached like postings)."""
        key = ("*", term)
        cached = self._postings.get(key)
        if cached is not None:
            return cached
        out: frozenset[int] = frozenset()
        for field in TEXT_FIELDS:
            out = out | self.postings(field, term)
        self._postings[key] = out
        return out

    def term_scores(self, term: str) -> dict[int, float]:
        """BM25F contribution of ``term`` to every article holding it (cached).

        Per field: ``idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len / avg_len))``,
        times the field's boost, summed over the fields.
        """
        cached = self._scores.get(term)
        if cached is not None:
            self._scores.move_to_end(term)
            return cached
        reader = self.searcher.reader()
        n = max(reader.doc_count(), 1)
        df = self.doc_frequency(term)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        out: dict[int, float] = {}
        deleted = self._deleted
        for field in TEXT_FIELDS:
            if (field, term) not in reader:
                continue
            boost = BOOSTS[field] * idf
            avg = self._avg[field]
            norms = self._norms[field]
            # Each segment's postings read directly: the multi-segment matcher
            # wraps every posting in several Python calls.
            for leaf, offset in self._leaves:
                if (field, term) not in leaf:
                    continue
                for doc, tf in leaf.postings(field, term).items_as("frequency"):
                    doc += offset
                    if doc in deleted:
                        continue
                    norm = norms.get(doc)
                    if norm is None:
                        length = reader.doc_field_length(doc, field) or 1
                        norm = norms[doc] = K1 * (1 - B + B * length / avg)
                    out[doc] = out.get(doc, 0.0) + boost * tf * (K1 + 1) / (tf + norm)
        self._scores[term] = out
        if len(self._scores) > POSTINGS_CACHE:
            self._scores.popitem(last=False)
        return out

    def docs_for(self, query: Query) -> frozenset[int]:
        return frozenset(self.searcher.docs_for_query(query))

    # -- facets ----------------------------------------------------------------------
    def facets(self) -> dict[str, dict[int, tuple[str, ...]]]:
        """docnum -> values, for the ``product`` and ``tags`` fields."""
        if self._facets is None:
            reader = self.searcher.reader()
            out: dict[str, dict[int, tuple[str, ...]]] = {}
            for field in ("product", "tags"):
                per_doc: dict[int, list[str]] = {}
                names: dict[str, str] = {}
                for raw in reader.lexicon(field):
                    value = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                    names.setdefault(value.lower(), value)
                    for doc in self.postings(field, value):
                        per_doc.setdefault(doc, []).append(value)
                out[field] = {doc: tuple(values) for doc, values in per_doc.items()}
                self._facet_names[field] = names
            self._facets = out
        return self._facets

    def facet_docs(self, field: str, value: str) -> frozenset[int]:
        """Documents whose ``field`` is ``value``, ignoring case.

        When no value is equal, values holding it as whole words count
        ("expenses" finds "Spendwise Expenses").
        """
        self.facets()
        names = self._facet_names.get(field, {})
        wanted = " ".join(value.lower().split())
        chosen = [name for lower, name in names.items() if lower == wanted]
        if not chosen:
            words = re.compile(rf"(?<![\w-]){re.escape(wanted)}(?![\w-])")
            chosen = [name for lower, name in names.items() if words.search(lower)]
        docs: frozenset[int] = frozenset()
        for name in chosen:
            docs = docs | self.postings(field, name)
        return docs

    # -- spelling --------------------------------------------------------------------
    def vocabulary(self) -> dict[str, int]:
        """Every indexed word stem of the text fields with its document frequency."""
        if self._vocabulary is None:
            reader = self.searcher.reader()
            vocab: dict[str, int] = {}
            for field in ("title", "body"):
                for raw, info in reader.iter_field(field):
                    term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                    df = info.doc_frequency()
                    if df > vocab.get(term, 0):
                        vocab[term] = df
            self._vocabulary = vocab
        return self._vocabulary

    def vocabulary_frequency(self, term: str) -> int:
        """``vocabulary().get(term, 0)``, without building the whole vocabulary.

        Reading every term of 6,000 articles takes a few hundred milliseconds
        after each change to the index; weighing a draft's words needs only theirs.
        """
        if self._vocabulary is not None:
            return self._vocabulary.get(term, 0)
        reader = self.searcher.reader()
        return max(reader.doc_frequency("title", term), reader.doc_frequency("body", term))

    def corrections(self, term: str) -> list[tuple[str, int]]:
        """Indexed stems one edit away from ``term`` (drop, add, change or swap), most frequent first."""
        if len(term) < MIN_CORRECTABLE:
            return []
        deletes = self._delete_index()
        vocab = self.vocabulary()
        found: set[str] = set(deletes.get(term, ()))
        for variant in _deletes(term):
            if variant in vocab:
                found.add(variant)
            found.update(deletes.get(variant, ()))
        found.discard(term)
        scored = [(t, vocab[t]) for t in found if _one_edit(term, t)]
        scored.sort(key=lambda item: (-item[1], item[0]))
        return scored

    def _delete_index(self) -> dict[str, list[str]]:
        """Symmetric-delete index: every stem with one letter removed -> the stems."""
        if self._deletes is None:
            index: dict[str, list[str]] = {}
            for term in self.vocabulary():
                if len(term) < MIN_CORRECTABLE or not term.isalpha():
                    continue
                for variant in _deletes(term):
                    index.setdefault(variant, []).append(term)
            self._deletes = index
        return self._deletes


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or adjacent swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]
