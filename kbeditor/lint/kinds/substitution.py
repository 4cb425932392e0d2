"""``substitution``: suggest a preferred form for each observed term (Vale's ``swap``).

``swap`` maps an observed token (a word or regex) to the expected text; the
expected text may use ``$1``... for the key's capture groups and may list
alternatives separated by ``|``. All keys are combined into one regex; the
message's first ``%s`` is the expected text (alternatives quoted and joined
with "or"), the second the observed one. ``capitalize`` matches the case of
the first letter of the observed text (Vale 3.4 and later; before, ``ignorecase``
did, which Microsoft's test suite still expects). With ``ignorecase``, the quick
fix for a match that opens a sentence starts with a capital ("Does not" ->
"Doesn't") whatever the message says. The quick fix replaces the match with
the (first) expected text; it is safe only if the rule says ``safe: true``.

The fix fits the sentence: "a"/"an" before the match follows the
replacement's first sound ("an executable" -> "a program"), and a replacement
that brings its own determiner takes the place of the one before the match
("the tenant" -> "the company's ...", not "the the company's ...").

Our own fields:

- ``keep_names: true``: a match that is part of a name is not reported: a UI
  label or message in bold (or a short italic label), quoted text, link text,
  a file name or path ("Configuration.xml"), a word joined by a hyphen or
  slash ("pre-authentication"), or a capitalised name ("Exchange Online
  PowerShell", "Microsoft Entra ID"; a capital on the sentence's first word
  alone does not make a name). After a capitalised word or abbreviation ("the
  DNS cache") the alert stays but a fix longer than one word is not offered.
- ``unsafe_if_followed_by`` / ``unsafe_if_preceded_by``: maps an observed
  text (a regex, whole match, any case) to a regex for the words right after
  (or right before) it; where it matches, the fix is offered but not safe
  ("requires that you restart" -> "needs that you restart" is not English).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.diagnostic import Fix
from kbeditor.lint.matching import CompiledPattern
from kbeditor.lint.names import after_name as _after_name
from kbeditor.lint.names import in_name, sentence_start
from kbeditor.lint.regexes import RegexError, compile_pattern, literals, token, trie_pattern
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "substitution"
FIELDS = {
    "swap": dict,
    "exceptions": list,
    "capitalize": bool,
    "append": bool,
    "pos": str,
    "keep_names": bool,
    "unsafe_if_followed_by": dict,
    "unsafe_if_preceded_by": dict,
}
REQUIRED = ("swap",)
_GROUP_REF = re.compile(r"\$(\d+)|\$\{(\d+)\}")


def compile(spec: dict, rule: RuleContext) -> SubstitutionCheck:
    plain: dict[str, str] = {}  # literal key (lowercased with ignorecase) -> expected
    keyed: list[tuple[int, str, str, int]] = []  # (key length, regex, expected, its groups)
    longest_literal = 0
    for key, expected in spec["swap"].items():
        key, expected = str(key), "" if expected is None else str(expected)
        words = literals(key)
        if words is not None and "$" not in expected:
            for w in words:
                plain.setdefault(w.lower() if rule.ignorecase else w, expected)
            longest_literal = max(longest_literal, len(key))
            continue
        piece = token(key)
        try:
            inner = re.compile(piece).groups
        except re.error as exc:
            raise rule.error(
                "swap", f"key {key!r} is not a valid regular expression ({exc.msg})"
            ) from None
        keyed.append((len(key), piece, expected, inner))
    # Vale tries the keys longest first; the literal keys are one trie (longest first inside),
    # tried where its longest key would be. A trie that matches nothing keeps its group.
    trie = (longest_literal, f"{trie_pattern(plain)}" if plain else "(?!)", "", -1)
    ordered = sorted([trie, *keyed], key=lambda item: -item[0])
    pieces: list[str] = []
    entries: dict[int, tuple[int, str]] = {}  # wrapper group index -> (group offset, expected)
    group = 1
    trie_group = 1
    for _, piece, expected, inner in ordered:
        if inner < 0:
            trie_group = group
        else:
            entries[group] = (group, expected)
        pieces.append(f"({piece})")
        group += max(inner, 0) + 1
    body = "|".join(pieces)
    pattern_text = f"(?:{body})" if rule.nonword else rf"\b(?:{body})\b"
    flags = re.M | (re.I if rule.ignorecase else 0)
    try:
        pattern = compile_pattern(pattern_text, flags)
    except RegexError as exc:
        raise rule.error("swap", str(exc)) from None
    message = str(spec.get("message") or "")
    quoted = message.count("'%s'") == 2  # the message quotes the expected text itself
    return SubstitutionCheck(
        pattern=pattern,
        entries=entries,
        trie_group=trie_group,
        quoted=quoted,
        plain=plain,
        exceptions=rule.exceptions(spec.get("exceptions")),
        vocab=rule.vocab,
        ignorecase=rule.ignorecase,
        capitalize=bool(spec.get("capitalize")),
        safe=rule.safe,
        search=CompiledPattern.of(pattern, pattern_text),
        keep_names=bool(spec.get("keep_names")),
        unsafe_after=_contexts(rule, spec, "unsafe_if_followed_by", r"\A(?:{})"),
        unsafe_before=_contexts(rule, spec, "unsafe_if_preceded_by", r"(?:{})\Z"),
    )


def _contexts(
    rule: RuleContext, spec: dict, key: str, frame: str
) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    """(observed, context) pattern pairs of an ``unsafe_if_...`` field."""
    value = spec.get(key) or {}
    out = []
    for observed, context in value.items():
        try:
            out.append(
                (
                    compile_pattern(str(observed), re.I),
                    compile_pattern(frame.format(context or ""), re.I),
                )
            )
        except RegexError as exc:
            raise rule.error(key, f"{observed!r}: {exc}") from None
    return tuple(out)


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
    search: CompiledPattern  # the pattern with its prefilter
    local: bool = True
    keep_names: bool = False
    unsafe_after: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()
    unsafe_before: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()
    trie_group: int = 1
    quoted: bool = False

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        exc = self.exceptions
        vocab = ctx.vocab if self.vocab and ctx.vocab.accept else None
        for m in self.search.finditer(ranges):
            observed = m.group()
            if not observed.strip():
                continue
            if exc is not None and exc.fullmatch(observed):
                continue
            if vocab is not None and vocab.accepts(observed, self.ignorecase):
                continue
            if m.lastindex == self.trie_group:
                expected = self.plain.get(observed.lower() if self.ignorecase else observed)
                if expected is None:
                    continue
                entry: tuple[int, str] | None = (0, expected)
            else:
                entry = self.entries.get(m.lastindex or 0)
            if entry is None:
                continue
            options = self._expected(m, entry, observed)
            if observed in options:
                continue
            shown = options[0] if len(options) == 1 else self._choices(options)
            start, end, first = m.start(), m.end(), options[0]
            text = ctx.article.text
            offer = True
            if self.keep_names:
                if in_name(ctx.article, start, end):
                    continue
                offer = not _after_name(text, start, first)
            if offer and first != observed:
                if self.ignorecase:
                    first = _cased_fix(text, start, observed, first)
                start, first = fit_determiner(text, start, first)
                fix = Fix(first, self._safe(text, m, observed), f"Replace with '{first}'")
            else:
                fix = None
            yield Match(start, end, (shown, observed), fix)

    def _choices(self, options: list[str]) -> str:
        """ "'a' or 'b'" for the message; its own quotes around the first %s are used (as Vale)."""
        listed = _sentence([f"'{o}'" for o in options])
        return listed[1:-1] if self.quoted else listed

    def _safe(self, text: str, m: re.Match[str], observed: str) -> bool:
        if not self.safe:
            return False
        if self.unsafe_after:
            after = text[m.end() : m.end() + 80]
            if any(o.fullmatch(observed) and c.match(after) for o, c in self.unsafe_after):
                return False
        if self.unsafe_before:
            before = text[max(0, m.start() - 80) : m.start()]
            if any(o.fullmatch(observed) and c.search(before) for o, c in self.unsafe_before):
                return False
        return True

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


def _cased_fix(text: str, start: int, observed: str, replacement: str) -> str:
    """A replacement that opens a sentence starts with a capital ("Does not" -> "Doesn't")."""
    if not replacement[:1].islower() or not observed[:1].isupper():
        return replacement
    if len(observed) > 1 and observed.isupper():  # "VLAN": an abbreviation's capitals
        return replacement
    return replacement[:1].upper() + replacement[1:] if sentence_start(text, start) else replacement


def _sentence(items: list[str]) -> str:
    """Vale's list: "'a' or 'b'", "'a', 'b', or 'c'"."""
    if len(items) <= 2:
        return " or ".join(items)
    return ", ".join(items[:-1]) + ", or " + items[-1]


# --- fitting a replacement into its sentence ---------------------------------------------

_ARTICLE_BEFORE = re.compile(r"\b([Aa]n?)[ \t]+\Z")
_DETERMINER_BEFORE = re.compile(r"\b(the|your|their|our|its|this|that|a|an)[ \t]+\Z", re.I)
_OWN_DETERMINER = re.compile(r"(?:the|your|a|an)\s", re.I)


def article_for(word: str) -> str:
    """'a' or 'an' for a word, by its first sound (letters of an abbreviation are read out)."""
    w = word.lstrip("*_`'\"“‘(")
    if not w:
        return "a"
    if len(w) > 1 and w[:2].isupper():
        return "an" if w[0] in "AEFHILMNORSX" else "a"
    low = w.lower()
    if re.match(r"(?:uni|use|usu|uti|ure|eu|one\b|once)", low):
        return "a"
    if re.match(r"(?:hour|honest|honou?r)", low):
        return "an"
    return "an" if low[0] in "aeiou" else "a"


def fit_determiner(text: str, start: int, replacement: str) -> tuple[int, str]:
    """The fix's start and text, taking in the "a"/"an" or determiner before the match when
    the replacement needs another one ("an executable" -> "a program") or brings its own."""
    before = text[max(0, start - 12) : start]
    if _OWN_DETERMINER.match(replacement):
        det = _DETERMINER_BEFORE.search(before)
        if det:
            own = replacement
            if det.group(1)[0].isupper():
                own = own[:1].upper() + own[1:]
            return start - (len(before) - det.start()), own
        return start, replacement
    art = _ARTICLE_BEFORE.search(before)
    if art is None or not replacement[:1].isalpha():
        return start, replacement
    wanted = article_for(replacement)
    if wanted == art.group(1).lower():
        return start, replacement
    if art.group(1)[0].isupper():
        wanted = wanted.capitalize()
    return start - (len(before) - art.start()), f"{wanted} {replacement}"
