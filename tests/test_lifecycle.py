"""Review dates and owners: the front matter, the workspace setting and the lint rules."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from kbeditor import lifecycle
from kbeditor.article import load_article, parse_article
from kbeditor.lint.engine import Linter

TODAY = dt.date.today()


def _article(folder: Path, name: str, front: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: Test\n{front}---\n## Symptoms\n\nIt fails.\n", encoding="utf-8")
    return path


def _rules(path: Path) -> list[str]:
    linter = Linter.for_workspace(path.parent)
    return [d.rule for d in linter.lint(load_article(path))]


def test_review_by_is_read_and_a_bad_date_is_a_problem():
    good = parse_article("---\nreview_by: 2027-03-01\n---\nText.\n")
    assert good.metadata.review_by == dt.date(2027, 3, 1)
    assert good.metadata.as_dict() == {"review_by": "2027-03-01"}
    bad = parse_article("---\nreview_by: 2027-02-30\n---\nText.\n")
    assert bad.metadata.review_by is None
    assert "review_by" in bad.errors[0].message


def test_review_date_comes_from_review_by_then_updated_plus_the_interval():
    meta = parse_article(f"---\nupdated: {TODAY - dt.timedelta(days=10)}\n---\nx\n").metadata
    state = lifecycle.freshness(meta, TODAY, after_days=30)
    assert (state.state, state.days_left, state.set_by) == ("due-soon", 20, "updated")
    assert lifecycle.freshness(meta, TODAY, after_days=5).state == "overdue"
    assert lifecycle.freshness(meta, TODAY, after_days=100).state == "current"
    unknown = lifecycle.freshness(parse_article("---\nowner: IT\n---\nx\n").metadata, TODAY)
    assert (unknown.state, unknown.owner) == ("unknown", "IT")


def test_workspace_interval_decides_when_the_rule_fires(tmp_path):
    ten_weeks_ago = TODAY - dt.timedelta(days=70)
    path = _article(tmp_path, "a.md", f"owner: Network team\nupdated: {ten_weeks_ago}\n")
    lifecycle.forget_review_days()
    assert "KB.ReviewDate" not in _rules(path)  # 180 days by default
    (tmp_path / "kbeditor.toml").write_text("[workspace]\nreview_after_days = 60\n")
    lifecycle.forget_review_days()  # a new file: looked for again
    found = [
        d
        for d in Linter.for_workspace(tmp_path).lint(load_article(path))
        if d.rule == "KB.ReviewDate"
    ]
    assert len(found) == 1 and found[0].line == 4  # the 'updated' line
    assert "10 days ago" in found[0].message


def test_owner_rule_fires_without_owner_and_its_level_is_configurable(tmp_path):
    path = _article(tmp_path, "a.md", f"updated: {TODAY}\naudience: end-user\ntype: how-to\n")
    linter = Linter.for_workspace(tmp_path)
    owner = [d for d in linter.lint(load_article(path)) if d.rule == "KB.Owner"]
    assert [d.severity for d in owner] == ["suggestion"]
    (tmp_path / "kbeditor.toml").write_text('[lint.rules]\n"KB.Owner" = "error"\n')
    linter = Linter.for_workspace(tmp_path)
    owner = [d for d in linter.lint(load_article(path)) if d.rule == "KB.Owner"]
    assert [d.severity for d in owner] == ["error"]


def test_an_edited_interval_applies_without_a_restart(tmp_path):
    config = tmp_path / "kbeditor.toml"
    config.write_text("[workspace]\nreview_after_days = 60\n")
    path = _article(tmp_path, "a.md", "owner: IT\n")
    lifecycle.forget_review_days()
    assert lifecycle.review_days_for(path) == 60
    config.write_text("[workspace]\nreview_after_days = 90\n")
    os.utime(config, ns=(config.stat().st_atime_ns, config.stat().st_mtime_ns + 10**9))
    assert lifecycle.review_days_for(path) == 90
