"""``occurrence``: a token may occur at most ``max`` (or at least ``min``) times per scope unit.

With ``scope: sentence`` (or paragraph, heading, list ...) each unit is
counted on its own: Microsoft's SentenceLength counts words per sentence.
With ``text``/``summary`` the whole document is one unit. The alert covers
the unit (the document's first line for whole-document counts); the
message's ``%s`` is the count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "occurrence"
FIELDS = {"token": str, "max": int, "min": int}
REQUIRED = ("token", "max|min")


def compile(spec: dict, rule: RuleContext) -> OccurrenceCheck:
    pattern = rule.regex("token", spec["token"])
    high = spec.get("max")
    low = spec.get("min")
    return OccurrenceCheck(pattern, high, low, local=not rule.scope.whole_document)


@dataclass(slots=True)
class OccurrenceCheck:
    pattern: re.Pattern[str]
    max: int | None
    min: int | None
    local: bool = True

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        src = ranges.source
        findall = self.pattern.findall
        if self.local:
            # Rules counting the same token over the same spans (sentence length for two
            # audiences) share the counts.
            counted = ctx.fact("occurrences", lambda a: {})
            raw = src is ctx.article.text
            # Keyed by the pattern's text and flags (equal patterns, equal keys):
            # hashing a compiled pattern hashes its whole program every time.
            token = (self.pattern.pattern, self.pattern.flags)
            for s, e in ranges:
                key = (token, s, e, raw)
                n = counted.get(key)
                if n is None:
                    n = counted[key] = len(findall(src, s, e))
                if self._fails(n):
                    yield Match(s, e, (str(n),))
            return
        n = sum(len(findall(src, s, e)) for s, e in ranges)
        if self._fails(n):
            s, e = ranges[0]
            nl = src.find("\n", s, e)
            yield Match(s, e if nl < 0 else nl, (str(n),))

    def _fails(self, n: int) -> bool:
        return (self.max is not None and n > self.max) or (self.min is not None and n < self.min)
