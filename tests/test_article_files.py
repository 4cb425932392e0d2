"""What counts as an article file: lint, export, search and the editor see the same files.

All four go through ``Workspace.walk_articles``; this workspace holds every kind of file
that one of them used to see and another did not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbeditor import cli
from kbeditor.export.outdir import MARKER
from kbeditor.export.site import export_site
from kbeditor.search.scan import scan_articles
from kbeditor.workspace import Workspace

ARTICLES = {"a.md", "guides/b.md", "guides/Upper.MD", "guides/alias.md"}
# The files behind them: search and export name a link inside the workspace by its target.
FILES = {"a.md", "guides/b.md", "guides/Upper.MD"}


def _article(path: Path, title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\n---\n\n## Steps\n\nRestart the printer.\n")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    _article(root / "a.md", "Alpha")
    _article(root / "guides" / "b.md", "Bravo")
    _article(root / "guides" / "Upper.MD", "Charlie")
    (root / "guides" / "alias.md").symlink_to("b.md")  # a link inside: an article
    (root / "guides" / "notes.txt").write_text("not Markdown\n")
    (root / "guides" / "image.png").write_bytes(b"\x89PNG")
    _article(root / ".hidden" / "c.md", "Hidden")
    _article(root / ".kbeditor" / "d.md", "Data folder")
    _article(root / "node_modules" / "pkg" / "e.md", "Package")
    _article(root / "drafts" / "f.md", "Excluded")
    (root / "kbeditor.toml").write_text('[workspace]\nexclude = ["drafts/*"]\n')
    (root / "linked").symlink_to(root / "guides")  # a link to a folder: not followed
    outside = tmp_path / "elsewhere.md"
    _article(outside, "Outside")
    (root / "leak.md").symlink_to(outside)  # a link out: refused
    # A folder an export wrote, inside the workspace, with a Markdown file in it.
    site = root / "site"
    site.mkdir()
    (site / MARKER).write_text("written by kbeditor export\n")
    _article(site / "g.md", "Site copy")
    return root


def _linted(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> set[str]:
    monkeypatch.chdir(root)
    cli.main(["lint", "--format", "json", "--fail-on", "never", "."])
    report = json.loads(capsys.readouterr().out)
    paths = {entry["path"]: entry["diagnostics"] for entry in report["files"]}
    assert paths.pop("leak.md")[0]["rule"] == "kbeditor.File"  # refused, never read
    return set(paths)


def _exported(root: Path, tmp_path: Path) -> set[str]:
    summary = export_site(Workspace(root), tmp_path / "out", lint=False, cache=False)
    assert [p.path for p in summary.problems if "refused" in p.message] == ["leak.md"]
    assert summary.articles == len(ARTICLES)
    pages = tmp_path / "out" / "articles"  # one page per article, named after its file
    return {p.relative_to(pages).with_suffix("").as_posix() for p in pages.rglob("*.html")}


def test_lint_export_search_and_the_editor_see_the_same_articles(
    workspace: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = Workspace(workspace)
    editor = {p.relative_to(ws.root).as_posix() for p in ws.article_paths()}
    assert editor == ARTICLES
    assert _linted(workspace, capsys, monkeypatch) == ARTICLES
    assert set(scan_articles(ws)) == FILES
    assert _exported(workspace, tmp_path) == {f.rsplit(".", 1)[0] for f in FILES}
