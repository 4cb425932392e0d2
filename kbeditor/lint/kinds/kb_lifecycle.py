"""``kb_lifecycle``: an article past its review date, or with no owner.

A rule asks for one of two things with ``require:``:

- ``review``: the article's review date (front-matter ``review_by``, else
  ``updated`` plus the workspace's ``[workspace] review_after_days``, see
  :mod:`kbeditor.lifecycle`) has passed. The message's ``%s`` are the review
  date and how many days ago it was. An article with neither date is left to
  ``require: dated``.
- ``dated``: the article has neither ``updated`` nor ``review_by``, so nobody
  can tell when it was last checked.
- ``owner``: the front matter names no ``owner``.

The finding sits on the front-matter line of the key concerned (or the first
line of the article), so the writer sees it where the fix goes. The result
depends on today's date: caches of lint results must not keep this kind's
findings across days (the health report computes freshness itself).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor import lifecycle
from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.rules import RuleContext

KIND = "kb_lifecycle"
DOCUMENT = True
FIELDS = {"require": str}
REQUIRED = ("require",)
REQUIREMENTS = ("review", "dated", "owner")


def compile(spec: dict, rule: RuleContext) -> LifecycleCheck:
    wanted = spec.get("require")
    if wanted not in REQUIREMENTS:
        raise rule.error("require", f"must be one of: {', '.join(REQUIREMENTS)}")
    return LifecycleCheck(wanted)


@dataclass(slots=True)
class LifecycleCheck:
    require: str

    def run(self, ctx: LintContext) -> Iterator[Match]:
        meta = ctx.article.metadata
        if self.require == "owner":
            if lifecycle.owner_of(meta) is None:
                yield _at_key(ctx.article, "owner")
            return
        if self.require == "dated":
            if meta.updated is None and meta.review_by is None:
                yield _at_key(ctx.article, "updated")
            return
        days = lifecycle.review_days_for(ctx.article.path)
        state = lifecycle.freshness(meta, dt.date.today(), days)
        if state.stale and state.review_by is not None and state.days_left is not None:
            key = state.set_by or "updated"
            ago = -state.days_left
            found = _at_key(ctx.article, key)
            yield Match(
                found.start,
                found.end,
                (state.review_by.isoformat(), f"{ago} day{'s' if ago != 1 else ''}"),
            )


def _at_key(article: Article, key: str) -> Match:
    """The front-matter line of ``key``, else the front matter's first line, else line 1."""
    text = article.text
    fm = article.front_matter
    if fm is not None:
        found = re.search(rf"^{re.escape(key)}[ \t]*:.*$", text[: fm.yaml_end], re.MULTILINE)
        if found and found.start() >= fm.yaml_start:
            return Match(found.start(), max(found.end(), found.start() + 1))
        first = text.find("\n", fm.yaml_start)
        start = fm.yaml_start if fm.yaml_start < fm.yaml_end else 0
        return Match(start, max(start + 1, first if first > 0 else start + 1))
    end = text.find("\n")
    return Match(0, max(1, end if end > 0 else len(text)))
