"""``kb_heading_levels``: headings go down one level at a time.

Screen-reader users move through an article by its headings; a jump from a
level-2 heading to a level-4 one looks like a missing section. The article's
title (front matter ``title`` or a level-1 heading) counts as level 1, so the
first section heading should be level 2. The message's ``%s`` are the level
before and the level found.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.rules import RuleContext

KIND = "kb_heading_levels"
DOCUMENT = True
FIELDS: dict[str, type] = {}


def compile(spec: dict, rule: RuleContext) -> HeadingLevelsCheck:
    return HeadingLevelsCheck()


@dataclass(slots=True)
class HeadingLevelsCheck:
    def run(self, ctx: LintContext) -> Iterator[Match]:
        previous = 1
        for h in ctx.article.headings:
            if h.level > previous + 1:
                yield Match(h.start, h.end, (f"h{previous}", f"h{h.level}"))
            previous = h.level
