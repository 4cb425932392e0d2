"""``kb_empathy``: an apology or sympathy must come with an action or a next step.

"We apologise for any inconvenience" on its own tells a blocked reader
nothing they can use. The rule reports an ``apology`` phrase when the same
paragraph (or list item) holds no action: no ``actions`` phrase ("we will",
"next update", "contact" ...) and no sentence that starts with an instruction
verb (``verbs`` / ``verbs_file``). With neither, every apology phrase is
reported (for stock phrases that never help). ``apology`` and ``actions`` are
templates over the ``words`` classes (:mod:`kbeditor.lint.phrase_templates`);
with ``lexicon: true`` any sentence that opens with a verb in its base form
counts as an instruction. Apologies quoted from the
screen ("Sorry, we can't sign you in") are not the writer's and are skipped:
text in quotation marks or bold, after a colon, or in a plain block quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.matching import CompiledPattern
from kbeditor.lint.phrase_templates import Templates, compile_templates, word_classes
from kbeditor.lint.phrases import (
    in_bold,
    in_quotation,
    instruction_verb,
    word_set,
)
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

# "- > Sorry, something went wrong.": a quoted message as a list item
_QUOTED_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]+>")
_CLAUSES = re.compile(r"[:;]\s+|,\s+(?:so|then|and then)\s+")
KIND = "kb_empathy"
FIELDS = {
    "apology": list,
    "actions": list,
    "verbs": list,
    "verbs_file": str,
    "words": dict,
    "lexicon": bool,
}
REQUIRED = ("apology",)


def _quoted_block(article: Article, pos: int) -> bool:
    """True inside a plain block quote, also one nested in a list item ("- > Sorry, ...")."""
    block = article.block_at(pos)
    if block is None:
        return False
    if block.quote_depth > 0:
        return block.alert is None
    line_start = article.text.rfind("\n", 0, pos) + 1
    return _QUOTED_ITEM.match(article.text, line_start) is not None


def compile(spec: dict, rule: RuleContext) -> EmpathyCheck:
    classes = word_classes(rule, spec)
    apology = compile_templates(rule, spec, "apology", classes, required=True)
    assert apology is not None
    apology_pattern = _plain(rule, apology, "apology")
    assert apology_pattern is not None  # _plain returns None only for an absent field
    return EmpathyCheck(
        apology=CompiledPattern.of(apology_pattern),
        actions=_plain(rule, compile_templates(rule, spec, "actions", classes), "actions"),
        verbs=word_set(rule, spec, "verbs", "verbs_file"),
        lexicon=bool(spec.get("lexicon", False)),
    )


def _plain(rule: RuleContext, found: Templates | None, name: str) -> re.Pattern[str] | None:
    if found is not None and (found.checks or found.starts):
        raise rule.error(
            name, "{VB} and {START} slots are not supported here: use {VERB:class} or {~verb}"
        )
    return found.pattern if found is not None else None


@dataclass(slots=True)
class EmpathyCheck:
    apology: CompiledPattern
    actions: re.Pattern[str] | None
    verbs: frozenset[str]
    lexicon: bool = False
    local: bool = True

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        article = ctx.article
        src = ranges.source
        for s, e, matches in self.apology.finditer_by_span(ranges):
            if not matches:
                continue
            found = [
                m
                for m in matches
                if not _quoted_block(article, m.start())
                and self._writers_own(src, s, m)
                and not in_bold(article.text, s, m.start())
            ]
            if found and not self._has_action(article, src, s, e):
                for m in found:
                    yield Match(m.start(), m.end(), (m.group(0),))

    def _writers_own(self, src: str, start: int, m: re.Match[str]) -> bool:
        if in_quotation(src, m.end()):
            return False
        before = src[start : m.start()]
        sentence_start = max(before.rfind(". "), before.rfind("! "), before.rfind("? "))
        return ":" not in before[sentence_start + 1 :]

    def _has_action(self, article: Article, src: str, s: int, e: int) -> bool:
        if self.actions is not None and self.actions.search(src, s, e):
            return True
        if not self.verbs and not self.lexicon:
            return False
        for sent in article.sentences:
            if not s <= sent.start < e:
                continue
            # "Apologies for the audio problems: install version 6.0.2" acts after its colon;
            # "Thank you for your patience." opens with a verb but is no instruction.
            for clause in _CLAUSES.split(src[sent.start : sent.end]):
                if not self.apology.search(clause, 0, len(clause)) and instruction_verb(
                    clause, self.verbs, self.lexicon
                ):
                    return True
        return False
