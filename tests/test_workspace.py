"""Workspace discovery, configuration and atomic saving on real folders."""

from __future__ import annotations

import os
import stat

import pytest

from kbeditor.errors import ConfigError, KbError
from kbeditor.workspace import DATA_DIR, Workspace, atomic_write


def test_discovers_articles_recursively_skipping_hidden_and_data_folders(tmp_path):
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "a.md").write_text("# A\n")
    (tmp_path / "b.md").write_text("# B\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.md").write_text("# C\n")
    (tmp_path / DATA_DIR).mkdir()
    (tmp_path / DATA_DIR / "d.md").write_text("# D\n")
    (tmp_path / "notes.txt").write_text("not an article")
    ws = Workspace(tmp_path)
    assert [ws.relative(p) for p in ws.article_paths()] == ["b.md", "mail/a.md"]


def test_sample_kb_is_a_valid_workspace(sample_kb):
    ws = Workspace(sample_kb)
    assert ws.config.problems == []
    assert len(ws.article_paths()) >= 15
    for item in ws.articles():
        assert not isinstance(item, KbError), item
        assert item.errors == [], item.errors


def test_missing_folder_is_one_clear_error(tmp_path):
    with pytest.raises(KbError, match="no such folder"):
        Workspace(tmp_path / "nope")


def test_unknown_config_keys_are_reported_with_their_line(tmp_path):
    (tmp_path / "kbeditor.toml").write_text(
        '[workspace]\nname = "KB"\nnmae = "typo"\n\n[lint]\nmin_level = 3\n\n[colour]\nx = 1\n'
    )
    ws = Workspace(tmp_path)
    messages = [(p.line, p.message) for p in ws.config.problems]
    assert messages[0][0] == 3 and "unknown key 'nmae'" in messages[0][1]
    assert "'lint.min_level' must be a str" in messages[1][1]
    assert messages[2][0] == 8 and "unknown section [colour]" in messages[2][1]
    assert ws.name == "KB"
    assert ws.config.get("lint", "min_level") == "suggestion"  # the bad value is not used


def test_invalid_toml_names_file_and_line(tmp_path):
    (tmp_path / "kbeditor.toml").write_text('[workspace]\nname = "unterminated\n')
    with pytest.raises(ConfigError) as info:
        Workspace(tmp_path)
    assert "kbeditor.toml:2" in str(info.value) and "not valid TOML" in str(info.value)


def test_atomic_save_keeps_permissions_and_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("old")
    os.chmod(target, 0o640)
    Workspace(tmp_path).save("a.md", "new text ✓")
    assert target.read_text(encoding="utf-8") == "new text ✓"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_failed_write_leaves_the_old_file_intact(tmp_path):
    target = tmp_path / "a.md"
    target.write_text("precious")

    with pytest.raises(TypeError):
        atomic_write(target, object())  # type: ignore[arg-type]
    assert target.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_save_keeps_a_byte_order_mark_when_asked(tmp_path):
    Workspace(tmp_path).save("b.md", "x", bom=True)
    assert (tmp_path / "b.md").read_bytes() == b"\xef\xbb\xbfx"


def test_recovery_copies_round_trip(tmp_path):
    ws = Workspace(tmp_path)
    (tmp_path / "a.md").write_text("saved")
    ws.write_recovery(tmp_path / "a.md", "unsaved\nwork")
    assert ws.pending_recoveries() == [(ws.root / "a.md", "unsaved\nwork")]
    ws.clear_recovery(tmp_path / "a.md")
    assert ws.pending_recoveries() == []


def test_excluded_globs_node_modules_and_linked_folders_are_not_articles(tmp_path):
    (tmp_path / "kbeditor.toml").write_text('[workspace]\nexclude = ["drafts/*"]\n')
    for folder in ("drafts", "node_modules", "real"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.md").write_text("# A\n")
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    ws = Workspace(tmp_path)
    assert [ws.relative(p) for p in ws.article_paths()] == ["real/a.md"]


def test_an_article_belongs_to_the_nearest_folder_above_it_with_a_kbeditor_toml(tmp_path):
    from kbeditor.workspace import workspace_of

    article = tmp_path / "kb" / "vpn" / "deep" / "a.md"
    article.parent.mkdir(parents=True)
    article.write_text("# A\n")
    assert workspace_of(article) == article.parent.resolve()  # no config: its own folder
    (tmp_path / "kb" / "kbeditor.toml").write_text("")
    assert workspace_of(article) == (tmp_path / "kb").resolve()
