"""Looking at the files cheaply: the same articles as the workspace lists, and a
long-lived service that remembers the catalog yet notices every change."""

from __future__ import annotations

import os
from pathlib import Path

from kbeditor.search import SearchService
from kbeditor.search.scan import scan_articles
from kbeditor.workspace import Workspace

VPN = "vpn/vpn-wont-connect.md"


def test_scan_finds_the_articles_the_workspace_lists(workspace: Path) -> None:
    (workspace / "kbeditor.toml").write_text('[workspace]\nexclude = ["drafts/*"]\n')
    for folder in ("drafts", ".hidden", "node_modules", "deep/er/still"):
        (workspace / folder).mkdir(parents=True)
        (workspace / folder / "note.md").write_text("# A note\n\nText.\n")
    (workspace / "deep" / "UPPER.MD").write_text("# Upper\n\nText.\n")
    (workspace / "deep" / ".hidden.md").write_text("# Hidden\n\nText.\n")
    (workspace / "deep" / "notes.txt").write_text("not an article\n")
    os.symlink(workspace / "vpn", workspace / "linked-folder")
    ws = Workspace(workspace)
    seen = scan_articles(ws)
    assert sorted(seen) == sorted(ws.relative(p) for p in ws.article_paths())
    assert "deep/er/still/note.md" in seen and "deep/UPPER.MD" in seen
    assert "drafts/note.md" not in seen and "linked-folder/vpn-wont-connect.md" not in seen
    stat = (workspace / VPN).stat()
    assert (seen[VPN].mtime_ns, seen[VPN].size) == (stat.st_mtime_ns, stat.st_size)


def test_an_edit_in_place_is_seen_although_the_folder_time_does_not_change(
    workspace: Path,
) -> None:
    service = SearchService.open(workspace)
    service.update()
    article = workspace / VPN
    folder_time = (workspace / "vpn").stat().st_mtime_ns
    with article.open("a", encoding="utf-8") as out:
        out.write("\nThe wombat relay drops the tunnel.\n")
    assert (workspace / "vpn").stat().st_mtime_ns == folder_time
    report = service.update()
    assert report.updated == [VPN] and report.unchanged == 21
    assert [hit.path for hit in service.search("wombat").results] == [VPN]


def test_a_remembered_catalog_notices_another_writer(workspace: Path) -> None:
    first = SearchService.open(workspace)
    first.update()
    article = workspace / VPN
    article.write_text(article.read_text() + "\nThe numbat proxy also fails.\n")
    second = SearchService.open(workspace)
    assert second.update().updated == [VPN]
    # The first service's remembered states are out of date; it must read the
    # catalog again rather than index the article a second time.
    report = first.update()
    assert not report.changed and report.unchanged == 22
    second.rebuild()
    report = first.update()
    assert not report.changed and report.unchanged == 22


def test_damage_after_updates_by_the_same_service_is_still_recovered(workspace: Path) -> None:
    service = SearchService.open(workspace, stale_check_seconds=0)
    service.update()
    service.close()
    from kbeditor.search.index import IndexStore

    current = IndexStore(Workspace(workspace)).current()
    assert current is not None
    folder = current / "whoosh"
    for segment in folder.glob("*.seg"):
        data = segment.read_bytes()
        segment.write_bytes(data[: len(data) // 3])
    results = service.search("Outlook password")
    assert results.results[0].path == "mail/outlook-keeps-asking-for-password.md"
    assert service.last_update is not None and service.last_update.recovered
