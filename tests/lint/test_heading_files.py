"""Heading lists shared by several KB rules live in data files the rules point at."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbeditor.article import parse_article
from kbeditor.lint.engine import Linter
from kbeditor.lint.rules import RuleError, load_rule_file

KB = Path(__file__).resolve().parents[2] / "lint_rules" / "KB"

RULE = """\
extends: kb_sections
message: "Add a %s section (for example '%s')."
level: warning
required: [recovery]
headings:
  recovery:
    - file: data/recovery.txt
    - 'Try this'
"""


def _style(tmp_path: Path, lines: str | None) -> Path:
    style = tmp_path / "House"
    (style / "data").mkdir(parents=True)
    (style / "Sections.yml").write_text(RULE, encoding="utf-8")
    if lines is not None:
        (style / "data" / "recovery.txt").write_text(lines, encoding="utf-8")
    return style


def test_a_heading_file_and_inline_headings_both_count(tmp_path):
    style = _style(tmp_path, "# recovery headings\nResolution\nWorkarounds?\n\n")
    linter = Linter.from_styles([style])
    assert not linter.errors

    def findings(text: str) -> list[str]:
        return [d.message for d in linter.lint(parse_article(text))]

    assert findings("# T\n\n## Workaround 2\n\nDo it.\n") == []
    assert findings("# T\n\n## Try this\n\nDo it.\n") == []
    # the example in the message is the first heading of the file
    assert findings("# T\n\n## Cause\n\nIt broke.\n") == [
        "Add a recovery section (for example 'Resolution')."
    ]


def test_a_missing_heading_file_is_one_clear_error_naming_the_field(tmp_path):
    style = _style(tmp_path, None)
    with pytest.raises(RuleError) as err:
        load_rule_file(style / "Sections.yml")
    assert "headings.recovery" in str(err.value) and "data/recovery.txt" in str(err.value)


def test_the_kb_style_shares_its_heading_lists(tmp_path):
    shared = {"recovery-headings.txt", "symptom-headings.txt", "escalation-headings.txt"}
    assert shared <= {p.name for p in (KB / "data").iterdir()}
    users = {
        name: sum(f"data/{name}" in p.read_text(encoding="utf-8") for p in KB.glob("*.yml"))
        for name in shared
    }
    assert users == {
        "recovery-headings.txt": 6,
        "symptom-headings.txt": 2,
        "escalation-headings.txt": 2,
    }
