"""Vale scopes over the article model: which ranges of an article a rule reads.

A rule's ``scope`` (a string or a list) names parts of the document:
``text``, ``heading``, ``heading.h1``..``heading.h6``, ``paragraph``,
``sentence``, ``list``, ``table`` (``table.header``, ``table.cell``),
``blockquote``, ``summary`` (prose without headings and tables) and ``raw``
(the body as written, markup included). A ``~`` in front negates: the
parts are taken away from the others, or from ``text`` when nothing else is
named. Everything but ``raw`` reads ``Article.mask``, so a rule never sees
code, front matter, URLs, HTML or comments.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from kbeditor import blocks as B
from kbeditor.article import Article
from kbeditor.lint.prefilter import WordIndex

BASE_SCOPES = frozenset(
    {"text", "heading", "paragraph", "sentence", "list", "table", "blockquote", "summary", "raw"}
)
# Scopes of Vale that never hold prose in our model (code is never linted).
EMPTY_SCOPES = frozenset({"code", "comment", "alt", "figure", "figure.caption", "table.caption"})

Span = tuple[int, int]
_PLAIN_SCANS = 2  # word-list rules scanned plainly before a scope's word index is built


@dataclass(frozen=True, slots=True)
class Scope:
    """A parsed ``scope`` value. ``include``/``exclude`` hold normalised selector names."""

    include: tuple[str, ...] = ("text",)
    exclude: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return ",".join(self.include) + "".join(f",~{s}" for s in self.exclude)

    @property
    def raw(self) -> bool:
        return self.include == ("raw",) and not self.exclude

    @property
    def quotes(self) -> bool:
        """A rule about block quotes reads their quoted words, which other scopes leave out."""
        return self.include == ("blockquote",)

    @property
    def whole_document(self) -> bool:
        """True when one scope unit is the whole document (text, summary, raw)."""
        return all(s in ("text", "summary", "raw") for s in self.include)


def parse_scope(value: object) -> Scope:
    """Parse a rule's ``scope`` value; raises ValueError with a writer-readable reason."""
    if value is None:
        return Scope()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ValueError("must be a scope name or a list of scope names")
    include: list[str] = []
    exclude: list[str] = []
    for item in items:
        for part in item.split(","):
            name = part.strip().lower()
            negate = name.startswith("~")
            name = name.lstrip("~").strip()
            name = _normalise(name)
            (exclude if negate else include).append(name)
    if not include:
        include = ["text"]
    return Scope(tuple(dict.fromkeys(include)), tuple(dict.fromkeys(exclude)))


def _normalise(name: str) -> str:
    for suffix in (".md", ".markdown"):
        name = name.removesuffix(suffix)
    name = name.removeprefix("text.") if name != "text" else name
    base = name.split(".", 1)[0]
    if name in EMPTY_SCOPES or base in ("code", "comment", "alt", "figure"):
        return name
    if base not in BASE_SCOPES:
        raise ValueError(f"unknown scope '{name}'")
    if base == "heading" and name != "heading":
        level = name.split(".", 1)[1]
        if level not in {f"h{i}" for i in range(1, 7)}:
            raise ValueError(f"unknown scope '{name}' (use heading.h1 to heading.h6)")
    if base == "table" and name not in ("table", "table.header", "table.cell"):
        raise ValueError(f"unknown scope '{name}'")
    return name


class Ranges(Sequence[Span]):
    """The spans a rule reads, over one source string (the mask, or the text for ``raw``).

    Checks iterate the spans, or use :attr:`joined` (the source with
    everything outside the spans blanked) to run one regex over all of them.
    """

    __slots__ = ("spans", "source", "__dict__")

    def __init__(self, spans: Sequence[Span], source: str) -> None:
        self.spans = tuple(spans)
        self.source = source

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, index):
        return self.spans[index]

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    @cached_property
    def joined(self) -> str:
        """``source`` with everything outside the spans replaced by line breaks (same length)."""
        parts: list[str] = []
        pos = 0
        src = self.source
        for s, e in self.spans:
            if s > pos:
                parts.append("\n" * (s - pos))
            parts.append(src[s:e])
            pos = e
        if pos < len(src):
            parts.append("\n" * (len(src) - pos))
        return "".join(parts)

    def word_index(self, joined: bool) -> WordIndex | None:
        """Word starts by word (see kbeditor.lint.prefilter), over :attr:`joined` or span by span.

        None for the first two word-list rules that ask: building the index
        costs about as much as two plain scans, so it pays from the third on.
        """
        name = "_index_joined" if joined else "_index_spans"
        found = self.__dict__.get(name)
        if isinstance(found, WordIndex):
            return found
        article_words = self.__dict__.get("_article_words")
        if article_words is not None and self.spans:
            view = self._view(article_words(), joined)
            if view is not None:
                self.__dict__[name] = view
                return view
        asked = (found or 0) + 1
        if asked <= _PLAIN_SCANS:
            self.__dict__[name] = asked
            return None
        if joined:
            found = WordIndex(self.joined, [self.bounds] if self.spans else [])
        else:
            found = WordIndex(self.source, list(self.spans))
        self.__dict__[name] = found
        return found

    def read_article_index(self, article_words: Callable[[], WordIndex | None]) -> None:
        """Take word indexes from the index of the whole source (built once, by ``article_words``).

        A scope then never scans its text for words again: its index is a
        view of the article's (see :meth:`WordIndex.view`), so even a scope
        read by one word-list rule is searched at candidate words only.
        """
        self.__dict__["_article_words"] = article_words

    def index_at_first_ask(self) -> None:
        """Build the span-by-span word index for the first word-list rule that asks, with
        no plain scans first: a relint's changed block is indexed in tens of microseconds,
        less than one plain scan of it by a long phrase list. (The joined text's index keeps
        its rule: the joined text of one block is as long as the article.)"""
        self.__dict__["_index_spans"] = _PLAIN_SCANS

    def _view(self, base: WordIndex | None, joined: bool) -> WordIndex | None:
        if base is None:
            return None
        if not joined:
            return base.view(self.source, list(self.spans), list(self.spans))
        pieces: list[Span] = []
        for s, e in self.spans:  # the joined text runs on where spans touch
            if pieces and s == pieces[-1][1]:
                pieces[-1] = (pieces[-1][0], e)
            else:
                pieces.append((s, e))
        return base.view(self.joined, [self.bounds], pieces)

    @property
    def bounds(self) -> Span:
        return (self.spans[0][0], self.spans[-1][1]) if self.spans else (0, 0)

    def subset(self, start: int, end: int) -> Ranges:
        """The spans that start inside ``start``..``end`` (one block's share)."""
        starts = self._sorted_starts
        if starts is None:
            return Ranges([sp for sp in self.spans if start <= sp[0] < end], self.source)
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end, lo)
        return Ranges(self.spans[lo:hi], self.source)

    @cached_property
    def _sorted_starts(self) -> list[int] | None:
        """The spans' starts when in order (as scopes give them), else None."""
        starts = [s for s, _ in self.spans]
        return starts if starts == sorted(starts) else None


def selector_spans(article: Article, name: str) -> list[Span]:
    """Spans of one (non-negated) selector, in document order."""
    blocks = article.blocks
    if name == "raw":
        return (
            [(article.body_start, len(article.text))]
            if len(article.text) > article.body_start
            else []
        )
    if name == "sentence":
        return [(s.start, s.end) for s in article.sentences]
    if name in EMPTY_SCOPES or name.split(".", 1)[0] in ("code", "comment", "alt", "figure"):
        return []
    if name in ("table.header", "table.cell"):
        return _table_parts(article, header=name == "table.header")
    pick = _BLOCK_SELECTORS.get(name)
    if pick is None and name.startswith("heading.h"):
        level = int(name[-1])
        return [(b.start, b.end) for b in blocks if b.kind == B.HEADING and b.level == level]
    assert pick is not None, name
    return [(b.start, b.end) for b in blocks if pick(b)]


_BLOCK_SELECTORS = {
    "text": lambda b: b.is_prose,
    "heading": lambda b: b.kind == B.HEADING,
    "paragraph": lambda b: b.kind == B.PARAGRAPH,
    "list": lambda b: b.kind == B.LIST_ITEM,
    "table": lambda b: b.kind == B.TABLE,
    "blockquote": lambda b: b.quote_depth > 0 and b.is_prose,
    "summary": lambda b: b.kind in (B.PARAGRAPH, B.LIST_ITEM),
}


def _table_parts(article: Article, header: bool) -> list[Span]:
    out: list[Span] = []
    for b in article.blocks:
        if b.kind != B.TABLE:
            continue
        first_end = article.text.find("\n", b.start, b.end)
        first_end = b.end if first_end < 0 else first_end
        if header:
            out.append((b.start, first_end))
        elif first_end < b.end:
            out.append((first_end + 1, b.end))
    return out


def per_block(scope: Scope) -> bool:
    """True when :func:`block_scope_spans` can give the scope's share of one block."""
    return not scope.exclude and all(
        name in _BLOCK_SELECTORS or name == "sentence" for name in scope.include
    )


def block_scope_spans(article: Article, scope: Scope, index: int) -> list[Span]:
    """The spans of a :func:`per_block` scope inside one leaf block, ``article.blocks[index]``.

    The same as the whole scope's spans that start in that block, without
    working out the scope over the whole article: a relint wants only the
    changed blocks' shares.
    """
    block = article.blocks[index]
    spans: list[Span] = []
    for name in scope.include:
        if name == "sentence":
            spans.extend((s.start, s.end) for s in article.sentences if s.block == index)
        elif _BLOCK_SELECTORS[name](block):
            spans.append((block.start, block.end))
    return _union(spans)


def scope_spans(article: Article, scope: Scope) -> list[Span]:
    """The spans of a scope: the union of its selectors minus its negated ones."""
    spans: list[Span] = []
    for name in scope.include:
        spans.extend(selector_spans(article, name))
    spans = _union(spans)
    for name in scope.exclude:
        spans = _subtract(spans, _union(selector_spans(article, name)))
    return spans


def _union(spans: list[Span]) -> list[Span]:
    """Sorted spans, with spans that are identical or nested merged (touching ones kept apart)."""
    spans = sorted(set(spans))
    out: list[Span] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
            continue
        out.append((s, e))
    return out


def _subtract(spans: list[Span], holes: list[Span]) -> list[Span]:
    out: list[Span] = []
    j = 0
    for s, e in spans:
        cur = s
        while j < len(holes) and holes[j][1] <= cur:
            j += 1
        k = j
        while k < len(holes) and holes[k][0] < e:
            hs, he = holes[k]
            if hs > cur:
                out.append((cur, hs))
            cur = max(cur, he)
            k += 1
        if cur < e:
            out.append((cur, e))
    return out
