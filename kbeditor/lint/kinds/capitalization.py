"""``capitalization``: each scope unit (usually a heading) must follow a case style.

``match`` is ``$title`` (with ``style: AP`` or ``Chicago``), ``$sentence``,
``$lower``, ``$upper``, or a regex the text must match. ``exceptions`` are
words allowed as written (product names); ``indicators`` are characters after
which a capital starts a new sentence (":"); ``threshold`` is the share of
words that must conform (default 0.8). The message's ``%s`` is the text.

``$sentence`` is Vale's: every word but the first (and the first after an
indicator, or after a list number such as "8.") is expected in lower case,
so an abbreviation or a mixed-case name conforms only when ``exceptions`` (or
the accepted vocabulary) names it; a first word that is not capitalised fails
the heading at once. ``$title`` takes abbreviations and names as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "capitalization"
FIELDS = {
    "match": str,
    "style": str,
    "exceptions": list,
    "indicators": list,
    "threshold": (int, float),
    "prefix": str,
}
REQUIRED = ("match",)

_WORDS = re.compile(r"\S+")
# Vale's words for $sentence: a run of letters, digits or '*' and what follows up to a space.
_SENTENCE_WORDS = re.compile(r"(?:[^\W_]|\*)+\S*")
_LIST_NUMBER = re.compile(r"\d+\.")
_SMALL = {
    "AP": frozenset("a an and at but by for in nor of on or so the to up yet".split()),
    "Chicago": frozenset(
        "a an and as at but by for in nor of on or so the to up yet via vs".split()
    ),
}


def compile(spec: dict, rule: RuleContext) -> CapitalizationCheck:
    match = spec["match"].strip()
    style = spec.get("style", "AP")
    if style not in _SMALL:
        raise rule.error("style", "must be AP or Chicago")
    pattern = None
    if match not in ("$title", "$sentence", "$lower", "$upper"):
        pattern = rule.regex("match", match)
    exceptions = spec.get("exceptions") or []
    if not all(isinstance(x, str) for x in exceptions):
        raise rule.error("exceptions", "must be a list of words")
    excepted = rule.regex("exceptions", "|".join(exceptions)) if exceptions else None
    return CapitalizationCheck(
        match,
        pattern,
        _SMALL[style],
        frozenset(exceptions),
        tuple(spec.get("indicators") or ()),
        float(spec.get("threshold", 0.8)),
        rule.vocab,
        excepted,
    )


@dataclass(slots=True)
class CapitalizationCheck:
    match: str
    pattern: re.Pattern[str] | None
    small: frozenset[str]
    exceptions: frozenset[str]
    indicators: tuple[str, ...]
    threshold: float
    vocab: bool
    excepted: re.Pattern[str] | None = None
    local: bool = True

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        src = ranges.source
        accepted = ctx.vocab if self.vocab and ctx.vocab.accept else None
        for s, e in ranges:
            piece = src[s:e]
            text = " ".join(piece.split())
            if not text:
                continue
            start = s + len(piece) - len(piece.lstrip())
            end = e - (len(piece) - len(piece.rstrip()))
            if not self._ok(text, accepted):
                yield Match(start, end, (text,))

    def _ok(self, text: str, accepted) -> bool:
        if self.pattern is not None:
            return self.pattern.fullmatch(text) is not None
        if self.match == "$lower":
            return text == text.lower()
        if self.match == "$upper":
            return text == text.upper()
        if self.match == "$sentence":
            return self._sentence_ok(text, accepted)
        words = _WORDS.findall(text)
        good = 0
        for i, raw in enumerate(words):
            word = raw.strip("\"'“”‘’()[]{}.,;!?")
            if self._conforms(word, i, words, accepted):
                good += 1
        return good / max(len(words), 1) >= self.threshold

    def _sentence_ok(self, text: str, accepted) -> bool:
        """Vale's $sentence: the text against its sentence-case form, word by word."""
        words = _SENTENCE_WORDS.findall(text)
        good = 0
        for i, word in enumerate(words):
            opens = i == 0 or self._indicates(words[i - 1], i - 1)
            expected = word[:1].upper() + word[1:].lower() if opens else word.lower()
            if word == expected or word in self.exceptions or self._accepted(word, accepted):
                good += 1
            elif i == 0 and word != word[:1].upper() + word[1:].lower():
                return False
        return good / max(len(words), 1) >= self.threshold

    def _indicates(self, word: str, index: int) -> bool:
        """A word after which a capital opens a sentence: one ending in an indicator, a list number."""
        if self.indicators and word.endswith(self.indicators):
            return True
        return index == 0 and _LIST_NUMBER.search(word) is not None

    def _accepted(self, word: str, accepted) -> bool:
        if self.excepted is not None and self.excepted.search(word):
            return True
        return accepted is not None and accepted.accepts(word.strip(".,;:!?\"'()"))

    def _conforms(self, word: str, i: int, words: list[str], accepted) -> bool:
        if not word or not any(ch.isalpha() for ch in word[:1]) or word in self.exceptions:
            return True
        if accepted is not None and accepted.accepts(word):
            return True
        if len(word) > 1 and (word.isupper() or any(ch.isupper() for ch in word[1:])):
            return True  # acronyms and names like iPhone, macOS keep their case
        if self.match == "$sentence":
            after_indicator = (
                i > 0 and words[i - 1].endswith(self.indicators) if self.indicators else False
            )
            if i == 0 or after_indicator:
                return word[:1].isupper() or word[:1].isdigit()
            return word == word.lower()
        # $title
        last = i == len(words) - 1
        if i > 0 and not last and word.lower() in self.small:
            return word == word.lower()
        return word[:1].isupper()
