"""``kb_title``: the title names what the reader sees, not a vague "issue".

Readers pick an article from a list of titles, by the symptom in front of
them. ``opens_with`` lists phrases (regexes, any case, word boundaries) that
say nothing about the symptom when a title opens with them ("Issue when you
...", "Problems with ..."); such a title is reported. The title is the front
matter's ``title:`` value, reported on that line, as search results and the
article list show it; without one, the first level-1 heading. The message's
``%s`` is the matched phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.phrases import phrases
from kbeditor.lint.rules import RuleContext

KIND = "kb_title"
DOCUMENT = True
FIELDS = {"opens_with": list}
REQUIRED = ("opens_with",)
# The front matter's title line: "title: ...", the value optionally quoted.
_TITLE_LINE = re.compile(r"^title:[ \t]*[\"']?(?P<value>[^\n]*?)[\"']?[ \t]*$", re.MULTILINE)


def compile(spec: dict, rule: RuleContext) -> TitleCheck:
    opens_with = phrases(rule, spec, "opens_with", required=True)
    assert opens_with is not None
    return TitleCheck(opens_with=opens_with)


@dataclass(slots=True)
class TitleCheck:
    opens_with: re.Pattern[str]

    def run(self, ctx: LintContext) -> Iterator[Match]:
        found = _title_span(ctx.article)
        if found is None:
            return
        m = self.opens_with.match(ctx.article.text, *found)
        if m:
            yield Match(m.start(), m.end(), (m.group(0),))


def _title_span(article: Article) -> tuple[int, int] | None:
    """Where the title's words are: the front-matter value, else the first level-1 heading."""
    m = _TITLE_LINE.search(article.text, 0, article.body_start)
    if m:
        return m.start("value"), m.end("value")
    for h in article.headings:
        if h.level == 1:
            text = article.text[h.start : h.end]
            return h.start + len(text) - len(text.lstrip("# \t")), h.end
    return None
