"""``kb_reader_address``: "the user" written about the reader, with "you" as the quick fix.

A ``substitution`` rule (same fields and fixes: ``swap``, ``ignorecase``,
``capitalize`` ...) that leaves alone the places where "the user" is somebody
other than the reader, since "you" would then be wrong:

- the article is written for someone who looks after users (it speaks of
  "your users", runs PowerShell cmdlets ...): a phrase in ``written_for_others``
  anywhere in the article, code included, silences the rule for that article;
- the paragraph already speaks to the reader ("If you don't add the user as an
  owner ...", "... so you can warn the user"): a word in ``reader_words``;
- the sentence is an instruction, so the reader acts on that user ("Ask the
  user to ...", "Select the user's account"): it opens with a verb from
  ``verbs`` / ``verbs_file``;
- the words right after the match show another person or a compound noun
  ("the user who sent the request", "the user name", "the user profile"): a
  pattern in ``not_followed_by``, matched at the end of the match; or the
  words right before it ("one of the users", "the name of the user"): a
  pattern in ``not_preceded_by``, matched against the text that ends there.

When "the user" is the subject, the fix takes in the verb after it and
agrees with "you" ("the user has" -> "you have", "the user sees" -> "you see";
a verb in ``verbs`` / ``verbs_file`` or be/have/do).

Because one phrase anywhere in the article matters, the rule reads the whole
article on every lint (it is not cached per paragraph).

Outside paragraphs and list items (table cells, headings) the cell or line is read instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.diagnostic import Fix
from kbeditor.lint.kinds import SpanCheck
from kbeditor.lint.outline import sentence_at
from kbeditor.lint.phrases import FILLERS, instruction_verb_at, word_set
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges
from kbeditor.words import ENGLISH_WORD

KIND = "kb_reader_address"
BASE = "substitution"  # a substitution rule's fields are accepted too, and compiled by it
FIELDS = {
    "reader_words": list,
    "verbs": list,
    "verbs_file": str,
    "not_followed_by": list,
    "not_preceded_by": list,
    "written_for_others": list,
}
REQUIRED = ("swap",)

_CLAUSE = re.compile(r"[,:;]")


def compile(spec: dict, rule: RuleContext) -> ReaderAddressCheck:
    reader = spec.get("reader_words") or []
    if not all(isinstance(v, str) for v in reader):
        raise rule.error("reader_words", "must be a list of words")
    return ReaderAddressCheck(
        inner=rule.base_check(spec),
        reader=re.compile(r"\b(?:" + "|".join(map(re.escape, reader)) + r")\b", re.I)
        if reader
        else None,
        verbs=word_set(rule, spec, "verbs", "verbs_file"),
        follow=_patterns(rule, spec, "not_followed_by"),
        before=_patterns(rule, spec, "not_preceded_by", suffix=r"$"),
        others=_patterns(rule, spec, "written_for_others", prefix=r"\b", suffix=r"\b"),
    )


def _patterns(
    rule: RuleContext, spec: dict, key: str, prefix: str = "", suffix: str = ""
) -> re.Pattern[str] | None:
    """One case-insensitive pattern from a list of regular expressions, or None for none."""
    value = spec.get(key) or []
    if not all(isinstance(v, str) for v in value):
        raise rule.error(key, "must be a list of words or regular expressions")
    return rule.any_of(key, value, prefix, suffix)


@dataclass(slots=True)
class ReaderAddressCheck:
    inner: SpanCheck  # the substitution check (see BASE)
    reader: re.Pattern[str] | None
    verbs: frozenset[str]
    follow: re.Pattern[str] | None
    before: re.Pattern[str] | None = None
    others: re.Pattern[str] | None = None
    local: bool = False

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        if self.others is not None and self.others.search(ctx.article.text):
            return
        for m in self.inner.run(ctx, ranges):
            if not self._someone_else(ctx, m):
                yield self._agree(ctx.article.text, m)

    def _agree(self, text: str, m: Match) -> Match:
        """The match with its fix taking in a third-person verb after a singular subject."""
        if m.fix is None or m.fix.replacement.lower() != "you" or not m.args:
            return m
        if not re.fullmatch(r"(?:the\s+)?(?:end\s+)?user", m.args[-1], re.I):
            return m
        verb = re.match(r"([ \t]+)([a-z]+(?:['’]t)?)\b", text[m.end : m.end + 30])
        if verb is None:
            return m
        plural = _plural_verb(verb.group(2), self.verbs)
        if plural is None:
            return m
        replacement = m.fix.replacement + verb.group(1) + plural
        end = m.end + verb.end()
        fix = Fix(replacement, m.fix.safe, f"Replace with '{replacement}'")
        return Match(m.start, end, m.args, fix, m.message)

    def _someone_else(self, ctx: LintContext, m: Match) -> bool:
        """True when the matched words name another person than the reader (see module doc)."""
        article = ctx.article
        if self.follow is not None and self.follow.match(article.mask, m.end):
            return True
        if self.before is not None and self.before.search(
            article.mask, max(0, m.start - 40), m.start
        ):
            return True
        span = sentence_at(ctx, m.start)
        block = article.block_at(m.start)
        if span is None or block is None:
            span = block_span = _cell_at(article.text, m.start, m.end)
        else:
            block_span = (block.start, block.end)
        if self.reader is not None and self.reader.search(article.mask, *block_span):
            return True
        text = article.mask[span[0] : span[1]]
        return bool(self.verbs) and _opens_with_instruction(text, self.verbs, m.start - span[0])


_IRREGULAR = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "isn't": "aren't",
    "wasn't": "weren't",
    "hasn't": "haven't",
    "doesn't": "don't",
    "isn’t": "aren’t",
    "wasn’t": "weren’t",
    "hasn’t": "haven’t",
    "doesn’t": "don’t",
}


def _plural_verb(word: str, verbs: frozenset[str]) -> str | None:
    """The form of a third-person verb that goes with "you", or None when it is no such verb."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.endswith("s") or word.endswith("ss"):
        return None
    for base in (word[:-3] + "y" if word.endswith("ies") else None, word[:-2], word[:-1]):
        if base and base in verbs:
            return base
    return None


def _cell_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The table cell (between pipes) or line around a match that is in no sentence."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    left = text.rfind("|", line_start, start)
    right = text.find("|", end, line_end)
    return (left + 1 if left >= 0 else line_start, right if right >= 0 else line_end)


def _opens_with_instruction(text: str, verbs: frozenset[str], match_at: int) -> bool:
    """Whether the sentence opens (or its main clause opens) with an instruction verb.

    A verb inside the match itself ("End users cannot ...") is no instruction.
    """
    found = instruction_verb_at(text, verbs)
    if not found or not found[0] or found[1] >= match_at:
        return False
    lead = _CLAUSE.split(text[: found[1]])[-1]
    return all(w.lower() in FILLERS for w in ENGLISH_WORD.findall(lead))
