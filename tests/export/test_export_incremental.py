"""Re-exporting produces only what changed, and the result is always what a clean export gives.

Pages, the search index and the related-articles map are produced again only
when a key of their inputs changes; a key that missed an input would leave a
stale page behind. Each edit below is followed by an incremental export and
compared, file by file, with a clean export of the same workspace.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbeditor.export.site import export_site
from kbeditor.workspace import Workspace

ARTICLE = "mail/outlook-password-prompt-loop.md"


def site_files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


@pytest.fixture
def kb(tmp_path: Path, sample_kb: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(sample_kb, root, ignore=shutil.ignore_patterns(".kbeditor"))
    return root


def same_as_clean(kb: Path, out: Path, tmp_path: Path, name: str) -> None:
    summary = export_site(Workspace(kb), out, base_url="https://help.example/kb")
    clean = tmp_path / f"clean-{name}"
    export_site(Workspace(kb), clean, base_url="https://help.example/kb", cache=False)
    assert site_files(out) == site_files(clean), name
    return summary  # type: ignore[return-value]


def retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index("\ntitle:") + 1
    end = text.index("\n", start)
    path.write_text(text[:start] + f"title: {title}" + text[end:], encoding="utf-8")


def test_every_kind_of_edit_gives_what_a_clean_export_gives(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    export_site(Workspace(kb), out, base_url="https://help.example/kb")

    again = same_as_clean(kb, out, tmp_path, "nothing")
    assert (again.rendered, again.written) == (0, 0)  # type: ignore[attr-defined]

    article = kb / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    body = same_as_clean(kb, out, tmp_path, "body")
    assert body.rendered == 1  # type: ignore[attr-defined]

    retitle(article, "Outlook asks for the password again and again")
    same_as_clean(kb, out, tmp_path, "title")  # cards on listing, home and related pages

    shutil.copy(article, kb / "mail" / "a-new-article.md")
    retitle(kb / "mail" / "a-new-article.md", "A new article about mail")
    same_as_clean(kb, out, tmp_path, "added")  # product counts on every page

    article.unlink()
    same_as_clean(kb, out, tmp_path, "removed")


def test_a_search_part_deleted_by_hand_is_written_again(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    export_site(Workspace(kb), out)
    part = sorted((out / "assets" / "search").glob("t-*.js"))[0]
    part.unlink()
    again = export_site(Workspace(kb), out)
    assert part.is_file()
    assert again.written == 1


def test_one_changed_corpus_article_gives_what_a_clean_export_gives(
    tmp_path: Path, corpus_dir: Path
) -> None:
    """Real articles: a sentence added to one, a paragraph taken out of another.

    A re-export touches only the search shards of terms whose weight changed and
    keeps the other articles' link results and outlines unread; the files must
    still be exactly those of a clean export.
    """
    kb = tmp_path / "kb"
    kb.mkdir()
    for path in sorted(corpus_dir.glob("*.md"))[:40]:
        shutil.copy2(path, kb / path.name)
    out = tmp_path / "site"
    export_site(Workspace(kb), out)
    first, second = sorted(kb.glob("*.md"))[7], sorted(kb.glob("*.md"))[23]
    with first.open("a", encoding="utf-8") as handle:
        handle.write("\nRestart the computer and sign in again.\n")
    text = second.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    second.write_text("\n\n".join(paragraphs[:-2] + paragraphs[-1:]), encoding="utf-8")
    summary = same_as_clean(kb, out, tmp_path, "corpus")
    assert summary.rendered == 2  # type: ignore[attr-defined]
    assert 0 < summary.written < 20  # type: ignore[attr-defined]
