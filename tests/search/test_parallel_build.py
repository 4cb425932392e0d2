"""A build written by worker processes, a segment each, finds and ranks exactly as one process does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbeditor.search import SearchService

QUERIES = [
    "Outlook password",
    "vpn wont connect",
    "shared mailbox",
    "printer offline",
    "reset MFA",
    "outlok pasword",  # corrected from the index's words
    "0x80070005",
    "product:Outlook password",
]


def built(root: Path, jobs: int) -> SearchService:
    service = SearchService.open(root)
    service.store.jobs = jobs
    report = service.rebuild()
    assert report.rebuilt and not report.failed
    return service


def segments(root: Path) -> int:
    return len(list((root / ".kbeditor" / "search").glob("g-*/whoosh/*.seg")))


def answers(service: SearchService, queries: list[str]) -> list[object]:
    """Everything a user sees of each search: order, scores, snippets, facets, corrections."""
    out: list[object] = []
    for query in queries:
        found = service.search(query, limit=20)
        out.append((found.as_dict(), found.corrections, [h.snippet_html for h in found.results]))
    return out


@pytest.fixture
def twin(workspace: Path, tmp_path: Path) -> Path:
    """A second copy of the sample KB, built the other way."""
    other = tmp_path / "kb-two"
    shutil.copytree(workspace, other)
    return other


def test_a_build_in_two_workers_answers_like_one_in_one_process(
    workspace: Path, twin: Path
) -> None:
    serial = built(workspace, jobs=1)
    parallel = built(twin, jobs=2)
    assert segments(workspace) == 1 and segments(twin) == 2
    assert answers(parallel, QUERIES) == answers(serial, QUERIES)
    assert parallel.dupes(0.3) == serial.dupes(0.3)
    article = "mail/outlook-keeps-asking-for-password.md"
    assert parallel.similar(article) == serial.similar(article)
    assert len(parallel.last_update.added) == 22  # type: ignore[union-attr]


def test_an_update_after_a_parallel_build_changes_only_what_changed(workspace: Path) -> None:
    service = built(workspace, jobs=2)
    article = workspace / "vpn" / "vpn-wont-connect.md"
    article.write_text(article.read_text() + "\nThe zeppelin gateway also fails.\n")
    report = service.update()
    assert report.updated == ["vpn/vpn-wont-connect.md"] and report.unchanged == 21
    assert [h.path for h in service.search("zeppelin").results] == ["vpn/vpn-wont-connect.md"]
    assert service.search("vpn wont connect").results[0].path == "vpn/vpn-wont-connect.md"


def test_an_unreadable_article_in_a_worker_is_named_and_the_rest_indexed(workspace: Path) -> None:
    (workspace / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\n\xff\xfe\x00bad")
    service = SearchService.open(workspace)
    service.store.jobs = 2
    report = service.rebuild()
    assert len(report.added) == 22
    assert [line.split(":")[0] for line in report.failed] == ["broken.md"]
    assert service.search("Outlook password").results


def test_corpus_built_in_workers_ranks_like_one_process(
    corpus_articles: list[Path], tmp_path: Path
) -> None:
    """On 150 real articles: every article's description finds the same list either way."""
    one, two = tmp_path / "one", tmp_path / "two"
    for root in (one, two):
        root.mkdir()
        for path in corpus_articles[:150]:
            shutil.copy(path, root / path.name)
    serial = built(one, jobs=1)
    parallel = built(two, jobs=2)
    assert segments(two) == 2
    queries = [p.stem.replace("-", " ") for p in corpus_articles[:150:5]]
    assert answers(parallel, queries) == answers(serial, queries)
    assert parallel.dupes(0.3) == serial.dupes(0.3)


def analyser_agrees(texts: list[str]) -> None:
    from kbeditor.search.schema import analyzed_terms, text_analyzer

    analyzer = text_analyzer()
    for text in texts:
        assert list(analyzed_terms(text)) == [t.text for t in analyzer(text)]


def test_term_vectors_see_the_words_the_index_sees(workspace: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(workspace.rglob("*.md"))]
    texts.append("Résumé naïve ÆON l'équipe don’t a.b.c I'm THE Straße ＡＢＣ " + "y" * 41)
    analyser_agrees(texts)


def test_term_vectors_see_the_words_the_index_sees_in_the_corpus(
    corpus_articles: list[Path],
) -> None:
    analyser_agrees([p.read_text(encoding="utf-8") for p in corpus_articles])


def postings_agree(texts: list[str]) -> None:
    """Every posting (term, frequency, weight, positions) of KbText equals the Whoosh TEXT field's."""
    from whoosh import fields

    from kbeditor.search.schema import KbText, text_analyzer

    ours = KbText(analyzer=text_analyzer())
    whoosh = fields.TEXT(analyzer=text_analyzer())
    for text in texts:
        assert sorted(ours.index(text)) == sorted(whoosh.index(text))


def test_indexed_postings_are_whooshs_own(workspace: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(workspace.rglob("*.md"))]
    texts += ["the a printer", "", "The printer the printer is off, and THE printer", "é"]
    postings_agree(texts)


def test_indexed_postings_are_whooshs_own_in_the_corpus(corpus_articles: list[Path]) -> None:
    postings_agree([p.read_text(encoding="utf-8") for p in corpus_articles])
