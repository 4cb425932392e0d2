"""``kb_tone``: a family of phrasings described by its structure, with its way out.

Tone faults (blame, dismissal, irritation, condescension) come in families:
"you must have muted", "you must've deleted", "you will have moved" are one
structure (a reader subject, a modal and "have", any past participle). The
rule's YAML describes that structure with word classes and templates (see
:mod:`kbeditor.lint.phrase_templates`); the code only composes them:

- ``words``: the word classes (subjects such as you / users / staff, modals,
  reminder nouns, refusal verbs ...);
- ``patterns``: templates of the fault;
- ``conditions``: templates that, found earlier in the same clause, make the
  match a hypothetical or an appearance, not a statement ("If you deleted a
  report by mistake, ...", "It might seem like a simple task"); a template
  that ends with ``$`` must end right before the match;
- ``unless``: templates that, found in the same sentence (``unless_in:
  sentence``, the default) or paragraph (``paragraph``), give the way out the
  family lacks: a reason, a next step, an owner, a time;
- ``unless_after``: templates that give a way out only after the match, in
  the same sentence ("We cannot help with personal devices, but the shop can");
- ``next_step_verbs``: when true, a clause of that sentence or paragraph that
  starts with an instruction (a base-form verb by the lexicon: "Open it on
  your laptop instead") also counts as a way out.

Text quoted from the screen (quotation marks, bold UI labels, block quotes)
is never reported. With ``action: {name: remove}``, a template's ``<<...>>``
part becomes a quick fix that removes it: the alert covers that part and the
word after it ("Just select"), which the fix keeps (as "Select" at the start
of a sentence). The message's ``%s`` is that part, or the whole match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor import lexicon
from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.diagnostic import Fix
from kbeditor.lint.matching import CompiledPattern
from kbeditor.lint.phrase_templates import Templates, compile_templates, word_classes
from kbeditor.lint.phrases import NOT_AFTER_IMPERATIVE, quoted_from_screen
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "kb_tone"
FIELDS = {
    "words": dict,
    "patterns": list,
    "conditions": list,
    "unless": list,
    "unless_in": str,
    "unless_after": list,
    "next_step_verbs": bool,
}
REQUIRED = ("patterns",)
_REGIONS = ("sentence", "paragraph")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s)")
_NEXT_WORD = re.compile(r"\s+([\w'’-]+)")
_WORD_START = re.compile(r"\b\w")
_CLAUSE_BREAK = re.compile(r"[,;:()—–]")
# A clause that can open with an instruction: a sentence, after ";", ":" or ", so/but/instead",
# or after a purpose or condition ("to read work mail on it, install Outlook").
_CLAUSE_HEAD = re.compile(
    r"(?:(?:^|[.!?;:]\s+)(?:to|if|when|once|after|before)\s[^,.;:!?\n]{1,80},\s+|^|[.!?;:]\s+|,\s+(?:so|but|or|and|then|instead)\s+|\s(?:so|but|instead)\s+)"
    # (the words are looked ahead at, not consumed: the next clause head may start among them)
    r"(?:(?:please|so|but|then|instead|first|also|just|now)\s+)*(?=([A-Za-z][\w'’-]*)\s+(\S+))",
    re.IGNORECASE,
)
# "stop reporting it" forbids: a prohibition is no next step.
_NOT_IMPERATIVE = frozenset("be have do need let stop".split())
# "Home Wi-Fi problems are not ...", "Email delays of a few hours are normal": a noun phrase
# followed by its verb is a subject, not an instruction.
_SUBJECT_THEN_VERB = re.compile(
    r"(?:\s+(?!(?:that|which|who|and|or|to|if|so)\b)[\w'’-]+){0,5}\s+(?:is|are|was|were|has|have|had|"
    r"isn't|aren't|wasn't|weren't|can't|cannot|won't|will|don't|doesn't|didn't|fall|falls|"
    r"happen|happens|occur|occurs|seem|seems|need|needs)\b",
    re.IGNORECASE,
)


def compile(spec: dict, rule: RuleContext) -> ToneCheck:
    classes = word_classes(rule, spec)
    region = spec.get("unless_in", "sentence")
    if region not in _REGIONS:
        raise rule.error("unless_in", f"must be one of {', '.join(_REGIONS)}")
    patterns = compile_templates(rule, spec, "patterns", classes, required=True)
    assert patterns is not None
    return ToneCheck(
        patterns=patterns,
        conditions=compile_templates(rule, spec, "conditions", classes),
        unless=compile_templates(rule, spec, "unless", classes),
        unless_after=compile_templates(rule, spec, "unless_after", classes),
        paragraph=region == "paragraph",
        next_step_verbs=bool(spec.get("next_step_verbs", False)),
        search=CompiledPattern.of(patterns.pattern),
        remove=bool(rule.action and rule.action.name == "remove"),
        safe=rule.safe,
    )


@dataclass(slots=True)
class ToneCheck:
    patterns: Templates
    conditions: Templates | None
    unless: Templates | None
    unless_after: Templates | None
    paragraph: bool
    next_step_verbs: bool
    search: CompiledPattern
    remove: bool
    safe: bool
    local: bool = True

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        article = ctx.article
        src = ranges.source
        for m in self.search.finditer(ranges):
            if not m.group().strip():
                continue
            if not self.patterns.accepts(m, src):
                inner = self._other(article, src, m)
                if inner is None:
                    continue
                m = inner
            start, end = m.start(), m.end()
            block = article.block_at(start)
            if block is None or quoted_from_screen(article, block, start, end):
                continue
            s_start, s_end = _sentence(src, block.start, block.end, start)
            if self.conditions is not None:
                clause = _clause_start(src, s_start, start)
                before = len(src[:start].rstrip())  # conditions may end with $: right before
                if before > clause and self.conditions.search(src, clause, before):
                    continue
            lo, hi = (block.start, block.end) if self.paragraph else (s_start, s_end)
            if self.unless is not None and _way_out(self.unless, src, lo, hi, (start, end)):
                continue
            if self.unless_after is not None and self.unless_after.search(src, end, s_end):
                continue
            if self.next_step_verbs and _has_instruction(src, lo, hi, (start, end)):
                continue
            yield self._match(article, m, s_start)

    def _other(self, article: Article, src: str, m: re.Match[str]) -> re.Match[str] | None:
        """Another template at the rejected match's start, or one starting inside it."""
        block = article.block_at(m.start())
        hi = block.end if block is not None else m.end()
        same = self.patterns.match_any(src, m.start(), hi)
        if same is not None and same.group().strip():
            return same
        return self._inside(article, src, m)

    def _inside(self, article: Article, src: str, m: re.Match[str]) -> re.Match[str] | None:
        """A template that matches inside a rejected match ("come from people who don't read").

        The search moved past the rejected text, so a fault starting inside it
        would be skipped; the ones starting after it are found by the search.
        """
        block = article.block_at(m.start())
        hi = block.end if block is not None else m.end()
        pattern = self.patterns.pattern
        # Only at the words inside the rejected match: a search to the block's end for every
        # rejected match would be quadratic on text full of near-misses.
        for w in _WORD_START.finditer(src, m.start() + 1, m.end()):
            inner = pattern.match(src, w.start(), hi)
            if inner is None:
                continue
            if not self.patterns.accepts(inner, src):
                inner = self.patterns.match_any(src, w.start(), hi)
            if inner is not None and inner.group().strip():
                return inner
        return None

    def _match(self, article: Article, m: re.Match[str], s_start: int) -> Match:
        span = self.patterns.fix_span(m)
        if span is None:
            return Match(m.start(), m.end(), (m.group(0),))
        fs, fe = span
        word = article.mask[fs:fe]
        if not self.remove:
            return Match(fs, fe, (word,))
        mask = article.mask
        nxt = _NEXT_WORD.match(mask, fe)
        if nxt is None:
            return Match(fs, fe, (word,), Fix("", self.safe, f"Remove '{word}'"))
        following = nxt.group(1)
        if not mask[
            s_start:fs
        ].strip():  # "Just select" -> "Select": the next word takes the capital
            following = following[:1].upper() + following[1:]
        return Match(fs, nxt.end(), (word,), Fix(following, self.safe, f"Remove '{word}'"))


def _way_out(unless: Templates, src: str, lo: int, hi: int, found: tuple[int, int]) -> bool:
    """True when src[lo:hi] gives a way out that is not part of the fault itself.

    "Please don't contact the service desk" names an owner only to refuse it, and
    "not something IT can help with" is not "it can": a way out lying wholly
    inside the match does not count; one that reaches past it does ("because you
    forgot your password").
    """
    pos = lo
    while (m := unless.search(src, pos, hi)) is not None:
        if not (found[0] <= m.start() and m.end() <= found[1]):
            return True
        pos = m.start() + 1
    return False


def _sentence(src: str, lo: int, hi: int, pos: int) -> tuple[int, int]:
    """The sentence of ``pos`` inside the block ``[lo, hi)``."""
    start = lo
    for m in _SENTENCE_END.finditer(src, lo, pos):
        start = m.end()
    last = _SENTENCE_END.search(src, pos, hi)
    return start, (last.end() if last else hi)


def _clause_start(src: str, s_start: int, pos: int) -> int:
    cut = s_start
    for m in _CLAUSE_BREAK.finditer(src, s_start, pos):
        cut = m.end()
    return cut


def _past_only(word: str) -> bool:
    """True for a lower-case past form that is no base form: "ticket closed" is no instruction."""
    return (
        word.islower()
        and not lexicon.is_base_verb(word)
        and bool({"VBD", "VBN"} & lexicon.forms(word))
    )


def _has_instruction(src: str, lo: int, hi: int, found: tuple[int, int]) -> bool:
    """True when a clause of src[lo:hi] opens with an instruction ("Open it on your laptop").

    An instruction inside the ``found`` match ("Please take this up with someone
    else") is the fault itself, not a way out.
    """
    for m in _CLAUSE_HEAD.finditer(src[lo:hi]):
        word, after = m.group(1), m.group(2).lower().strip(".,;:")
        if found[0] <= lo + m.start(1) < found[1]:
            continue
        if (
            word.lower() not in _NOT_IMPERATIVE
            and after not in NOT_AFTER_IMPERATIVE
            and not _SUBJECT_THEN_VERB.match(src, lo + m.end(2))
            and not _past_only(after)
            and lexicon.is_base_verb(word)
        ):
            return True
    return False
