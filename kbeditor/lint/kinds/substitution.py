"""``substitution``: suggest a preferred form for each observed term (Vale's ``swap``).

``swap`` maps an observed token (a word or regex) to the expected text; the
expected text may use ``$1``... for the key's capture groups and may list
alternatives separated by ``|``. All keys are combined into one regex; the
message's first ``%s`` is the expected text (alternatives quoted and joined
with "or"), the second the observed one. ``capitalize`` matches the case of
the first letter of the observed text. The quick fix replaces the match with
the (first) expected text; it is safe only if the rule says ``safe: true``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.diagnostic import Fix
from kbeditor.lint.matching import crosses_lines, is_anchored, iter_matches
from kbeditor.lint.regexes import RegexError, compile_pattern, literals, token, trie_pattern
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "substitution"
FIELDS = {"swap": dict, "exceptions": list, "capitalize": bool, "append": bool, "pos": str}
REQUIRED = ("swap",)
_GROUP_REF = re.compile(r"\$(\d+)|\$\{(\d+)\}")


def compile(spec: dict, rule: RuleContext) -> SubstitutionCheck:
    pieces: list[str] = []
    entries: dict[int, tuple[int, str]] = {}  # wrapper group index -> (group offset, expected)
    plain: dict[str, str] = {}  # literal key (lowercased with ignorecase) -> expected
    group = 2  # group 1 holds every literal key (one trie)
    for key, expected in spec["swap"].items():
        key, expected = str(key), "" if expected is None else str(expected)
        words = literals(key)
        if words is not None and "$" not in expected:
            for w in words:
                plain.setdefault(w.lower() if rule.ignorecase else w, expected)
            continue
        piece = token(key)
        try:
            inner = re.compile(piece).groups
        except re.error as exc:
            raise rule.error(
                "swap", f"key {key!r} is not a valid regular expression ({exc.msg})"
            ) from None
        entries[group] = (group, expected)
        pieces.append(f"({piece})")
        group += inner + 1
    pieces.insert(0, f"({trie_pattern(plain)})" if plain else "(?!)")
    body = "|".join(pieces)
    pattern_text = f"(?:{body})" if rule.nonword else rf"\b(?:{body})\b"
    flags = re.M | (re.I if rule.ignorecase else 0)
    try:
        pattern = compile_pattern(pattern_text, flags)
    except RegexError as exc:
        raise rule.error("swap", str(exc)) from None
    return SubstitutionCheck(
        pattern=pattern,
        entries=entries,
        plain=plain,
        exceptions=rule.exceptions(spec.get("exceptions")),
        vocab=rule.vocab,
        ignorecase=rule.ignorecase,
        capitalize=bool(spec.get("capitalize")),
        safe=rule.safe,
        anchored=is_anchored(pattern_text),
        crossing=crosses_lines(pattern_text),
    )


@dataclass(slots=True)
class SubstitutionCheck:
    pattern: re.Pattern[str]
    entries: dict[int, tuple[int, str]]
    plain: dict[str, str]
    exceptions: re.Pattern[str] | None
    vocab: bool
    ignorecase: bool
    capitalize: bool
    safe: bool
    anchored: bool
    crossing: bool = False
    local: bool = True

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        exc = self.exceptions
        vocab = ctx.vocab if self.vocab and ctx.vocab.accept else None
        for m in iter_matches(self.pattern, ranges, self.anchored, self.crossing):
            observed = m.group()
            if not observed.strip():
                continue
            if exc is not None and exc.fullmatch(observed):
                continue
            if vocab is not None and vocab.accepts(observed, self.ignorecase):
                continue
            if m.lastindex == 1:
                expected = self.plain.get(observed.lower() if self.ignorecase else observed)
                if expected is None:
                    continue
                entry = (0, expected)
            else:
                entry = self.entries.get(m.lastindex or 0)
                if entry is None:
                    continue
            options = self._expected(m, entry, observed)
            if observed in options:
                continue
            shown = options[0] if len(options) == 1 else _sentence([f"'{o}'" for o in options])
            first = options[0]
            fix = Fix(first, self.safe, f"Replace with '{first}'") if first != observed else None
            yield Match(m.start(), m.end(), (shown, observed), fix)

    def _expected(self, m: re.Match[str], entry: tuple[int, str], observed: str) -> list[str]:
        offset, expected = entry
        if "$" in expected:
            expected = _GROUP_REF.sub(
                lambda g: m.group(offset + int(g.group(1) or g.group(2))) or "", expected
            )
        options = [o.strip() for o in expected.split("|")] if "|" in expected else [expected]
        if self.capitalize and observed[:1].isupper():
            options = [o[:1].upper() + o[1:] for o in options]
        return options


def _sentence(items: list[str]) -> str:
    if len(items) <= 2:
        return " or ".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
