"""``consistency``: two spellings of one term must not both appear ("advisor" and "adviser").

``either`` maps one variant to the other. When both occur in the scope, the
variant used first wins and every occurrence of the other is reported; the
message's ``%s`` is the reported text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.matching import CompiledPattern
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "consistency"
FIELDS = {"either": dict}
REQUIRED = ("either",)


def compile(spec: dict, rule: RuleContext) -> ConsistencyCheck:
    pairs = []
    for a, b in spec["either"].items():
        pattern = rule.tokens("either", [f"({a})", f"({b})"]) if a and b else None
        if pattern is None:
            raise rule.error("either", "every entry must be 'one: other'")
        pairs.append(CompiledPattern.of(pattern))
    return ConsistencyCheck(tuple(pairs))


@dataclass(slots=True)
class ConsistencyCheck:
    pairs: tuple[CompiledPattern, ...]
    local: bool = False

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        for pattern in self.pairs:
            found = [(m.lastindex, m.start(), m.end(), m.group()) for m in pattern.finditer(ranges)]
            used = {f[0] for f in found}
            if len(used) < 2:
                continue
            winner = found[0][0]
            for which, s, e, text in found:
                if which != winner:
                    yield Match(s, e, (text,))
