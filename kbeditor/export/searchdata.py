"""What the site's offline search indexes: tokens, stemmed terms and field weights.

The data is shipped in parts (:mod:`kbeditor.export.search_shards`) that
``resources/site/static/search.js`` loads by script tag.

Terms are stemmed with the Porter stemmer the app's Whoosh index uses
(``whoosh.lang.porter``); search.js carries a line-for-line port of it, and a
test runs both over the corpus vocabulary so the two can never drift apart.
Each posting holds a field-weighted term frequency (title x5, tags x3,
headings x2, body x1); search.js ranks with BM25 over those, accepts prefixes
and one or two typos (edit distance against the vocabulary), and cuts
snippets from the stored prose.
"""

from __future__ import annotations

import re
from collections import Counter

from whoosh.lang.porter import stem

from kbeditor.lint.memo import Memo

# Kept short on purpose: the JS reads this list from the index, so both sides agree.
STOP_WORDS = frozenset(
    """a an and are as at be but by for from has have if in into is it its of on or that the
    their then there these this to was were will with you your""".split()
)
_TOKEN = re.compile(r"[^\W_]+")
SNIPPET_CHARS = 4000
WEIGHTS = {"title": 5, "tags": 3, "headings": 2, "body": 1}


def tokens(text: str) -> list[str]:
    """Lower-cased words (letters and digits) — the same rule as ``tokenize`` in search.js."""
    return _TOKEN.findall(text.lower())


# Stemming is the costly part of weighing an article and a KB repeats the same few
# thousand words: each word is stemmed once per process. Process-wide on purpose
# (a stem depends on the word alone, and every export and worker batch reuses
# them); a Memo so that it stays bounded and two exporting threads can share it.
_STEMS: Memo[str, str] = Memo(size=200_000)


def _stem(word: str) -> str:
    found = _STEMS.get(word)
    if found is None:
        found = stem(word)
        _STEMS[word] = found
    return found


def terms(text: str) -> list[str]:
    """Stemmed index terms of a text, stop words dropped."""
    return [_stem(t) for t in tokens(text) if t not in STOP_WORDS]


def weigh(title: str, tags: list[str], headings: list[str], body: str) -> dict[str, int]:
    """Field-weighted term frequencies of one article, sorted by term."""
    counts: Counter[str] = Counter()
    for text, weight in (
        (title, WEIGHTS["title"]),
        (" ".join(tags), WEIGHTS["tags"]),
        (" ".join(headings), WEIGHTS["headings"]),
        (body, WEIGHTS["body"]),
    ):
        for word, n in Counter(tokens(text)).items():
            if word not in STOP_WORDS:
                counts[_stem(word)] += weight * n
    return dict(sorted(counts.items()))
