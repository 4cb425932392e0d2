"""What a relint works out for the changed part alone gives the same answer as the whole article:
rules over the text as written, reused line by line, and scopes worked out per block."""

from __future__ import annotations

import re

import pytest

from kbeditor.article import load_article, parse_article
from kbeditor.lint.lines import confined_to_line
from kbeditor.lint.scope import Ranges, block_scope_spans, parse_scope, per_block, scope_spans

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


@pytest.mark.parametrize(
    "scope", ["text", "paragraph,list,heading", "paragraph,list", "sentence", "sentence,heading"]
)
def test_a_scope_worked_out_per_block_is_the_blocks_share_of_the_whole(sample_kb, scope):
    parsed = parse_scope(scope)
    assert per_block(parsed)
    checked = 0
    for path in sorted(sample_kb.rglob("*.md")):
        article = load_article(path)
        whole = Ranges(scope_spans(article, parsed), article.mask)
        for i, block in enumerate(article.blocks):
            if block.is_prose:
                share = list(whole.subset(block.start, block.end))
                assert block_scope_spans(article, parsed, i) == share, (path.name, i)
                checked += bool(share)
    assert checked > 50


def test_scopes_with_exclusions_are_worked_out_over_the_whole_article():
    assert not per_block(parse_scope(["text", "~heading"]))
    assert not per_block(parse_scope("table.header"))
