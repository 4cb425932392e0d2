"""``kb_link_text``: link text says where the link goes.

A screen-reader user often jumps from link to link, hearing only the link
text; "click here" or "this link" tells them nothing. The rule reports a link
whose text, without emphasis and punctuation, is one of ``generic`` (words or
regexes, whole text, any case). The message's ``%s`` is the link text.

A link to a section of the same article (``#anchor``) whose text names that
section ("[More information](#more-information)") says where it goes: the
reader knows the heading. One generic word alone ("[here](#here)", "[more](#more)")
is still reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.rules import RuleContext

KIND = "kb_link_text"
DOCUMENT = True
_URL = re.compile(r"(?:https?://|www\.)\S+$")
FIELDS = {"generic": list}
REQUIRED = ("generic",)


def compile(spec: dict, rule: RuleContext) -> LinkTextCheck:
    generic = spec["generic"]
    if not all(isinstance(g, str) for g in generic):
        raise rule.error("generic", "must be a list of link texts")
    pattern = rule.regex("generic", "|".join(f"(?:{g})" for g in generic), ignorecase=True)
    return LinkTextCheck(pattern)


@dataclass(slots=True)
class LinkTextCheck:
    generic: re.Pattern[str]

    def run(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        for link in article.links:
            if link.image:
                continue
            shown = link.text(article.text).strip("*_` ")
            if not _URL.match(shown):  # an address keeps its underscores and brackets
                shown = " ".join(re.sub(r"[*_`\[\]]", " ", shown).split())
            shown = shown.strip(" .,:;!?\"'“”‘’")
            if self.generic.fullmatch(shown) and not _names_section(shown, link.target):
                yield Match(link.start, link.end, (shown,))


def _slug(text: str) -> str:
    """A heading's anchor as Markdown renderers make it: lower case, words joined by hyphens."""
    return re.sub(r"[\s_]+", "-", re.sub(r"[^\w\s-]", "", text.lower())).strip("-")


def _names_section(shown: str, target: str) -> bool:
    """Whether the link goes to a section of this article that its text names (two words or more)."""
    return target.startswith("#") and len(shown.split()) > 1 and _slug(shown) == _slug(target[1:])
