"""From what the user typed to ranked, counted results.

Query syntax (documented in the README):

- plain words: ranked by relevance; not every word has to match, but articles
  that match more of the rarer words rank higher (a coordination bonus);
- ``"quoted phrase"``: the words must appear together, in that order;
- error codes (``0x80070005``, ``AADSTS50076``, ``LL-2038``, ``Event ID 2004``,
  ``HTTP 401``) match exactly and rank first;
- ``product:NAME`` and ``tag:NAME`` filter (as ``--product`` / ``--tag`` do);
- a misspelt word that is not in the index is replaced by the closest indexed
  word (one letter dropped, added, changed or swapped).

Speed: a long pasted description would make a slow OR query, so only the
``MAX_TERMS`` rarest words are kept (common words add little to the ranking
and much to the cost), stop words are dropped by the analyzer, and the
coordination bonus is applied to the top candidates only, not inside Whoosh.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from whoosh import query as Q

from kbeditor.search.codes import code_matches, find_codes
from kbeditor.search.engine import Engine
from kbeditor.search.schema import CODE_BOOST, TEXT_FIELDS, text_analyzer

MAX_TERMS = 12
# Terms in more than this share of the articles are dropped when enough rarer ones remain.
COMMON_SHARE = 0.4
MIN_KEPT = 4
# How much matching all the query's weight (rather than part of it) multiplies a score.
COORD_BONUS = 1.0
CANDIDATES = 40

_QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")
_FILTER = re.compile(r"\b(product|tag):(?:\"([^\"]+)\"|(\S+))", re.IGNORECASE)
_ANALYZER = text_analyzer()


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """The parts of a query string."""

    text: str
    words: str
    phrases: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    code_text: str = ""  # the words that made up the codes (never "corrected")
    product: str | None = None
    tag: str | None = None


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    df: int
    weight: float  # idf-like, used for the coordination bonus
    typed: str | None = None  # the stem as typed, when this term is a correction


@dataclass(frozen=True, slots=True)
class Plan:
    """A parsed query resolved against the index vocabulary."""

    parsed: ParsedQuery
    terms: list[Term]
    phrases: list[list[str]]
    codes: list[str]
    corrections: dict[str, str]

    @property
    def stems(self) -> set[str]:
        return {t.text for t in self.terms} | {w for p in self.phrases for w in p}

    @property
    def empty(self) -> bool:
        return not (self.terms or self.phrases or self.codes)


@dataclass(frozen=True, slots=True)
class Ranked:
    docnum: int
    score: float
    codes_matched: int


def parse_query(text: str) -> ParsedQuery:
    """Split a query into phrases, filters, codes and the remaining words."""
    product = tag = None
    for m in _FILTER.finditer(text):
        value = m.group(2) or m.group(3)
        if m.group(1).lower() == "product":
            product = value
        else:
            tag = value
    rest = _FILTER.sub(" ", text)
    phrases = [p.strip() for p in _QUOTED.findall(rest) if p.strip()]
    words = _QUOTED.sub(" ", rest)
    matches = code_matches(rest, query=True)
    code_text = " ".join(rest[a:b] for a, b, _ in matches)
    return ParsedQuery(text, words, phrases, find_codes(rest, query=True), code_text, product, tag)


def analyze(text: str) -> list[str]:
    return [t.text for t in _ANALYZER(text, mode="query")]


def plan_query(engine: Engine, parsed: ParsedQuery) -> Plan:
    """Choose the terms worth searching for: known words, corrected typos, rarest first."""
    n = max(engine.doc_count, 1)
    seen: set[str] = set()
    terms: list[Term] = []
    corrections: dict[str, str] = {}
    in_codes = set(analyze(parsed.code_text))
    for stem in analyze(parsed.words):
        if stem in seen:
            continue
        seen.add(stem)
        df = engine.doc_frequency(stem)
        if df == 0 and stem in in_codes:
            continue
        if df == 0:
            fixes = engine.corrections(stem)
            if not fixes:
                continue
            fix, fix_df = fixes[0]
            if fix in seen:
                continue
            seen.add(fix)
            corrections[stem] = fix
            terms.append(Term(fix, fix_df, _idf(n, fix_df), typed=stem))
            continue
        terms.append(Term(stem, df, _idf(n, df)))
    terms.sort(key=lambda t: t.df)
    rare = [t for t in terms if t.df <= COMMON_SHARE * n]
    kept = (rare if len(rare) >= MIN_KEPT else terms)[:MAX_TERMS]
    phrases = [p for p in (analyze(text) for text in parsed.phrases) if p]
    return Plan(parsed, kept, phrases, parsed.codes, corrections)


def _idf(n: int, df: int) -> float:
    return math.log(1 + n / (df + 0.5))


def whoosh_query(plan: Plan) -> Q.Query:
    """The scoring query: optional words and codes, required phrases."""
    optional: list[Q.Query] = [Q.Or([Q.Term(f, t.text) for f in TEXT_FIELDS]) for t in plan.terms]
    optional += [Q.Term("codes", c, boost=CODE_BOOST) for c in plan.codes]
    required = [_phrase(words) for words in plan.phrases]
    if required:
        must = Q.And(required) if len(required) > 1 else required[0]
        return Q.AndMaybe(must, Q.Or(optional)) if optional else must
    return Q.Or(optional) if len(optional) > 1 else (optional[0] if optional else Q.NullQuery)


def _phrase(words: list[str]) -> Q.Query:
    if len(words) == 1:
        return Q.Or([Q.Term(f, words[0]) for f in TEXT_FIELDS])
    return Q.Or([Q.Phrase(f, words) for f in TEXT_FIELDS])


def matching_docs(engine: Engine, plan: Plan) -> frozenset[int]:
    """Every article the query matches (for the total and the facet counts)."""
    if plan.phrases:
        return frozenset(engine.searcher.docs_for_query(Q.And([_phrase(p) for p in plan.phrases])))
    docs: frozenset[int] = frozenset()
    for term in plan.terms:
        docs = docs | engine.term_docs(term.text)
    for code in plan.codes:
        docs = docs | engine.postings("codes", code)
    return docs


def rank(engine: Engine, plan: Plan, allowed: frozenset[int] | None, limit: int) -> list[Ranked]:
    """Top hits: Whoosh BM25F on the candidates, then coordination and codes first."""
    if plan.empty or (allowed is not None and not allowed):
        return []
    wanted = max(limit, CANDIDATES)
    results = engine.searcher.search(
        whoosh_query(plan),
        limit=wanted,
        filter=None if allowed is None else set(allowed),
        optimize=True,
    )
    total_weight = sum(t.weight for t in plan.terms) or 1.0
    code_docs = [engine.postings("codes", c) for c in plan.codes]
    ranked = []
    for hit in results:
        doc = hit.docnum
        matched = sum(t.weight for t in plan.terms if doc in engine.term_docs(t.text))
        coverage = matched / total_weight
        codes = sum(1 for docs in code_docs if doc in docs)
        ranked.append(Ranked(doc, hit.score * (1 + COORD_BONUS * coverage), codes))
    ranked.sort(key=lambda r: (-r.codes_matched, -r.score))
    return ranked[:limit]
