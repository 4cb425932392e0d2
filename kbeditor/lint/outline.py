"""How the KB kinds read an article's outline: sections by role, lists, where to report.

Not a rule kind (helpers live outside ``kinds/``, so no kind imports another):
the ``kb_*`` kinds share it so that "the recovery section" or "the first
section" means the same thing in every rule. Roles are never hard-coded: each
rule lists the headings it accepts for a role (``Symptoms``, ``Problem``,
``What you see`` ...) in its YAML.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kbeditor import blocks as B
from kbeditor.article import Article, Section
from kbeditor.lint.context import LintContext
from kbeditor.lint.rules import RuleContext

# Numbering and decoration writers put around a heading's words ("Resolution 2", "Step 1:", "1. Fix it").
_DECORATION = re.compile(r"^[\s\d.):-]*|[\s:?!.]*$")


def heading_list(rule: RuleContext, field: str, headings: object) -> list[str] | None:
    """A rule's list of accepted headings, with ``{file: data/name.txt}`` entries read in.

    Lists that several rules share (the recovery, symptom and escalation
    headings) live in one file beside the rules: one regular expression per
    line, ``#`` comments.
    """
    if headings is None:
        return None
    if isinstance(headings, str):
        headings = [headings]
    if not isinstance(headings, list):
        raise rule.error(field, "must be a list of headings (words or regular expressions)")
    out: list[str] = []
    for entry in headings:
        if isinstance(entry, str):
            out.append(entry)
        elif isinstance(entry, dict) and list(entry) == ["file"] and isinstance(entry["file"], str):
            out.extend(read_list(rule, field, entry["file"]))
        else:
            raise rule.error(
                field,
                "every entry must be a heading (a word or regular expression) or {file: data/name.txt}",
            )
    return out


def read_list(rule: RuleContext, field: str, name: str) -> list[str]:
    """The lines of a data file beside the rule (blank lines and ``#`` comments left out)."""
    base = rule.path.parent if rule.path else Path.cwd()
    try:
        return list(_read_lines((base / name).resolve()))
    except OSError as exc:
        raise rule.error(field, f"cannot read {name} ({exc.strerror or exc})") from None


@lru_cache(maxsize=256)
def _read_lines(path: Path) -> tuple[str, ...]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return tuple(ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#"))


def heading_pattern(rule: RuleContext, field: str, headings: object) -> re.Pattern[str] | None:
    """Compile a list of accepted headings into one pattern matched at the start of a heading.

    Each entry is a word, phrase or regex (or a data file of them, see
    :func:`heading_list`); matching ignores case, and a heading may go on after
    the accepted words ("Resolution 2", "Workaround - Method 1").
    """
    return rule.any_of(field, heading_list(rule, field, headings), "^", r"(?![\w'])")


def heading_words(article: Article, section: Section) -> str:
    """A heading's words without numbering or trailing punctuation, for matching."""
    return _undecorated(section.title)


@lru_cache(maxsize=4096)
def _undecorated(title: str) -> str:
    return _DECORATION.sub("", title)


def shared_list_runs(ctx: LintContext) -> list[ListRun]:
    """:func:`list_runs` of the whole article, computed once per lint for every rule."""
    return ctx.fact("list_runs", list_runs)


def _sentence_starts(ctx: LintContext) -> list[int]:
    return ctx.fact("sentence_starts", lambda a: [s.start for s in a.sentences])


def sentence_at(ctx: LintContext, offset: int) -> tuple[int, int] | None:
    """The span of the sentence holding an offset (sentences are ordered and disjoint), or None."""
    i = bisect.bisect_right(_sentence_starts(ctx), offset) - 1
    if i < 0:
        return None
    sent = ctx.article.sentences[i]
    return (sent.start, sent.end) if offset < sent.end else None


def sentences_in(ctx: LintContext, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the sentences that start between two offsets (a binary search)."""
    starts = _sentence_starts(ctx)
    sentences = ctx.article.sentences
    lo = bisect.bisect_left(starts, start)
    hi = bisect.bisect_left(starts, end, lo)
    return [(sentences[i].start, sentences[i].end) for i in range(lo, hi)]


def top_sections(article: Article) -> list[Section]:
    """The sections at the article's top heading level (a leading single h1 is the title)."""
    sections = article.sections
    if not sections:
        return []
    levels = [s.level for s in sections]
    top = min(levels)
    if top == 1 and levels.count(1) == 1 and sections[0].level == 1 and len(sections) > 1:
        top = min(lv for lv in levels if lv > 1)
    return [s for s in sections if s.level == top]


def sections_matching(
    article: Article, pattern: re.Pattern[str] | None, *, any_level: bool = False
) -> list[Section]:
    """Sections whose heading starts with one of the accepted headings, in document order."""
    if pattern is None:
        return []
    pool = article.sections if any_level else top_sections(article)
    return [s for s in pool if _heading_matches(pattern, s.title)]


@lru_cache(maxsize=16_384)
def _heading_matches(pattern: re.Pattern[str], title: str) -> bool:
    """Whether a heading is one of the accepted ones (asked for every heading on every relint)."""
    return pattern.search(_undecorated(title)) is not None


def intro_words(article: Article) -> int:
    """How many prose words come before the first section heading (a lead paragraph)."""
    heads = article.headings
    start = article.body_start
    if heads and heads[0].level == 1:
        start, heads = heads[0].end, heads[1:]
    end = heads[0].start if heads else len(article.text)
    return len(article.words(start, end, quoted=True))


def anchor(article: Article) -> tuple[int, int]:
    """Where to report a finding about the whole article: its first heading or first line."""
    for b in article.blocks:
        if b.kind == B.HEADING or b.is_prose:
            return b.start, b.end if b.kind == B.HEADING else _line_end(article, b.start)
    start = article.body_start
    return start, _line_end(article, start)


def section_anchor(article: Article, section: Section) -> tuple[int, int]:
    """The span of a section's heading line."""
    return section.heading.start, section.heading.end


def _line_end(article: Article, start: int) -> int:
    end = article.text.find("\n", start)
    return len(article.text) if end < 0 else end


@dataclass(frozen=True, slots=True)
class ListRun:
    """Consecutive items of one list (same depth and kind), with their block indexes."""

    items: tuple[int, ...]
    ordered: bool
    depth: int


def list_runs(article: Article, start: int = 0, end: int | None = None) -> list[ListRun]:
    """The lists between two offsets; nested content does not break a list, a paragraph does."""
    end = len(article.text) if end is None else end
    runs: list[ListRun] = []
    open_runs: dict[tuple[int, bool], list[int]] = {}

    def close_deeper_than(depth: int) -> None:
        for key in [k for k in open_runs if k[0] > depth]:
            runs.append(ListRun(tuple(open_runs.pop(key)), key[1], key[0]))

    for i, b in enumerate(article.blocks):
        if b.start < start or b.start >= end:
            continue
        if b.kind == B.LIST_ITEM:
            close_deeper_than(b.depth)
            key = (b.depth, b.ordered)
            other = (b.depth, not b.ordered)
            if other in open_runs:
                runs.append(ListRun(tuple(open_runs.pop(other)), other[1], other[0]))
            open_runs.setdefault(key, []).append(i)
        elif b.depth == 0 and b.kind != B.COMMENT:
            close_deeper_than(0)
        else:
            close_deeper_than(b.depth)
    close_deeper_than(-1)
    runs.sort(key=lambda r: r.items[0])
    return runs


class OffsetRanges:
    """Offset ranges (sections, link texts) merged and sorted: is an offset inside one?

    A binary search per question: testing every list item against every section
    was quadratic on long articles.
    """

    __slots__ = ("_starts", "_ends")

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    @classmethod
    def of_sections(cls, sections: list[Section]) -> OffsetRanges:
        return cls((s.start, s.end) for s in sections)

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ends[i]


def item_span(article: Article, index: int) -> tuple[int, int]:
    """A list item's own text with any continuation paragraphs that belong to it."""
    blocks = article.blocks
    item = blocks[index]
    end = item.end
    for k in range(index + 1, len(blocks)):  # no slice: a copy per item was quadratic
        b = blocks[k]
        if b.kind == B.LIST_ITEM or b.depth < item.depth or b.depth == 0:
            break
        if b.kind == B.PARAGRAPH and b.depth == item.depth:
            end = b.end
    return item.start, end
