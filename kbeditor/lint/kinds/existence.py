"""``existence``: report every occurrence of a token (Vale's most common kind).

Fields: ``tokens`` (words or regexes, combined into one alternation with word
boundaries unless ``nonword``), ``raw`` (regex pieces joined as is, placed
before the tokens, or after with ``append``), ``exceptions`` (matches equal to
one of these are not reported), ``ignorecase``, ``vocab``. The message's
``%s`` is the matched text; ``action`` (remove, replace, edit) becomes the fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.matching import CompiledPattern
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "existence"
FIELDS = {"tokens": list, "raw": (list, str), "append": bool, "exceptions": list}
REQUIRED = ("tokens|raw",)


def compile(spec: dict, rule: RuleContext) -> ExistenceCheck:
    raw = spec.get("raw") or []
    raw_text = "".join(raw) if isinstance(raw, list) else raw
    tokens = spec.get("tokens") or []
    pattern = rule.tokens(
        "tokens" if tokens else "raw", tokens, raw=raw_text, append=bool(spec.get("append"))
    )
    return ExistenceCheck(
        pattern=pattern,
        exceptions=rule.exceptions(spec.get("exceptions")),
        vocab=rule.vocab,
        ignorecase=rule.ignorecase,
        search=CompiledPattern.of(pattern),
        fix=rule.action_fix if rule.action else None,
    )


@dataclass(slots=True)
class ExistenceCheck:
    pattern: re.Pattern[str]
    exceptions: re.Pattern[str] | None
    vocab: bool
    ignorecase: bool
    search: CompiledPattern  # the pattern with its prefilter
    fix: object = None
    local: bool = True

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        exc = self.exceptions
        vocab = ctx.vocab if self.vocab and ctx.vocab.accept else None
        fix = self.fix
        for m in self.search.finditer(ranges):
            found = m.group()
            if not found.strip():
                continue
            if exc is not None and exc.fullmatch(found):
                continue
            if vocab is not None and vocab.accepts(found, self.ignorecase):
                continue
            yield Match(m.start(), m.end(), (found,), fix(found) if fix else None)  # type: ignore[operator]
