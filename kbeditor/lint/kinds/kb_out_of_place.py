"""``kb_out_of_place``: a passage that belongs in another section.

A symptom section describes what the reader sees; when it also explains the
cause ("This issue occurs because ..."), the reader reads the explanation
before the fix, as if a Cause section came first. The rule reports the first
of ``phrases`` (regexes, any case, word boundaries) in each section headed as
one of ``headings`` (matched at the heading's start, as other KB rules do),
up to the next heading of any level. Quoted messages and code are not read
(``Article.mask``). The message's ``%s`` is the section's heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.outline import heading_pattern, sections_matching
from kbeditor.lint.phrases import phrases
from kbeditor.lint.rules import RuleContext

KIND = "kb_out_of_place"
DOCUMENT = True
FIELDS = {"phrases": list, "headings": list}
REQUIRED = ("phrases", "headings")


def compile(spec: dict, rule: RuleContext) -> OutOfPlaceCheck:
    found = phrases(rule, spec, "phrases", required=True)
    headings = heading_pattern(rule, "headings", spec.get("headings"))
    if found is None or headings is None:
        raise rule.error("headings", "missing: list the headings of the sections to check")
    return OutOfPlaceCheck(phrases=found, headings=headings)


@dataclass(slots=True)
class OutOfPlaceCheck:
    phrases: re.Pattern[str]
    headings: re.Pattern[str]

    def run(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        heads = article.headings
        for sec in sections_matching(article, self.headings, any_level=True):
            later = [h.start for h in heads if h.start > sec.heading.start]
            end = later[0] if later else len(article.text)
            m = self.phrases.search(article.mask, sec.heading.end, end)
            if m:
                yield Match(m.start(), m.end(), (sec.title,))
