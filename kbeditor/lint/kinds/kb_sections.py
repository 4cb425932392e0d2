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

``required`` only makes sense for an article about one problem. With
``only_if_any: [problem, recovery]`` it applies when a top-level section is
headed as one of those roles, or (``quoted_title: true``) when the title quotes
the message the reader sees; reference pages ("Summary", "More information"),
FAQs and guides whose sections are scenarios have neither, and are left alone.
An article with more than one section of the first of those roles ("Issue:
the buttons don't appear", "Issue: no notification") covers several problems,
each with its own answer, and is left alone too.

Two more ways a role can be present for ``required``: with ``table_role:
recovery`` a table with a column headed as that role (an error catalogue's
"Solution" column) counts; and ``waived_by: {recovery: [by design, ...]}``
drops the requirement when the prose says so (an article that tells the
reader the behaviour is expected, or that they can ignore the message, has
answered them; there is nothing to recover from).

Only top-level sections count (a leading single h1 is the title). Headings
match at their start, ignoring case and numbering ("Resolution 2" is a
resolution).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.outline import (
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

KIND = "kb_sections"
DOCUMENT = True
FIELDS = {
    "headings": dict,
    "first": (list, str),
    "before": list,
    "required": (list, str),
    "intro_words": int,
    "only_if_any": (list, str),
    "quoted_title": bool,
    "table_role": str,
    "waived_by": dict,
}
REQUIRED = ("headings", "first|before|required")


def compile(spec: dict, rule: RuleContext) -> SectionsCheck:
    raw = {
        str(role): heading_list(rule, f"headings.{role}", h) for role, h in spec["headings"].items()
    }
    roles = {role: heading_pattern(rule, f"headings.{role}", h) for role, h in raw.items()}
    examples = {role: _example(h) for role, h in raw.items()}

    def known(key: str, names: Any) -> tuple[str, ...]:
        names = [names] if isinstance(names, str) else list(names or [])
        for n in names:
            if n not in roles:
                raise rule.error(key, f"'{n}' is not a role listed under 'headings'")
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
        only_if_any=known("only_if_any", spec.get("only_if_any")),
        quoted_title=bool(spec.get("quoted_title", False)),
        table_role=str(spec.get("table_role", "")),
        waived_by=_waivers(spec.get("waived_by") or {}, rule, known),
    )


def _waivers(
    spec: dict, rule: RuleContext, known: Callable[[str, object], tuple[str, ...]]
) -> dict[str, re.Pattern[str]]:
    """The phrases that make each role unnecessary, one pattern per role."""
    out = {}
    for role, phrases in spec.items():
        known("waived_by", [role])
        if isinstance(phrases, str):
            phrases = [phrases]
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise rule.error(f"waived_by.{role}", "must be a list of phrases (regular expressions)")
        pattern = rule.any_of(f"waived_by.{role}", phrases, r"\b", r"\b")
        if pattern is not None:  # an empty list waives nothing
            out[str(role)] = pattern
    return out


# A message quoted in a title: "Something went wrong" when you open ...
_QUOTED = re.compile(r'"[^"]{4,}"|\u201c[^\u201d]{4,}\u201d')


def _undecorated_cell(cell: str) -> str:
    return cell.strip().strip("*_ ").strip()


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
    only_if_any: tuple[str, ...] = ()
    quoted_title: bool = False
    table_role: str = ""
    waived_by: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def run(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        if self.first:
            yield from self._first(ctx)
        if self.before:
            yield from self._order(ctx)
        if self.required and self._about_one_problem(article):
            yield from self._required(ctx)

    def _about_one_problem(self, article: Article) -> bool:
        """Whether the article reads as one problem and its fix (see the module docstring)."""
        if not self.only_if_any:
            return True
        found = [sections_matching(article, self.roles.get(r)) for r in self.only_if_any]
        if len(found[0]) > 1:
            return False
        if any(found):
            return True
        return self.quoted_title and bool(_QUOTED.search(article.title or ""))

    def _required(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        for role in self.required:
            if sections_matching(article, self.roles.get(role)):
                continue
            if role == self.intro_role and self._intro_counts(ctx):
                continue
            if role == self.steps_role and any(
                b.kind == "list_item" and b.ordered for b in article.blocks
            ):
                continue
            if role == self.table_role and self._table_column(article, self.roles.get(role)):
                continue
            waiver = self.waived_by.get(role)
            if waiver is not None and waiver.search(article.mask):
                continue
            s, e = anchor(article)
            yield Match(s, e, (role, self.examples.get(role, role)))

    @staticmethod
    def _table_column(article: Article, pattern: re.Pattern[str] | None) -> bool:
        """Whether a table has a column headed as this role (| Error | Solution |)."""
        if pattern is None:
            return False
        for b in article.blocks:
            if b.kind == "table":
                header = article.text[b.start : b.end].split("\n", 1)[0]
                cells = (_undecorated_cell(c) for c in header.strip().strip("|").split("|"))
                if any(pattern.search(c) for c in cells if c):
                    return True
        return False

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
