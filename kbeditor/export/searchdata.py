"""The site's offline search data, built at export time and shipped as a JS file.

Browsers refuse ``fetch()`` on ``file://``, so the index is a script that sets
``window.KB_SEARCH_INDEX``; ``resources/site/static/search.js`` reads it.

Terms are stemmed with the Porter stemmer the app's Whoosh index uses
(``whoosh.lang.porter``); search.js carries a line-for-line port of it, and a
test runs both over the corpus vocabulary so the two can never drift apart.
Each posting holds a field-weighted term frequency (title x5, tags x3,
headings x2, body x1); search.js ranks with BM25 over those, accepts prefixes
and one or two typos (edit distance against the vocabulary), and cuts
snippets from the stored prose.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh.lang.porter import stem

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
# thousand words: each word is stemmed once per process.
_stems: dict[str, str] = {}


def _stem(word: str) -> str:
    found = _stems.get(word)
    if found is None:
        found = _stems[word] = stem(word)
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


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """What one article contributes to the index."""

    url: str  # relative to the site root
    title: str
    product: str
    summary: str
    body: str  # prose only, whitespace collapsed
    weights: dict[str, int]


def build_index(docs: Iterable[SearchDoc]) -> dict[str, object]:
    """The index as plain data, everything sorted so the output is byte-stable."""
    doc_list = list(docs)
    postings: dict[str, list[int]] = {}
    lengths = []
    for number, doc in enumerate(doc_list):
        lengths.append(sum(doc.weights.values()))
        for term, weight in doc.weights.items():
            postings.setdefault(term, []).extend((number, weight))
    return {
        "version": 1,
        "stop": sorted(STOP_WORDS),
        "docs": [
            {"u": d.url, "t": d.title, "p": d.product, "s": d.summary, "x": d.body[:SNIPPET_CHARS]}
            for d in doc_list
        ],
        "lengths": lengths,
        "terms": {t: postings[t] for t in sorted(postings)},
    }


def index_script(index: dict[str, object]) -> str:
    """The index as a script: ``window.KB_SEARCH_INDEX = {...};``."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    # A "</script>" inside an article must not end the script element early.
    data = data.replace("</", "<\\/")
    return f"window.KB_SEARCH_INDEX = {data};\n"
