"""``repetition``: the same token twice in a row ("the the").

``tokens`` are regexes for what counts as a token (write-good uses
``[^\\s]+``); ``alpha`` ignores tokens that are not all letters; ``max`` is how
many repeats are allowed (default 0); ``ignorecase`` compares without case.
The alert spans both occurrences; the message's ``%s`` is the token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "repetition"
FIELDS = {"tokens": list, "alpha": bool, "max": int}
REQUIRED = ("tokens",)
_GAP = re.compile(r"\s*")


def compile(spec: dict, rule: RuleContext) -> RepetitionCheck:
    pattern = rule.tokens("tokens", spec["tokens"], nonword=True)
    return RepetitionCheck(
        pattern,
        bool(spec.get("alpha")),
        int(spec.get("max") or 0),
        rule.ignorecase,
        rule.action_fix if rule.action else None,
    )


@dataclass(slots=True)
class RepetitionCheck:
    pattern: re.Pattern[str]
    alpha: bool
    max: int
    ignorecase: bool
    fix: object = None
    local: bool = True

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        src, text = ranges.source, ctx.article.text
        for s, e in ranges:
            prev = ""
            prev_start = prev_end = 0
            count = 0
            for m in self.pattern.finditer(src, s, e):
                cur = m.group().strip()
                same = cur == prev or (self.ignorecase and cur.lower() == prev.lower())
                adjacent = _GAP.fullmatch(src, prev_end, m.start()) is not None
                if adjacent and "`" in text[prev_end : m.start()]:
                    adjacent = (
                        False  # "the `the` the": code between them is a word, as Vale reads it
                    )
                hit = bool(cur) and same and adjacent and (not self.alpha or cur.isalpha())
                count = count + 1 if hit else 0
                if hit and count > self.max:
                    found = src[prev_start : m.end()]
                    fix = self.fix(found) if self.fix else None  # type: ignore[operator]
                    yield Match(prev_start, m.end(), (cur,), fix)
                prev, prev_start, prev_end = cur, m.start(), m.end()
