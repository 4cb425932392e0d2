"""``kb_steps``: each numbered step starts with a verb and holds one action.

Fields:

- ``require``: ``verb-first`` (a step opens with an instruction verb, after an
  optional condition such as "If the window opens," or "In Outlook,") or
  ``one-action`` (at most ``max_actions`` instructions per step, counting
  "..., then select", "... and close", "; type" and further sentences that
  start with a verb);
- ``verbs`` / ``verbs_file``: the instruction verbs (a word file beside the rule);
- ``lexicon``: when true, any verb in its base form counts as well, by the
  English lexicon (:mod:`kbeditor.lexicon`): "Reinvite", "Instruct", "Override";
  "You can ..." and "The button ..." still do not;
- ``max_actions``: default 2 ("Select Sign out, then confirm" is fine);
- ``navigation`` / ``navigation_file``: verbs that only move through one screen
  ("select", "click", "right-click", "scroll"): a sentence of them is one small
  task ("Right-click the folder, select Properties, and then select the Security
  tab"), and they ride along with a task verb in the same sentence ("Configure
  the settings, select Next, and then select Finish");
- ``explains``: sentences that only say how to do the step before them ("To do
  this, select Start ...", "For example, ...") and add no action of their own;
- ``skip_headings``: sections whose numbered lists are not steps (Symptoms, Cause ...);
- ``min_verb_share``: a numbered list is a procedure, and checked, only when at
  least this share of its items start with a verb (default 0.5); a numbered
  list of scenarios, values or versions is not a set of steps.

The message's ``%s`` is the step's first word (verb-first) or the number of
actions found (one-action).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.memo import Memo
from kbeditor.lint.outline import (
    ListRun,
    OffsetRanges,
    heading_pattern,
    item_span,
    sections_matching,
    sentences_in,
    shared_list_runs,
)
from kbeditor.lint.phrases import (
    JOINER,
    instruction_verb,
    instruction_verb_at,
    phrases,
    word_set,
    words,
)
from kbeditor.lint.rules import RuleContext

KIND = "kb_steps"
DOCUMENT = True
FIELDS = {
    "require": str,
    "verbs": list,
    "verbs_file": str,
    "max_actions": int,
    "skip_headings": list,
    "min_verb_share": (float, int),
    "lexicon": bool,
    "navigation": list,
    "navigation_file": str,
    "explains": list,
}
REQUIRED = ("require", "verbs|verbs_file")
_REQUIREMENTS = ("verb-first", "one-action")
# A further instruction inside a step: ", then select", " and then type", "; close", " and restart".
_CONDITIONAL = re.compile(r"\s*(?:if|when|unless|otherwise)\b", re.IGNORECASE)


def compile(spec: dict, rule: RuleContext) -> StepsCheck:
    require = spec["require"]
    if require not in _REQUIREMENTS:
        raise rule.error("require", f"must be one of {', '.join(_REQUIREMENTS)}")
    verbs = word_set(rule, spec, "verbs", "verbs_file")
    if not verbs:
        raise rule.error("verbs", "the verb list is empty")
    return StepsCheck(
        require=require,
        verbs=verbs,
        max_actions=int(spec.get("max_actions", 2)),
        skip=heading_pattern(rule, "skip_headings", spec.get("skip_headings")),
        min_verb_share=float(spec.get("min_verb_share", 0.5)),
        lexicon=bool(spec.get("lexicon", False)),
        navigation=word_set(rule, spec, "navigation", "navigation_file"),
        explains=phrases(rule, spec, "explains"),
    )


@dataclass(slots=True)
class StepsCheck:
    require: str
    verbs: frozenset[str]
    max_actions: int
    skip: re.Pattern[str] | None
    min_verb_share: float
    lexicon: bool = False
    navigation: frozenset[str] = frozenset()
    explains: re.Pattern[str] | None = None
    _actions: Memo[tuple[str, tuple[tuple[int, int], ...]], int] = field(
        default_factory=Memo, repr=False, compare=False
    )
    # The findings of each numbered list, relative to its start, by what they depend on.
    _lists: Memo[tuple[object, ...], tuple[Match, ...]] = field(
        default_factory=Memo, repr=False, compare=False
    )

    def run(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        skipped = OffsetRanges.of_sections(sections_matching(article, self.skip, any_level=True))
        for run in shared_list_runs(ctx):
            if not run.ordered:
                continue
            key, base = _run_key(article, run, skipped)
            found = self._lists.get(key)
            if found is None:
                checked = self._check_list(ctx, run, skipped)
                found = self._lists[key] = tuple(m.shifted(-base) for m in checked)
            for m in found:
                yield m.shifted(base)

    def _check_list(self, ctx: LintContext, run: ListRun, skipped: OffsetRanges) -> Iterator[Match]:
        """The findings in one numbered list (worked out again only when the list changed)."""
        article = ctx.article
        items = [i for i in run.items if article.blocks[i].start not in skipped]
        items = [i for i in items if not self._opens_with_code(article, i)]
        spans = [item_span(article, i) for i in items]
        if not spans or not self._is_procedure(article, spans):
            return
        for i, (start, end) in zip(items, spans, strict=True):
            if self.require == "verb-first":
                if not _branch_header(article.mask[start:end]):
                    yield from self._verb_first(ctx, start, end)
            else:  # the step itself; notes and sub-steps below it are not counted
                yield from self._one_action(ctx, start, article.blocks[i].end)

    def _opens_with_code(self, article: Article, index: int) -> bool:
        b = article.blocks[index]
        return article.text[b.start : b.end].lstrip(" \t>0123456789.)").startswith("`")

    def _is_procedure(self, article: Article, spans: list[tuple[int, int]]) -> bool:
        verbs = sum(
            1 for s, e in spans if instruction_verb(article.mask[s:e], self.verbs, self.lexicon)
        )
        return verbs / len(spans) >= self.min_verb_share

    def _verb_first(self, ctx: LintContext, start: int, end: int) -> Iterator[Match]:
        article = ctx.article
        text = article.mask[start:end]
        if instruction_verb(text, self.verbs, self.lexicon) is not None:
            return
        first = _first_sentence(ctx, start, end)
        if _CONDITIONAL.match(article.mask[first[0] : first[1]]) and self._acts_later(
            ctx, start, end
        ):
            return  # "If it happens again on one device, ... Reimage the device.": a branch
        found = words(article.mask[first[0] : first[1]])
        yield Match(first[0], first[1], (found[0] if found else "",))

    def _acts_later(self, ctx: LintContext, start: int, end: int) -> bool:
        """Whether a sentence after the first opens with an instruction (not with ``explains``:
        "For more information, see ..." points to reading, it asks for nothing)."""
        mask = ctx.article.mask
        return any(
            instruction_verb(mask[s:e], self.verbs, self.lexicon)
            and not (self.explains is not None and self.explains.match(mask[s:e].lstrip()))
            for s, e in _sentences(ctx, start, end)[1:]
        )

    def _one_action(self, ctx: LintContext, start: int, end: int) -> Iterator[Match]:
        article = ctx.article
        sentences = _sentences(ctx, start, end)
        # The count depends on the step's text and its sentences only: cached for relints.
        key = (article.mask[start:end], tuple((s - start, e - start) for s, e in sentences))
        count = self._actions.get(key)
        if count is None:
            count = self._actions[key] = self._count_actions(article.mask, sentences)
        if count > self.max_actions:
            s, e = sentences[0]
            yield Match(s, e, (str(count),))

    def _count_actions(self, mask: str, sentences: list[tuple[int, int]]) -> int:
        """Tasks in a step, sentence by sentence (see :meth:`_tasks`)."""
        count = 0
        for n, (s, e) in enumerate(sentences):
            sentence = mask[s:e]
            if n > 0 and _CONDITIONAL.match(sentence):
                continue  # "If you do not see From, open ...": a fallback, not a further step
            if n > 0 and self.explains is not None and self.explains.match(sentence.lstrip()):
                continue  # "To do this, select Start ...": how to do the step, not another one
            found = instruction_verb_at(sentence, self.verbs)
            if not found:
                continue
            rest = sentence[found[1] :]
            said = [
                found[0],
                *(m.group(1) for m in JOINER.finditer(rest) if m.group(1) in self.verbs),
            ]
            count += self._tasks([v.lower() in self.navigation for v in said])
        return count

    @staticmethod
    def _tasks(navigation: list[bool]) -> int:
        """Each task verb is a task; a run of navigation is one, unless it follows a task (then
        it finishes that task on the same screen: "Configure ..., select Next, select Finish")."""
        tasks, after = 0, False
        for is_nav in navigation:
            if not is_nav or not after:
                tasks, after = tasks + 1, True
        return tasks


def _run_key(
    article: Article, run: ListRun, skipped: OffsetRanges
) -> tuple[tuple[object, ...], int]:
    """What a numbered list's findings depend on, and where it starts.

    From its first item to the end of its last (with the paragraphs that belong
    to it): the text and mask (the steps' words, their sentences), the blocks'
    kinds, depths and places (what belongs to which step), which items sit in a
    skipped section; offsets relative to the list's start.
    """
    blocks = article.blocks
    first, last = run.items[0], run.items[-1]
    base = blocks[first].start
    end = item_span(article, last)[1]
    k = last + 1
    while k < len(blocks) and blocks[k].start < end:
        k += 1
    shape = tuple((b.kind, b.depth, b.start - base, b.end - base) for b in blocks[first:k])
    items = tuple(i - first for i in run.items)
    inside = tuple(blocks[i].start in skipped for i in run.items)
    key = (article.text[base:end], article.mask[base:end], shape, items, inside)
    return key, base


def _sentences(ctx: LintContext, start: int, end: int) -> list[tuple[int, int]]:
    return sentences_in(ctx, start, end) or [(start, end)]


def _first_sentence(ctx: LintContext, start: int, end: int) -> tuple[int, int]:
    s, e = _sentences(ctx, start, end)[0]
    return s, e


def _branch_header(text: str) -> bool:
    """ "If NETWORK SERVICE isn't listed:" introduces sub-steps; it is not a step itself."""
    return bool(_CONDITIONAL.match(text.strip())) and text.strip().endswith(":")
