"""The words of a whole workspace, counted once: how many articles use each word, the
names that every article's front matter gives (products, tags) and the words it writes as
inline code (commands, services).

Spelling reads it (see the ``workspace`` field of the spelling kind): a name any article
declares is accepted in every article, and a word the dictionary lacks that several
articles use is offered as one to add to the team's words, not reported as a typo in each.
Building it reads each article's mask once (a regex pass, no dictionary), so a caller that
has the workspace's articles parsed anyway (a lint run, a workspace scan) builds it for a
few milliseconds per hundred articles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kbeditor.article import Article

# The spelling kind's words, apostrophes and inner dots kept ("Excel's", "v2.1").
_WORD = re.compile(r"[^\W_][\w'’]*(?:[-.][^\W_][\w'’]*)*")
_SPLIT_NAMES = re.compile(r"[^\w'’-]+")
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
NAME_KEYS = ("product", "tags")


@dataclass(frozen=True, slots=True)
class WorkspaceWords:
    """Word -> number of articles whose prose uses it; the front-matter names of all articles."""

    articles: Mapping[str, int] = field(default_factory=dict)
    names: frozenset[str] = frozenset()
    code: frozenset[str] = frozenset()

    def used_in(self, word: str) -> int:
        return self.articles.get(word, 0)

    @classmethod
    def build(cls, articles: Iterable[Article], keys: Iterable[str] = NAME_KEYS) -> WorkspaceWords:
        counts: Counter[str] = Counter()
        names: set[str] = set()
        code: set[str] = set()
        keys = tuple(keys)
        for article in articles:
            words = set(_WORD.findall(article.mask, article.body_start))
            counts.update({w.rstrip("'’") for w in words})
            names.update(front_matter_names(article, keys))
            code.update(code_words(article.text))
        return cls(dict(counts), frozenset(names), frozenset(code))


def code_words(text: str) -> frozenset[str]:
    """The words inside inline code spans (`fixup protocol smtp 25`): commands, services and
    values that a writer also names in prose without the backticks."""
    if "`" not in text:
        return frozenset()
    return frozenset(
        w for span in _INLINE_CODE.findall(text) for w in _SPLIT_NAMES.split(span) if w
    )


def front_matter_names(article: Article, keys: Iterable[str]) -> set[str]:
    """The words of the front-matter values under ``keys`` (product names, tags), as written
    and in lower case."""
    meta = article.metadata
    values: list[str] = []
    for key in keys:
        value = getattr(meta, key, None) if key in ("product", "tags", "title") else None
        if value is None:
            value = meta.extra.get(key)
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, list):
            values.extend(v for v in value if isinstance(v, str))
    words = {w.strip("'’-") for v in values for w in _SPLIT_NAMES.split(v)}
    return {w for w in words if w} | {w.lower() for w in words if w}
