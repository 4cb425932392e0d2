"""Each article's id is its own: lint and export report duplicates; new articles get a free one."""

from __future__ import annotations

import shutil
from pathlib import Path

from kbeditor.article_ids import suggest, workspace_ids
from kbeditor.cli import main
from kbeditor.export.site import export_site
from kbeditor.workspace import Workspace

SCANNER = "docktrack/scanner-session-expired.md"


def _copy_with_same_id(workspace: Path) -> Path:
    copy = workspace / "docktrack" / "scanner-session-expired-again.md"
    shutil.copy(workspace / SCANNER, copy)
    return copy


def test_suggested_ids_follow_the_knowledge_base_scheme() -> None:
    assert suggest(["KB-1040", "KB-1050", "other"], "Printer offline") == "KB-1051"
    assert suggest(["a-1", "printer-offline"], "Printer offline") == "printer-offline-2"
    assert suggest([], "Printer offline") == "printer-offline"
    assert suggest(["KB-009"], "x") == "KB-010"


def test_lint_reports_a_duplicate_id_on_both_articles(workspace: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    copy = _copy_with_same_id(workspace)
    assert main(["lint", str(workspace / "docktrack"), "--format", "line"]) == 1
    out = capsys.readouterr().out
    hits = [line for line in out.splitlines() if "kbeditor.DuplicateId" in line]
    assert len(hits) == 2 and all(":3:1:" in h and "KB-1040" in h for h in hits), hits
    assert any(copy.name in h for h in hits)


def test_strict_export_fails_on_a_duplicate_id(workspace: Path, tmp_path: Path) -> None:
    _copy_with_same_id(workspace)
    summary = export_site(Workspace(workspace), tmp_path / "site", strict=True, lint=False)
    dupes = [p for p in summary.problems if "duplicate id 'KB-1040'" in p.message]
    assert {p.path for p in dupes} == {SCANNER, "docktrack/scanner-session-expired-again.md"}
    assert all(p.level == "error" and p.line == 3 for p in dupes) and not summary.ok


def test_workspace_ids_read_only_the_front_matter(workspace: Path) -> None:
    ids = workspace_ids(Workspace(workspace))
    assert ids[SCANNER] == "KB-1040" and len(set(ids.values())) == len(ids)
