"""The workspace's words reach every way of linting: the command line, the editor and the
language server all accept in prose a word another article of the workspace writes as code,
and a change of those words is a change of the rule set for the lint cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbeditor.cli import main
from kbeditor.gui.linting import LintSession
from kbeditor.lint.settings import settings_for
from kbeditor.lint.workspace_words import for_settings
from kbeditor.lsp.documents import DocumentChecker

OWN = "---\ntitle: {title}\ntype: troubleshooting\naudience: end-user\n---\n"
CODE = "Run `zorbctl restart` on the server to start the service again.\n"
PROSE = "If the service stops, restart it with zorbctl and restart the computr.\n"


def _article(path: Path, title: str, body: str) -> Path:
    path.write_text(OWN.format(title=title) + body, encoding="utf-8")
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace (it has a kbeditor.toml) where one article writes `zorbctl` as code."""
    root = tmp_path / "kb"
    root.mkdir()
    (root / "kbeditor.toml").write_text("", encoding="utf-8")
    _article(root / "restart.md", "Restart the service", CODE)
    _article(root / "stops.md", "The service stops", PROSE)
    return root


def _spelling(diags) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.match for d in diags if d.rule == "KB.Spelling"]


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    main(["lint", *args, "--format", "json", "--min-level", "suggestion"])
    report = json.loads(capsys.readouterr().out)
    found = next(f for f in report["files"] if f["path"].endswith("stops.md"))
    return [d["match"] for d in found["diagnostics"] if d["rule"] == "KB.Spelling"]


def test_outside_a_workspace_the_word_is_flagged(tmp_path: Path, capsys):
    alone = _article(tmp_path / "stops.md", "The service stops", PROSE)
    assert _cli([str(alone)], capsys) == ["zorbctl", "computr"]


def test_the_command_line_accepts_a_word_another_article_writes_as_code(workspace, capsys):
    assert _cli([str(workspace), "--no-cache"], capsys) == ["computr"]
    assert _cli([str(workspace / "stops.md"), "--no-cache"], capsys) == ["computr"]


def test_changing_the_workspace_words_invalidates_the_lint_cache(workspace, capsys):
    assert _cli([str(workspace)], capsys) == ["computr"]
    assert _cli([str(workspace)], capsys) == ["computr"]  # from the cache
    _article(workspace / "restart.md", "Restart the service", "Restart the server.\n")
    # stops.md did not change, but the word it relied on is no longer the workspace's.
    assert _cli([str(workspace)], capsys) == ["zorbctl", "computr"]


def test_the_editor_accepts_a_word_another_article_writes_as_code(workspace):
    from kbeditor.article import load_article

    session = LintSession(workspace)
    assert _spelling(session.lint(load_article(workspace / "stops.md"))) == ["computr"]


def test_the_language_server_accepts_a_word_another_article_writes_as_code(workspace):
    path = workspace / "stops.md"
    text = path.read_text(encoding="utf-8")
    checked = DocumentChecker().check(path.as_uri(), path, text, 1)
    assert _spelling(checked.diagnostics) == ["computr"]
    # A checker built after another article was saved (a reload) sees that article's code words.
    _article(workspace / "other.md", "Other", "Type `flumctl`.\n")
    checked = DocumentChecker().check(path.as_uri(), path, text + "Then run flumctl.\n", 2)
    assert _spelling(checked.diagnostics) == ["computr"]


def test_the_words_are_built_once_until_an_article_changes(workspace):
    settings = settings_for(workspace)
    first = for_settings(settings)
    assert first is not None and "zorbctl" in first.code
    assert for_settings(settings) is first
    _article(workspace / "restart.md", "Restart the service", "Restart the server.\n")
    again = for_settings(settings)
    assert again is not None and "zorbctl" not in again.code
    assert again.digest() != first.digest()


def test_a_lone_folder_is_no_workspace(tmp_path: Path):
    _article(tmp_path / "restart.md", "Restart the service", CODE)
    assert for_settings(settings_for(tmp_path)) is None


def test_an_ordinary_edit_keeps_the_digest_and_a_new_shared_unknown_word_changes_it(workspace):
    settings = settings_for(workspace)
    first = for_settings(settings)
    assert first is not None
    _article(workspace / "restart.md", "Restart the service", CODE + "Then restart the server.\n")
    edited = for_settings(settings)
    assert edited is not None and edited is not first
    assert edited.digest() == first.digest()  # English words: no cached result can change
    _article(workspace / "restart.md", "Restart the service", CODE + "Check the flarpex.\n")
    _article(workspace / "third.md", "Third", "The flarpex is full.\n")
    shared = for_settings(settings)
    assert shared is not None and shared.used_in("flarpex") == 2
    assert shared.digest() != first.digest()
