"""``kb_sections``: the article's sections, in the order a blocked reader needs them.

A rule names section *roles* and the headings that count for each::

    headings:
      symptom: [Symptoms?, Problem, Issue, What you see]
      recovery: [Resolution, Solution, Workaround, Fix(?: it)?, Steps]

and then asks for one of three things (a rule may combine them, each finding
then carries the role names as ``%s`` arguments):

- ``first: [symptom]``: the first section has one of these roles;
- ``before: [recovery, cause]``: the first section of the first role comes
  before any section of the second (reported at the second's heading);
- ``required: [symptom, recovery]``: each role has a section (args: the role
  and the first accepted heading, as an example).

A lead paragraph of at least ``intro_words`` words before the first heading
counts as a section of role ``intro_role`` (default ``symptom``), since many
articles open with the symptom in a sentence; 0, the default, turns that off.

With ``steps_role: recovery``, any section that holds a numbered list also
counts as a section of that role for ``required`` (a guide may head its steps
by scenario: "If the site is on hold", "Site collection is locked").

Only top-level sections count (a leading single h1 is the title). Headings
match at their start, ignoring case and numbering ("Resolution 2" is a
resolution).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.kinds.kb_outline import (
    anchor,
    heading_list,
    heading_pattern,
    heading_words,
    intro_words,
    section_anchor,
    sections_matching,
    top_sections,
)
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "kb_sections"
FIELDS = {
    "headings": dict,
    "first": (list, str),
    "before": list,
    "required": (list, str),
    "intro_words": int,
}
REQUIRED = ("headings", "first|before|required")


def compile(spec: dict, rule: RuleContext) -> SectionsCheck:
    raw = {
        str(role): heading_list(rule, f"headings.{role}", h) for role, h in spec["headings"].items()
    }
    roles = {role: heading_pattern(rule, f"headings.{role}", h) for role, h in raw.items()}
    examples = {role: _example(h) for role, h in raw.items()}

    def known(field: str, names: object) -> tuple[str, ...]:
        names = [names] if isinstance(names, str) else list(names or [])
        for n in names:
            if n not in roles:
                raise rule.error(field, f"'{n}' is not a role listed under 'headings'")
        return tuple(names)

    before = known("before", spec.get("before"))
    if before and len(before) != 2:
        raise rule.error("before", "give two roles: the one that must come first, then the other")
    return SectionsCheck(
        roles={k: v for k, v in roles.items() if v is not None},
        examples=examples,
        first=known("first", spec.get("first")),
        before=before,
        required=known("required", spec.get("required")),
        intro_words=int(spec.get("intro_words") or 0),
        intro_role=str(spec.get("intro_role", "symptom")),
        steps_role=str(spec.get("steps_role", "")),
    )


def _example(headings: object) -> str:
    first = headings[0] if isinstance(headings, list) and headings else str(headings or "")
    return re.sub(r"\(\?:([^|)]*)[^)]*\)\??|[\\^$?*+]", r"\1", first).strip()


@dataclass(slots=True)
class SectionsCheck:
    roles: dict[str, re.Pattern[str]]
    examples: dict[str, str]
    first: tuple[str, ...]
    before: tuple[str, ...]
    required: tuple[str, ...]
    intro_words: int
    intro_role: str
    steps_role: str
    local: bool = False

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        article = ctx.article
        if self.first:
            yield from self._first(ctx)
        if self.before:
            yield from self._order(ctx)
        for role in self.required:
            if sections_matching(article, self.roles.get(role)):
                continue
            if role == self.intro_role and self._intro_counts(ctx):
                continue
            if role == self.steps_role and any(
                b.kind == "list_item" and b.ordered for b in article.blocks
            ):
                continue
            s, e = anchor(article)
            yield Match(s, e, (role, self.examples.get(role, role)))

    def _intro_counts(self, ctx: LintContext) -> bool:
        return self.intro_words > 0 and intro_words(ctx.article) >= self.intro_words

    def _first(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        tops = top_sections(article)
        if not tops or (self.intro_role in self.first and self._intro_counts(ctx)):
            return
        head = tops[0]
        words = heading_words(article, head)
        if any(self.roles[r].search(words) for r in self.first if r in self.roles):
            return
        s, e = section_anchor(article, head)
        wanted = self.first[0]
        yield Match(s, e, (wanted, self.examples.get(wanted, wanted)))

    def _order(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        early, late = self.before
        first_early = sections_matching(article, self.roles.get(early))
        late_sections = sections_matching(article, self.roles.get(late))
        if not first_early or not late_sections:
            return
        boundary = first_early[0].start
        for sec in late_sections:
            if sec.start < boundary:
                s, e = section_anchor(article, sec)
                yield Match(s, e, (late, early))
                return
