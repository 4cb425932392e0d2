"""The Whoosh schema and analyzers. Only this package imports Whoosh.

Text fields share one analyzer (lower case, accents folded, English stop
words out, Snowball English stemming), so a query analysed with it meets the
index on the same terms. Field boosts say where a word matters most: the
title, then the symptom section (what the user sees), then the rest.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from whoosh import fields, formats
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.analyzers import Analyzer
from whoosh.lang import stemmer_for_language
from whoosh.lang.stopwords import stoplists
from whoosh.support.charset import accent_map

# Bumped whenever the schema or what goes into a field changes: an index
# written by another version is rebuilt instead of being misread.
SCHEMA_VERSION = 8

TEXT_FIELDS = ("title", "symptom", "body", "messages")
BOOSTS = {"title": 3.0, "symptom": 1.0, "body": 1.0, "messages": 1.0}

STOP_WORDS = frozenset(stoplists["en"])
TOKEN = r"\w+(?:[.'’]\w+)*"
MIN_WORD, MAX_WORD = 2, 40


def text_analyzer() -> Analyzer:
    return (
        RegexTokenizer(TOKEN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOP_WORDS, minsize=MIN_WORD, maxsize=MAX_WORD)
        | StemFilter(lang="en", cachesize=-1)
    )


_TOKEN = re.compile(TOKEN)
_STEM = stemmer_for_language("en")
# Word (lower case, accents folded) -> its term, or "" when the analyzer drops it.
_TERMS: dict[str, str] = {}
# Texts analysed lately and their (first position, terms): an article's title
# and symptom go into both term vectors and into the index, so each of its
# texts is analysed once, not two or three times.
_RECENT: dict[str, tuple[int, tuple[str, ...]]] = {}
RECENT_TEXTS = 8


def analyzed_terms(text: str) -> tuple[str, ...]:
    """The terms ``text_analyzer`` gives for ``text``, in order, computed without Whoosh.

    The term vectors of every article (see document.py) and the index itself
    (see :class:`KbText`) need the same terms; the analyzer's chain of
    generators and token objects took about twice as long. The same steps, in
    the same order, on plain strings (a test holds the two equal on real articles).
    """
    return _analysed(text)[1]


def _analysed(text: str) -> tuple[int, tuple[str, ...]]:
    """(position of the first term, terms) of ``text``, as the Whoosh analyzer numbers them.

    Whoosh's StopFilter renumbers kept tokens from the first kept one, which
    keeps its place among all tokens: "the printer" gives "printer" position 1.
    """
    found = _RECENT.get(text)
    if found is not None:
        return found
    if text.isascii():
        # Lower case keeps ASCII words whole, and accent folding leaves them
        # as they are: one call for the whole text instead of two per word.
        words = _TOKEN.findall(text.lower())
    else:
        words = [match.lower().translate(accent_map) for match in _TOKEN.findall(text)]
    first = -1
    out = []
    for index, word in enumerate(words):
        term = _TERMS.get(word)
        if term is None:
            term = _TERMS[word] = _term(word)
        if term:
            if first < 0:
                first = index
            out.append(term)
    found = (max(first, 0), tuple(out))
    if len(_RECENT) >= RECENT_TEXTS:
        # The editor may analyse in two threads at once (a draft's similar
        # articles, an index update): another may drop the same oldest text.
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
            del _RECENT[next(iter(_RECENT))]
    _RECENT[text] = found
    return found


def _term(word: str) -> str:
    """The stem of a word the analyzer keeps, "" for a stop word, a short or a long one."""
    if MIN_WORD <= len(word) <= MAX_WORD and word not in STOP_WORDS:
        return str(_STEM(word))
    return ""


class KbText(fields.TEXT):
    """A TEXT field that indexes the terms of :func:`analyzed_terms` directly.

    The postings (term, frequency, weight, positions) are the ones the
    field's Whoosh analyzer and Positions format give, which still analyse
    queries; only the token objects of indexing are skipped (a test holds the
    two equal on real articles).
    """

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str) or type(self.format) is not formats.Positions:
            yield from super().index(value, **kwargs)
            return
        first, terms = _analysed(value)
        positions: dict[str, list[int]] = {}
        for pos, term in enumerate(terms, start=first):
            found = positions.get(term)
            if found is None:
                positions[term] = [pos]
            else:
                found.append(pos)
        boost = self.format.field_boost
        encode = self.format.encode
        for term, poslist in positions.items():
            yield term.encode("utf-8"), len(poslist), len(poslist) * boost, encode(poslist)


def build_schema() -> fields.Schema:
    analyzer = text_analyzer()
    return fields.Schema(
        path=fields.ID(stored=True, unique=True),
        title=KbText(analyzer=analyzer, stored=True),
        symptom=KbText(analyzer=analyzer),
        body=KbText(analyzer=analyzer),
        messages=KbText(analyzer=analyzer),
        codes=fields.KEYWORD(commas=True, lowercase=True, scorable=True, stored=True),
        product=fields.ID(stored=True),
        tags=fields.KEYWORD(commas=True, stored=True),
        audience=fields.ID(stored=True),
        type=fields.ID(stored=True),
        status=fields.ID(stored=True),
        updated=fields.DATETIME(stored=True),
    )
