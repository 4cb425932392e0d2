"""The index on disk: built on demand, updated incrementally, recovered, locked."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kbeditor.search import IndexBusyError, SearchService

PASSWORD = "mail/outlook-keeps-asking-for-password.md"


def current_index(workspace: Path) -> Path:
    """The folder of the index generation readers use."""
    from kbeditor.search.index import IndexStore
    from kbeditor.workspace import Workspace

    folder = IndexStore(Workspace(workspace)).current()
    assert folder is not None
    return folder


def paths(results) -> list[str]:
    return [hit.path for hit in results.results]


def test_search_builds_a_missing_index(workspace: Path) -> None:
    service = SearchService.open(workspace)
    assert not (workspace / ".kbeditor" / "search").exists()
    results = service.search("Outlook password")
    assert paths(results)[0] == PASSWORD
    assert service.last_update is not None and len(service.last_update.added) == 22
    assert (current_index(workspace) / "whoosh").is_dir()


def test_update_reindexes_only_the_changed_article(workspace: Path) -> None:
    service = SearchService.open(workspace)
    first = service.update()
    assert len(first.added) == 22
    again = service.update()
    assert not again.changed and again.unchanged == 22
    article = workspace / "vpn" / "vpn-wont-connect.md"
    article.write_text(article.read_text() + "\nThe zeppelin gateway also fails.\n")
    report = service.update()
    assert report.updated == ["vpn/vpn-wont-connect.md"]
    assert report.unchanged == 21 and not report.added and not report.removed
    assert paths(service.search("zeppelin")) == ["vpn/vpn-wont-connect.md"]


def test_update_of_one_path_after_a_save(workspace: Path) -> None:
    service = SearchService.open(workspace)
    service.update()
    article = workspace / "mail" / "add-a-shared-mailbox.md"
    article.write_text(article.read_text().replace("shared mailbox", "team inbox"))
    report = service.update([article])
    assert report.updated == ["mail/add-a-shared-mailbox.md"] and report.unchanged == 0
    assert "mail/add-a-shared-mailbox.md" in paths(service.search('"team inbox"'))


def test_touched_but_unchanged_file_is_not_reindexed(workspace: Path) -> None:
    service = SearchService.open(workspace)
    service.update()
    article = workspace / "vpn" / "vpn-wont-connect.md"
    os.utime(article, (1, 1))
    report = service.update()
    assert not report.changed and report.unchanged == 22


def test_deleted_article_leaves_the_index(workspace: Path) -> None:
    service = SearchService.open(workspace)
    service.update()
    (workspace / "accounts" / "sign-in-error-aadsts50076.md").unlink()
    report = service.update()
    assert report.removed == ["accounts/sign-in-error-aadsts50076.md"]
    found = service.search("AADSTS50076 extra verification")
    assert "accounts/sign-in-error-aadsts50076.md" not in paths(found)


def test_stale_index_is_brought_up_to_date_by_search(workspace: Path) -> None:
    SearchService.open(workspace).update()
    (workspace / "vpn" / "new-article.md").write_text(
        "---\ntitle: Quokka badge reader offline\nproduct: DockTrack\n---\n\n"
        "## Symptoms\n\nThe quokka badge reader shows offline.\n"
    )
    service = SearchService.open(workspace)
    assert paths(service.search("quokka")) == ["vpn/new-article.md"]
    assert service.last_update is not None and service.last_update.added == ["vpn/new-article.md"]


def _segment_files(workspace: Path) -> list[Path]:
    folder = current_index(workspace) / "whoosh"
    return sorted(p for p in folder.iterdir() if p.suffix == ".seg")


def test_truncated_segment_is_detected_and_rebuilt(workspace: Path) -> None:
    SearchService.open(workspace).update()
    segments = _segment_files(workspace)
    assert segments
    for segment in segments:
        data = segment.read_bytes()
        segment.write_bytes(data[: len(data) // 3])
    service = SearchService.open(workspace)
    results = service.search("Outlook password")
    assert paths(results)[0] == PASSWORD
    assert service.last_update is not None
    assert service.last_update.recovered is not None
    assert "rebuilt" in service.last_update.recovered
    assert "\n" not in service.last_update.recovered


def test_garbled_catalog_is_detected_and_rebuilt(workspace: Path) -> None:
    SearchService.open(workspace).update()
    catalog = current_index(workspace) / "catalog.sqlite"
    catalog.write_bytes(b"this is not a database" * 100)
    for extra in catalog.parent.glob("catalog.sqlite-*"):
        extra.unlink()
    service = SearchService.open(workspace)
    report = service.update()
    assert report.recovered and "rebuilt" in report.recovered
    assert len(report.added) == 22
    assert paths(service.search("Outlook password"))[0] == PASSWORD


_HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from kbeditor.workspace import Workspace
    from kbeditor.search.index import IndexStore
    with IndexStore(Workspace(sys.argv[1])).lock(wait=0):
        print("locked", flush=True)
        sys.stdin.readline()
    """
)


@pytest.fixture
def other_writer(workspace: Path):
    """Another process holding the index's writer lock until the test ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(workspace)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    yield proc
    proc.communicate("done\n", timeout=10)


def test_second_writer_is_refused_cleanly(workspace: Path) -> None:
    SearchService.open(workspace).update()
    article = workspace / "vpn" / "vpn-wont-connect.md"
    article.write_text(article.read_text() + "\nPlatypus.\n")
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(workspace)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        service = SearchService.open(workspace)
        with pytest.raises(IndexBusyError) as caught:
            service.update(wait=0.2)
        assert "being updated by another program" in str(caught.value)
        assert str(proc.pid) in str(caught.value)
        # Searching still works on the last committed index while the writer holds the lock.
        assert paths(service.search("Outlook password"))[0] == PASSWORD
        assert paths(service.search("platypus")) == []
    finally:
        proc.communicate("done\n", timeout=10)
    assert SearchService.open(workspace).update().updated == ["vpn/vpn-wont-connect.md"]


def test_a_crashed_writer_leaves_no_lock_behind(workspace: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(workspace)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    proc.kill()
    proc.wait(timeout=10)
    assert len(SearchService.open(workspace).update(wait=0).added) == 22


def test_one_word_frequency_is_the_vocabulary_figure_after_changes_and_deletions(
    workspace: Path,
) -> None:
    """Weighing a draft reads single words' frequencies; they must match the full vocabulary."""
    from kbeditor.search.engine import Engine
    from kbeditor.search.index import IndexStore
    from kbeditor.workspace import Workspace

    store = IndexStore(Workspace(workspace))
    store.update()
    articles = sorted(workspace.rglob("*.md"))
    for n, path in enumerate(articles[:5]):
        path.write_text(path.read_text() + f"\nThe monitors stay black on dock {n}.\n")
    articles[-1].unlink()
    store.update()
    engine = Engine(store.open_index())
    assert engine.searcher.reader().has_deletions()
    fresh = Engine(store.open_index())  # its vocabulary is never built: words are read one by one
    vocabulary = engine.vocabulary()
    assert {term: fresh.vocabulary_frequency(term) for term in vocabulary} == vocabulary
    assert fresh.vocabulary_frequency("monitor") >= 5
    assert fresh.vocabulary_frequency("zzzunknown") == 0
    engine.close()
    fresh.close()
