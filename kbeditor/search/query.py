"""From what the user typed to ranked, counted results.

Query syntax (documented in the README):

- plain words: ranked by relevance; not every word has to match, but articles
  that match more of the rarer words rank higher (a coordination bonus);
- ``"quoted phrase"``: the words must appear together, in that order;
- error codes (``0x80070005``, ``AADSTS50076``, ``LL-2038``, ``Event ID 2004``,
  ``HTTP 401``) match exactly and rank first;
- ``product:NAME`` and ``tag:NAME`` filter (as ``--product`` / ``--tag`` do);
- a misspelt word that is not in the index is replaced by the closest indexed
  word (one letter dropped, added, changed or swapped). A real English word
  ("relay") and a word with a digit in it (part of a code) are never replaced:
  the writer meant them, even when no article holds them. ``correct=False``
  searches every word as typed.

Speed: a long pasted description would make a slow OR query, so only the
``MAX_TERMS`` rarest words are kept (common words add little to the ranking
and much to the cost) and stop words are dropped by the analyzer. Scoring is
BM25F over per-term score lists the engine caches (see engine.py): Whoosh's
own OR matchers cost ten times more on long queries.
"""

from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass, field

from whoosh import query as Q

from kbeditor.lint.speller import frequencies
from kbeditor.search.codes import code_matches, find_codes
from kbeditor.search.engine import Engine
from kbeditor.search.schema import TEXT_FIELDS, text_analyzer

MAX_TERMS = 16
# Terms in more than this share of the articles are dropped when enough rarer ones remain.
COMMON_SHARE = 0.6
MIN_KEPT = 4
# How much matching all the query's weight (rather than part of it) multiplies a score.
COORD_BONUS = 1.0
# Added for each query error code an article holds (it also sorts those first).
CODE_SCORE = 20.0

_QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")
_FILTER = re.compile(r"\b(product|tag):(?:\"([^\"]+)\"|(\S+))", re.IGNORECASE)
_ANALYZER = text_analyzer()
_APOSTROPHES = str.maketrans({"\u2019": "'"})


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


def _analyze_typed(text: str) -> list[tuple[str, str]]:
    """(stem, word as typed) for each word the analyzer keeps."""
    return [(t.text, t.original) for t in _ANALYZER(text, mode="query", keeporiginal=True)]


def may_correct(word: str) -> bool:
    """False for a word the writer surely meant: an English word, or one with a digit in it.

    The English word list (about 160,000 words, 0.4 s to load once per
    process) is the one the spelling suggestions are ranked by; searches run
    off the UI thread, so the first one pays for it.
    """
    if any(ch.isdigit() for ch in word):
        return False
    return word.lower().translate(_APOSTROPHES) not in frequencies()


def plan_query(
    engine: Engine, parsed: ParsedQuery, max_terms: int | None = None, *, correct: bool = True
) -> Plan:
    """Choose the terms worth searching for: known words, corrected typos, rarest first.

    ``corrections`` maps each replaced word, as typed, to the indexed stem searched instead.
    """
    n = max(engine.doc_count, 1)
    seen: set[str] = set()
    terms: list[Term] = []
    corrections: dict[str, str] = {}
    in_codes = set(analyze(parsed.code_text))
    for stem, typed in _analyze_typed(parsed.words):
        if stem in seen:
            continue
        seen.add(stem)
        df = engine.doc_frequency(stem)
        if df == 0 and stem in in_codes:
            continue
        if df == 0 and not (correct and may_correct(typed)):
            continue
        if df == 0:
            fixes = engine.corrections(stem)
            if not fixes:
                continue
            fix, fix_df = fixes[0]
            if fix in seen:
                continue
            seen.add(fix)
            corrections[typed] = fix
            terms.append(Term(fix, fix_df, _idf(n, fix_df), typed=stem))
            continue
        terms.append(Term(stem, df, _idf(n, df)))
    terms.sort(key=lambda t: t.df)
    rare = [t for t in terms if t.df <= COMMON_SHARE * n]
    kept = (rare if len(rare) >= MIN_KEPT else terms)[: max_terms or MAX_TERMS]
    phrases = [p for p in (analyze(text) for text in parsed.phrases) if p]
    return Plan(parsed, kept, phrases, parsed.codes, corrections)


def _idf(n: int, df: int) -> float:
    return math.log(1 + n / (df + 0.5))


def _phrase(words: list[str]) -> Q.Query:
    if len(words) == 1:
        return Q.Or([Q.Term(f, words[0]) for f in TEXT_FIELDS])
    return Q.Or([Q.Phrase(f, words) for f in TEXT_FIELDS])


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every matching article with its score; ``ranked`` is the order to show them in."""

    matched: frozenset[int]
    ranked: list[Ranked]


def evaluate(engine: Engine, plan: Plan, allowed: frozenset[int] | None, limit: int) -> Evaluation:
    """Score every matching article and keep the best ``limit``.

    Scores are BM25F sums read from per-term lists the engine caches, so a
    query costs one dictionary update per posting of its (rare) terms. The
    coordination bonus multiplies a score by up to ``1 + COORD_BONUS`` as the
    article matches more of the query's weight; articles holding one of the
    query's error codes come first.
    """
    if plan.empty:
        return Evaluation(frozenset(), [])
    score: dict[int, float] = {}
    cover: dict[int, float] = {}
    for term in plan.terms:
        for doc, value in engine.term_scores(term.text).items():
            score[doc] = score.get(doc, 0.0) + value
            cover[doc] = cover.get(doc, 0.0) + term.weight
    codes: dict[int, int] = {}
    for code in plan.codes:
        for doc in engine.postings("codes", code):
            codes[doc] = codes.get(doc, 0) + 1
            score[doc] = score.get(doc, 0.0) + CODE_SCORE
    matched = frozenset(score)
    if plan.phrases:
        required = engine.docs_for(Q.And([_phrase(p) for p in plan.phrases]))
        matched = required
    visible = matched if allowed is None else matched & allowed
    total_weight = sum(t.weight for t in plan.terms) or 1.0
    # Keys made in one pass (a Python key function per document cost more than
    # the scoring); ties keep the documents' order, as nlargest with a key did.
    docs = list(visible)
    score_of, cover_of, codes_of = score.get, cover.get, codes.get
    finals = [score_of(d, 0.0) * (1 + COORD_BONUS * cover_of(d, 0.0) / total_weight) for d in docs]
    keys = [(codes_of(d, 0), f) for d, f in zip(docs, finals, strict=True)] if codes else finals
    best = heapq.nlargest(limit, range(len(docs)), key=keys.__getitem__)
    return Evaluation(matched, [Ranked(docs[i], finals[i], codes_of(docs[i], 0)) for i in best])
