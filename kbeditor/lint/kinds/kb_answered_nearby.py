"""``kb_answered_nearby``: a passage that raises a question is answered in its section.

"Remove the secondary account", "End task", "select the **Erase** tab": a
stressed reader stops and asks "will I lose my mail?". The rule reports the
first ``raises`` match in a section (up to the next heading of any level)
that none of ``answers`` answers nearby: in the block that raises it, the
block before or the two blocks after, within the section ("your mail stays
on the server", "this does not delete ...", "back up the file first"). An
answer three steps later is about something else. With ``near: article`` an
answer anywhere in the article will do. With ``near: block`` the answer must
be in the step itself: the block that raises it and what is nested under it
(sub-steps, notes, code), where a link also answers (it points to the how);
the next step is another step, not an answer. A paragraph outside a list may
be answered by the block after it ("To do this, follow these steps:"), unless
that block is a note or a quote, which is an aside rather than the how.

Both lists are phrases (regexes, any case, word boundaries). The rule reads the
text with quoted labels kept (``Article.searchable``): a button called
**Erase** raises the question as much as the word does; code and front matter
are never read. With ``quoted: false`` it looks for ``raises`` in the
writer's own prose only (``Article.mask``: a quoted error that says "is not
supported" is no refusal of the writer's); answers are still read with the labels kept ("Select **Preferences**" is a
how). A ``raises`` match that overlaps one of ``ignore`` ("temporary
files", "the check box") is skipped. Sections headed by one of
``skip_headings`` (causes, symptoms) describe, they do not instruct.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from kbeditor import blocks as B
from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.outline import heading_pattern
from kbeditor.lint.phrases import phrases
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.span_matches import SpanMatches

KIND = "kb_answered_nearby"
DOCUMENT = True
FIELDS = {
    "raises": list,
    "answers": list,
    "ignore": list,
    "near": str,
    "skip_headings": list,
    "quoted": bool,
}
REQUIRED = ("raises", "answers")
_NEAR = ("section", "article", "block")
_LEAD = re.compile(r"^[#\s\d.:)-]+")  # heading marks and numbering before its words


def compile(spec: dict, rule: RuleContext) -> AnsweredNearbyCheck:
    near = spec.get("near", "section")
    if near not in _NEAR:
        raise rule.error("near", f"'{near}' is not one of {', '.join(_NEAR)}")
    raises = phrases(rule, spec, "raises", required=True)
    answers = phrases(rule, spec, "answers", required=True)
    assert raises is not None and answers is not None
    return AnsweredNearbyCheck(
        raises=raises,
        answers=answers,
        ignore=phrases(rule, spec, "ignore"),
        whole_article=near == "article",
        in_block=near == "block",
        skip=heading_pattern(rule, "skip_headings", spec.get("skip_headings")),
        quoted=bool(spec.get("quoted", True)),
    )


@dataclass(slots=True)
class AnsweredNearbyCheck:
    raises: re.Pattern[str]
    answers: re.Pattern[str]
    ignore: re.Pattern[str] | None
    whole_article: bool
    skip: re.Pattern[str] | None
    in_block: bool = False
    quoted: bool = True
    # Where ``raises`` matches in each section, kept by the section's text: a relint
    # searches only the section that changed.
    _raised: SpanMatches = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._raised = SpanMatches(self.raises)

    def run(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        text = article.searchable if self.quoted else article.mask
        if self.whole_article and self.answers.search(article.searchable, article.body_start):
            return
        for start, end in _section_spans(ctx, self.skip):
            for m_start, m_end in self._raised.find(text, start, end):
                if self._ignored(text, m_start, m_end) or self._answered(
                    article, m_start, start, end
                ):
                    continue
                yield Match(m_start, m_end, (" ".join(text[m_start:m_end].split()),))
                break  # one question per section: the writer answers it once

    def _ignored(self, text: str, m_start: int, m_end: int) -> bool:
        if self.ignore is None:
            return False
        near = self.ignore.finditer(text, max(0, m_start - 40), m_end + 40)
        return any(i.start() < m_end and m_start < i.end() for i in near)

    def _answered(self, article: Article, at: int, start: int, end: int) -> bool:
        if self.whole_article:
            return False  # no answer anywhere (checked once in run)
        if self.in_block:
            a, b = _own_blocks(article, at)
            if any(a <= link.start < b for link in article.links):
                return True
        else:
            a, b = _window(article, at)
        return bool(self.answers.search(article.searchable, max(a, start), min(b, end)))


def _window(article: Article, at: int) -> tuple[int, int]:
    """From the block before the one at ``at`` to the end of the second block after it."""
    starts = [b.start for b in article.blocks]
    i = max(0, bisect.bisect_right(starts, at) - 1)
    blocks = article.blocks
    if not blocks:
        return at, at
    return blocks[max(0, i - 1)].start, blocks[min(len(blocks) - 1, i + 2)].end


def _own_blocks(article: Article, at: int) -> tuple[int, int]:
    """The block at ``at`` and the blocks nested under it (deeper in its list, or code)."""
    blocks = article.blocks
    starts = [b.start for b in blocks]
    i = max(0, bisect.bisect_right(starts, at) - 1)
    if not blocks:
        return at, at
    end, depth = blocks[i].end, blocks[i].depth
    for n, b in enumerate(blocks[i + 1 :]):
        if b.kind == B.HEADING:
            break
        if b.depth <= depth and b.kind not in B.CODE_KINDS and (depth or n or b.quote_depth):
            break
        end = b.end
    return blocks[i].start, end


def _section_spans(ctx: LintContext, skip: re.Pattern[str] | None) -> Iterator[tuple[int, int]]:
    """The text under each heading up to the next heading of any level (and the lead before the
    first heading), leaving out the sections ``skip`` names."""
    for start, end, title in ctx.fact("answered_nearby.sections", _sections):
        if start < end and not (skip is not None and title and _skips(skip, title)):
            yield start, end


@lru_cache(maxsize=4096)
def _skips(skip: re.Pattern[str], title: str) -> bool:
    """Whether a heading names a section to leave out (asked per heading on every relint)."""
    return skip.search(title) is not None


def _sections(article: Article) -> list[tuple[int, int, str]]:
    """Each stretch between headings with the heading's words (worked out once per lint)."""
    headings = article.headings
    starts = [article.body_start] + [h.end for h in headings]
    ends = [h.start for h in headings] + [len(article.text)]
    titles = [""] + [_LEAD.sub("", article.heading_text(h)) for h in headings]
    return list(zip(starts, ends, titles, strict=True))
