"""``conditional``: the presence of ``first`` requires a matching ``second`` (acronyms defined).

Each match of ``first`` (its first capture group, or the whole match) must
appear as a capture of some ``second`` match anywhere in the scope, unless it
is one of the ``exceptions`` or an accepted vocabulary term. The message's
``%s`` is the undefined term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.matching import CompiledPattern
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "conditional"
FIELDS = {"first": str, "second": str, "exceptions": list}
REQUIRED = ("first", "second")


def compile(spec: dict, rule: RuleContext) -> ConditionalCheck:
    exceptions = spec.get("exceptions") or []
    if not all(isinstance(x, str) for x in exceptions):
        raise rule.error("exceptions", "must be a list of terms")
    return ConditionalCheck(
        CompiledPattern.of(rule.regex("first", spec["first"])),
        CompiledPattern.of(rule.regex("second", spec["second"])),
        frozenset(exceptions),
        rule.vocab,
    )


def _key(m: re.Match[str]) -> tuple[str, int, int]:
    g = 1 if m.re.groups >= 1 and m.group(1) is not None else 0
    return m.group(g), m.start(g), m.end(g)


@dataclass(slots=True)
class ConditionalCheck:
    first: CompiledPattern
    second: CompiledPattern
    exceptions: frozenset[str]
    vocab: bool
    local: bool = False

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        defined = {_key(m)[0] for m in self.second.finditer(ranges)}
        vocab = ctx.vocab if self.vocab and ctx.vocab.accept else None
        for m in self.first.finditer(ranges):
            term, s, e = _key(m)
            if term in defined or term in self.exceptions:
                continue
            if vocab is not None and vocab.accepts(term):
                continue
            yield Match(s, e, (term,))
