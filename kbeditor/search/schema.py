"""The Whoosh schema and analyzers. Only this package imports Whoosh.

Text fields share one analyzer (lower case, accents folded, English stop
words out, Snowball English stemming), so a query analysed with it meets the
index on the same terms. Field boosts say where a word matters most: the
title, then the symptom section (what the user sees), then the rest.
"""

from __future__ import annotations

import re

from whoosh import fields
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
_STEMS: dict[str, str] = {}
_STEM = stemmer_for_language("en")


def analyzed_terms(text: str) -> list[str]:
    """The terms ``text_analyzer`` gives for ``text``, in order, computed without Whoosh.

    The term vectors of every article (see document.py) analyse its text a
    second time beside Whoosh; the analyzer's chain of generators and token
    objects made that a fifth of a build's time. The same steps, in the same
    order, on plain strings (a test holds the two equal on real articles).
    """
    out = []
    for match in _TOKEN.findall(text):
        word = match.lower().translate(accent_map)
        if MIN_WORD <= len(word) <= MAX_WORD and word not in STOP_WORDS:
            stem = _STEMS.get(word)
            if stem is None:
                stem = _STEMS[word] = _STEM(word)
            out.append(stem)
    return out


def build_schema() -> fields.Schema:
    analyzer = text_analyzer()
    return fields.Schema(
        path=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=analyzer, stored=True),
        symptom=fields.TEXT(analyzer=analyzer),
        body=fields.TEXT(analyzer=analyzer),
        messages=fields.TEXT(analyzer=analyzer),
        codes=fields.KEYWORD(commas=True, lowercase=True, scorable=True, stored=True),
        product=fields.ID(stored=True),
        tags=fields.KEYWORD(commas=True, stored=True),
        audience=fields.ID(stored=True),
        type=fields.ID(stored=True),
        status=fields.ID(stored=True),
        updated=fields.DATETIME(stored=True),
    )
