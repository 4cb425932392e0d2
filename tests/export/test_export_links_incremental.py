"""A re-export reports broken links exactly as a clean export does, whatever changed.

Link results are kept between exports and checked again only for what an
edit can affect; each case below edits one thing, re-exports, and compares
the problems with those of an export that keeps nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kbeditor.export.site import export_site
from kbeditor.workspace import Workspace


def write(root: Path, rel: str, title: str, body: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\n---\n\n# {title}\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "kbeditor.toml").write_text('[workspace]\nname = "Links"\n', encoding="utf-8")
    write(root, "mail/reset.md", "Reset the mailbox", "See [setup](setup.md#before-you-start).")
    write(root, "mail/setup.md", "Set up mail", "## Before you start\n\nHave your password ready.")
    write(root, "mail/other.md", "Other", "Also read [reset](reset.md) and ![shot](shot.png).")
    (root / "mail" / "shot.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root


def problems(kb: Path, out: Path, **options: bool) -> list[str]:
    summary = export_site(Workspace(kb), out, strict=True, lint=False, **options)
    return [str(p) for p in summary.problems]


def reexport(kb: Path, tmp_path: Path) -> list[str]:
    """The incremental export's problems, after checking they are the clean export's."""
    found = problems(kb, tmp_path / "site")
    assert found == problems(kb, tmp_path / "clean", cache=False)
    return found


def test_a_changed_article_that_breaks_a_link_is_reported(kb: Path, tmp_path: Path) -> None:
    assert reexport(kb, tmp_path) == []
    write(kb, "mail/reset.md", "Reset the mailbox", "See [setup](set-up.md).")
    assert reexport(kb, tmp_path) == ["mail/reset.md:7: error: broken link: no article 'set-up.md'"]
    summary = export_site(Workspace(kb), tmp_path / "site", strict=True, lint=False)
    assert not summary.ok


def test_deleting_an_article_reports_links_to_it_from_unchanged_ones(
    kb: Path, tmp_path: Path
) -> None:
    assert reexport(kb, tmp_path) == []
    (kb / "mail" / "reset.md").unlink()
    assert reexport(kb, tmp_path) == ["mail/other.md:7: error: broken link: no article 'reset.md'"]


def test_a_renamed_heading_is_reported_where_it_is_linked(kb: Path, tmp_path: Path) -> None:
    assert reexport(kb, tmp_path) == []
    write(kb, "mail/setup.md", "Set up mail", "## Requirements\n\nHave your password ready.")
    assert reexport(kb, tmp_path) == [
        "mail/reset.md:7: warning: no heading '#before-you-start' in 'setup.md'"
    ]


def test_a_deleted_image_is_reported_though_no_article_changed(kb: Path, tmp_path: Path) -> None:
    assert reexport(kb, tmp_path) == []
    (kb / "mail" / "shot.png").unlink()
    assert reexport(kb, tmp_path) == [
        "mail/other.md:7: error: missing image: 'shot.png' (no such file)"
    ]


def test_an_article_made_draft_breaks_links_to_it(kb: Path, tmp_path: Path) -> None:
    assert reexport(kb, tmp_path) == []
    path = kb / "mail" / "reset.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("---\n\n", "status: draft\n---\n\n", 1),
        encoding="utf-8",
    )
    assert reexport(kb, tmp_path) == [
        "mail/other.md:7: error: broken link: 'reset.md' is a draft, left out of the site"
    ]
