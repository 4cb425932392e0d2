"""Rules that read the text as written are reused line by line on relint, with the same answer."""

from __future__ import annotations

import re

import pytest

from kbeditor.article import parse_article
from kbeditor.lint.lines import confined_to_line

RULES = {
    # stays inside one line: checked again only where a line changed
    "Todo": "extends: existence\nmessage: \"Finish '%s'.\"\nscope: raw\nnonword: true\ntokens: ['\\bTODO\\b', '(?<![`])\\[add [a-z ]+\\]']\n",
    # may run over a line break: checked over the whole text every time
    "Split": "extends: existence\nmessage: \"Split '%s'.\"\nscope: raw\nnonword: true\ntokens: ['\\bsign\\s+in\\b']\n",
}

ARTICLE = """---
title: Reset your password
---
# Reset your password

Open the portal and sign
in with your account.

```
TODO: this placeholder is in a code block
```

Select **Reset**.
"""


@pytest.mark.parametrize(
    ("pattern", "confined"),
    [
        (r"\bTODO\b", True),
        (r"(?<![`])\[add [a-z ]+\](?![(])", True),
        (r"^Note:$", True),
        (r"\bsign\s+in\b", False),  # \s takes a line break
        (r"[^\]]+", False),  # so does a negated class that does not name it
        (r"(?<=ab)c", False),  # a look-behind wider than one character
        (r"end\Z", False),
    ],
)
def test_which_patterns_stay_inside_a_line(pattern, confined):
    assert confined_to_line(re.compile(pattern, re.MULTILINE)) is confined


def _edit(text: str, after: str, insert: str) -> str:
    at = text.index(after) + len(after)
    return text[:at] + insert + text[at:]


def test_relint_finds_what_a_full_lint_finds_in_changed_and_moved_lines(styles):
    for name, body in RULES.items():
        styles.rule(name, body)
    linter = styles.linter()
    first = linter.check(parse_article(ARTICLE))
    assert [(d.rule, d.line) for d in first] == [("Test.Split", 6), ("Test.Todo", 10)]

    # a new line with a prompt above the code block: the code block's TODO moves down a line
    text = _edit(ARTICLE, "in with your account.", "\nThe fix ships on [add the date].")
    edited = parse_article(text)
    again = linter.relint(edited, first)
    assert again.diagnostics == linter.check(edited).diagnostics
    assert [(d.rule, d.line, d.match) for d in again] == [
        ("Test.Split", 6, "sign\nin"),
        ("Test.Todo", 8, "[add the date]"),
        ("Test.Todo", 11, "TODO"),
    ]

    # the line break inside "sign in" removed, the prompt filled in
    text = edited.text.replace("sign\nin", "sign in").replace("[add the date]", "June 3")
    joined = parse_article(text)
    last = linter.relint(joined, again)
    assert last.diagnostics == linter.check(joined).diagnostics
    assert [(d.rule, d.line, d.match) for d in last] == [
        ("Test.Split", 6, "sign in"),
        ("Test.Todo", 10, "TODO"),
    ]
