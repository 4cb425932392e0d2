"""Similar articles for a draft, and duplicate pairs across the knowledge base."""

from __future__ import annotations

from pathlib import Path

from kbeditor.search import SearchService

PASSWORD = "mail/outlook-keeps-asking-for-password.md"
LOOP = "mail/outlook-password-prompt-loop.md"


def test_unsaved_draft_finds_the_article_it_duplicates(workspace: Path) -> None:
    draft = (workspace / LOOP).read_text()
    (workspace / LOOP).unlink()  # the draft is not saved anywhere
    found = SearchService.open(workspace).similar_to_text(draft, k=5)
    assert found[0].path == PASSWORD
    assert all(0.0 <= s.similarity <= 1.0 and 0.0 <= s.topic <= 1.0 for s in found)


def test_similar_excludes_the_article_itself(workspace: Path) -> None:
    found = SearchService.open(workspace).similar(LOOP, limit=3)
    assert LOOP not in [s.path for s in found]
    assert found[0].path == PASSWORD


def test_copied_text_scores_high_and_shows_shared_passages(workspace: Path) -> None:
    original = (workspace / PASSWORD).read_text()
    copy = original.replace("Outlook keeps asking for your password", "Password prompts in Outlook")
    found = SearchService.open(workspace).similar_to_text(copy, k=1, exclude=None)
    assert found[0].path == PASSWORD
    assert found[0].similarity > 0.9
    assert any("sign in" in passage.lower() for passage in found[0].shared)


def test_dupes_finds_a_planted_copy_and_nothing_else(workspace: Path) -> None:
    service = SearchService.open(workspace)
    assert service.dupes() == []
    source = (workspace / "vpn" / "vpn-wont-connect.md").read_text()
    paragraphs = source.split("\n\n")
    planted = "\n\n".join(paragraphs[:2] + paragraphs[2:][::-1])  # sections reordered
    (workspace / "vpn" / "vpn-will-not-connect-copy.md").write_text(planted)
    pairs = service.dupes()
    assert [(p.a, p.b) for p in pairs] == [
        ("vpn/vpn-will-not-connect-copy.md", "vpn/vpn-wont-connect.md")
    ]
    assert 0.5 <= pairs[0].similarity <= 1.0


def test_dupes_threshold_comes_from_the_workspace_config(workspace: Path) -> None:
    (workspace / "kbeditor.toml").write_text("[search]\nduplicate_threshold = 0.05\n")
    pairs = SearchService.open(workspace).dupes()
    assert pairs and all(p.similarity >= 0.05 for p in pairs)
    assert all(p.a < p.b for p in pairs)


def test_plain_article_finds_its_jargon_rewording_first(workspace: Path) -> None:
    """Everyday words of plain-language steps must not outrank the shared title, message and product."""
    service = SearchService.open(workspace)
    found = service.similar(PASSWORD, limit=5)
    assert found[0].path == LOOP
    # The reported measures stay the normalised ones (no shared text, same topic cosine both ways).
    back = service.similar(LOOP, limit=1)[0]
    assert found[0].similarity == back.similarity and found[0].topic == back.topic
    draft = (workspace / PASSWORD).read_text()
    (workspace / PASSWORD).unlink()  # drafted from the plain article, not saved yet
    service.update()
    assert service.similar_to_text(draft, k=3)[0].path == LOOP


def test_kept_focus_weights_give_the_same_cosine_as_weighing_each_time(sample_kb: Path) -> None:
    """Weighted vectors kept between calls must not change a single bit of the ranking."""
    from kbeditor.article import load_article
    from kbeditor.search.document import build_doc
    from kbeditor.search.similar import FocusSpace, weighted_cosine

    docs = [build_doc(load_article(p), "") for p in sorted(sample_kb.rglob("*.md"))[:8]]

    def idf(term: str) -> float:
        return 1.0 + len(term) / 7.0

    space = FocusSpace(idf)
    for _ in range(2):  # the second round reads the kept vectors
        for a in docs:
            for b in docs:
                kept = space.cosine(space.weigh(a.focus, keep=False), space.weigh(b.focus))
                assert kept == weighted_cosine(a.focus, b.focus, idf)


def test_weights_kept_for_an_index_version_are_dropped_when_it_changes(workspace: Path) -> None:
    """idf moves when an article changes, so values derived from the old index must go."""
    from kbeditor.search.engine import Engine
    from kbeditor.search.index import IndexStore
    from kbeditor.workspace import Workspace

    store = IndexStore(Workspace(workspace))
    store.update()
    engine = Engine(store.open_index())
    engine.per_version["focus"] = "weights of the old index"
    assert not engine.refresh()
    assert engine.per_version == {"focus": "weights of the old index"}
    changed = workspace / PASSWORD
    changed.write_text(changed.read_text() + "\nOutlook password prompt again.\n")
    store.update([changed])
    assert engine.refresh()
    assert engine.per_version == {}
    engine.close()
