"""The exported site: pages, links, determinism, incremental re-export, safety, exit codes."""

from __future__ import annotations

import posixpath
import re
import shutil
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from kbeditor.cli import main
from kbeditor.errors import KbError
from kbeditor.export.site import export_site
from kbeditor.workspace import Workspace

_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_URL = re.compile(r'\s(?:href|src)="([^"]*)"')


def urls(html: str) -> list[str]:
    """href/src values of real tags (code shown as text is escaped, so never matches)."""
    return [html_unescape(u) for tag in _TAG.findall(html) for u in _URL.findall(tag)]


def site_files(out: Path) -> dict[str, bytes]:
    """Every file in the output folder, as published."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def check_pages(out: Path, allow_absolute: bool = False) -> tuple[int, list[str]]:
    """Parse every page strictly and resolve every local link; return (pages, problems)."""
    problems: list[str] = []
    pages = sorted(out.rglob("*.html"))
    parser = html5lib.HTMLParser(strict=False)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parser.parse(text)
        problems += [
            f"{page.name}: parse error {e}"
            for e in parser.errors
            if e[1] != "unexpected-character-after-solidus-in-tag"
        ]
        assert '<html lang="en">' in text, page
        for url in urls(text):
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("//", "#", "mailto:")):
                continue
            if url.startswith("/") and allow_absolute:
                continue  # written so in an article; the export reports each one
            assert not url.startswith("/"), f"{page}: absolute path {url}"
            if not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.exists():
                problems.append(f"{page.relative_to(out)}: {url}")
            elif parts.fragment and target.suffix == ".html":
                ids = set(re.findall(r'\sid="([^"]+)"', target.read_text(encoding="utf-8")))
                if parts.fragment not in ids:
                    problems.append(f"{page.relative_to(out)}: {url} (no such anchor)")
    return len(pages), problems


def test_sample_site_has_every_page_and_they_parse_and_link(sample_site) -> None:  # type: ignore[no-untyped-def]
    out, summary = sample_site
    assert summary.articles == 22 and summary.ok
    for name in (
        "index.html",
        "search.html",
        "404.html",
        "sitemap.xml",
        "assets/site.css",
        "assets/search.js",
        "assets/search/manifest.js",
        "products/mail.html",
        "tags/outlook.html",
        "articles/mail/outlook-keeps-asking-for-password.html",
        "articles/images/docking-station-ports.svg",
    ):
        assert (out / name).is_file(), name
    pages, problems = check_pages(out)
    assert pages == summary.pages - 1 and problems == []  # sitemap.xml is the other one


def test_article_page_shows_what_an_agent_needs(sample_site) -> None:  # type: ignore[no-untyped-def]
    out, _ = sample_site
    page = (out / "articles/mail/outlook-keeps-asking-for-password.html").read_text(
        encoding="utf-8"
    )
    assert "<h1>Outlook keeps asking for your password</h1>" in page
    assert (
        'aria-label="Breadcrumb"' in page and '<a href="../../products/mail.html">Mail</a>' in page
    )
    assert "End users" in page and '<time datetime="2026-10-14">' in page
    assert '<a href="#resolution">Resolution</a>' in page  # on-page table of contents
    assert '<a href="../../tags/outlook.html">outlook</a>' in page
    assert "Related articles" in page and "outlook-password-prompt-loop.html" in page
    # the link to another article points at its page, anchors and all
    assert 'href="../accounts/sign-in-error-aadsts50076.html"' in page
    assert 'class="skip-link" href="#main"' in page
    assert page.count("<h1") == 1


def test_no_page_loads_anything_from_the_network(sample_site) -> None:  # type: ignore[no-untyped-def]
    out, _ = sample_site
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", text):
            assert (
                "http:" not in tag and "https:" not in tag and "//" not in tag.replace("://", "")
            ), (page, tag)


def test_sitemap_lists_absolute_urls_only_with_base_url(
    sample_site, workspace: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out, _ = sample_site
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert (
        "<loc>https://help.example/kb/articles/mail/outlook-keeps-asking-for-password.html</loc>"
        in sitemap
    )
    assert "<lastmod>2026-10-14</lastmod>" in sitemap
    export_site(Workspace(workspace), tmp_path / "plain")
    assert not (tmp_path / "plain" / "sitemap.xml").exists()


def test_export_is_deterministic(workspace: Path, tmp_path: Path) -> None:
    first = export_site(Workspace(workspace), tmp_path / "a", include_drafts=True)
    copy = tmp_path / "kb2"
    shutil.copytree(workspace, copy)
    export_site(Workspace(copy), tmp_path / "b", include_drafts=True)
    a, b = site_files(tmp_path / "a"), site_files(tmp_path / "b")
    assert a.keys() == b.keys() and len(a) > 90
    assert [k for k in a if a[k] != b[k]] == []
    assert first.pages > 90


def test_re_export_renders_only_the_changed_article(workspace: Path, tmp_path: Path) -> None:
    ws = Workspace(workspace)
    out = tmp_path / "site"
    export_site(ws, out)
    before = site_files(out)
    again = export_site(ws, out)
    assert again.rendered == 0 and again.written == 0
    article = workspace / "vpn" / "vpn-wont-connect.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("## Symptoms", "## Symptoms seen"),
        encoding="utf-8",
    )
    changed = export_site(ws, out)
    assert changed.rendered == 1
    after = site_files(out)
    differing = sorted(k for k in after if before.get(k) != after[k])
    assert "articles/vpn/vpn-wont-connect.html" in differing
    assert "articles/mail/outlook-keeps-asking-for-password.html" not in differing
    # the search data: the manifest and the parts of the changed terms, exactly as a
    # fresh export writes them; the other parts are left as they were
    search = sorted(k for k in after if k.startswith("assets/search/"))
    assert "assets/search/manifest.js" in differing
    assert 2 <= sum(1 for k in differing if k in search) < len(search) / 3
    fresh = tmp_path / "fresh"
    export_site(ws, fresh, cache=False)
    assert {k: v for k, v in site_files(fresh).items() if k in search} == {
        k: after[k] for k in search
    }
    assert 'id="symptoms-seen"' in after["articles/vpn/vpn-wont-connect.html"].decode()


def test_output_folder_holds_the_site_and_the_marker_only(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = export_site(Workspace(workspace), out)
    files = site_files(out)
    hidden = sorted(rel for rel in files if any(part.startswith(".") for part in rel.split("/")))
    assert hidden == [".kbeditor-site"]
    others = {
        rel
        for rel in files
        if not rel.endswith((".html", ".css", ".js", ".svg", ".xml"))
        and not rel.startswith("articles/images/")
    }
    assert others == {".kbeditor-site"}
    assert sum(1 for rel in files if rel.endswith(".html")) == first.pages
    # The cache lives in the workspace's data folder, one per output folder.
    caches = list((workspace / ".kbeditor" / "export-cache").glob("*/records.sqlite"))
    assert len(caches) == 1 and caches[0].stat().st_size > 10_000
    again = export_site(Workspace(workspace), out)
    assert again.rendered == 0 and again.written == 0
    # --clean starts over: every article is rendered again, and the cache is kept up to date.
    fresh = export_site(Workspace(workspace), out, clean=True)
    assert fresh.rendered == first.articles + len(first.drafts) and site_files(out) == files
    assert export_site(Workspace(workspace), out).rendered == 0
    export_site(Workspace(workspace), tmp_path / "other")
    assert len(list((workspace / ".kbeditor" / "export-cache").glob("*/records.sqlite"))) == 2
    # Caches of folders not exported to lately are dropped beyond a few.
    for n in range(5):
        export_site(Workspace(workspace), tmp_path / f"more{n}")
    assert len(list((workspace / ".kbeditor" / "export-cache").glob("*/records.sqlite"))) == 4
    assert export_site(Workspace(workspace), tmp_path / "more4").rendered == 0  # the newest kept


def test_a_damaged_cache_is_started_again(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = export_site(Workspace(workspace), out)
    files = site_files(out)
    (cache,) = (workspace / ".kbeditor" / "export-cache").glob("*/records.sqlite")
    cache.write_bytes(b"not a database, only a damaged cache file")
    again = export_site(Workspace(workspace), out)
    assert again.rendered == first.rendered and again.notes == first.notes
    assert site_files(out) == files
    assert export_site(Workspace(workspace), out).rendered == 0  # kept again


def test_old_cache_inside_the_output_folder_is_removed(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    export_site(Workspace(workspace), out)
    old = out / ".kbeditor-cache"
    old.mkdir()
    (old / "records.json").write_text("{}", encoding="utf-8")
    export_site(Workspace(workspace), out)
    assert not old.exists() and (out / "index.html").is_file()


def test_emptied_or_hand_edited_folder_is_written_again(workspace: Path, tmp_path: Path) -> None:
    ws = Workspace(workspace)
    out = tmp_path / "site"
    export_site(ws, out)
    expected = site_files(out)
    page = out / "articles/vpn/vpn-wont-connect.html"
    page.write_bytes(page.read_bytes().replace(b"VPN", b"XYZ"))  # same size, other bytes
    (out / "assets/site.css").unlink()
    again = export_site(ws, out)
    assert again.rendered == 0 and again.written == 2
    assert site_files(out) == expected
    shutil.rmtree(out)
    out.mkdir()
    emptied = export_site(ws, out)
    assert emptied.rendered == 0 and emptied.written == len(expected) - 1  # all but the marker
    assert site_files(out) == expected


def test_read_only_workspace_exports_without_a_cache(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The data folder cannot be created (a file stands where it would be), as on read-only media.
    (workspace / ".kbeditor").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "site"
    summary = export_site(Workspace(workspace), out)
    assert summary.ok and (out / "index.html").is_file()
    assert [n for n in summary.notes if "no export cache" in n] == summary.notes[-1:]
    assert main(["export", str(workspace), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("no export cache") == 1
    assert (workspace / ".kbeditor").read_text(encoding="utf-8") == "not a folder"


def test_deleted_article_pages_are_removed_and_nothing_else(
    workspace: Path, tmp_path: Path
) -> None:
    ws = Workspace(workspace)
    out = tmp_path / "site"
    export_site(ws, out)
    (out / "my-notes.txt").write_text("keep me", encoding="utf-8")
    (workspace / "laptops" / "laptop-running-slowly.md").unlink()
    export_site(ws, out)
    assert not (out / "articles/laptops/laptop-running-slowly.html").exists()
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "keep me"


def test_refuses_a_foreign_non_empty_folder_unless_clean(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "precious.txt").write_text("x", encoding="utf-8")
    with pytest.raises(KbError, match="not empty"):
        export_site(Workspace(workspace), out)
    assert (out / "precious.txt").exists()
    assert main(["export", str(workspace), "--out", str(out)]) == 2
    export_site(Workspace(workspace), out, clean=True)
    assert not (out / "precious.txt").exists() and (out / "index.html").exists()


@pytest.mark.parametrize("where", ["root", "parent"])
def test_refuses_the_workspace_and_its_parents(workspace: Path, where: str) -> None:
    out = workspace if where == "root" else workspace.parent
    with pytest.raises(KbError, match="workspace"):
        export_site(Workspace(workspace), out, clean=True)
    assert (workspace / "mail" / "outlook-keeps-asking-for-password.md").exists()


def test_links_out_of_the_workspace_are_refused_and_nothing_is_written_outside(
    tmp_path: Path,
) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG secret")
    (kb / "a.md").write_text(
        "---\ntitle: A\n---\n\n![x](../secret.png)\n\n[up](../../etc/passwd)\n\n[gone](missing.md)\n\n"
        "![none](img/none.png)\n\n[b](b.md#nope)\n",
        encoding="utf-8",
    )
    (kb / "b.md").write_text("---\ntitle: B\n---\n\n## Here\n", encoding="utf-8")
    out = tmp_path / "out"
    data = kb / ".kbeditor"  # the workspace's own data folder (the export cache)

    def outside() -> list[Path]:
        return sorted(p for p in tmp_path.rglob("*") if not {out, data} & {p, *p.parents})

    before = outside()
    summary = export_site(Workspace(kb), out, strict=True)
    assert before == outside()
    assert (data / "export-cache").is_dir()
    messages = {(p.line, p.level, p.message.split(":")[0]) for p in summary.problems}
    assert (5, "warning", "refused") in messages
    assert (7, "warning", "refused") in messages
    assert (9, "error", "broken link") in messages
    assert (11, "error", "missing image") in messages
    assert any(p.line == 13 and "no heading" in p.message for p in summary.problems)
    assert not summary.ok
    page = (out / "articles/a.html").read_text(encoding="utf-8")
    assert "secret" not in page.replace("../secret.png", "") or "../secret.png" not in page
    assert not list(out.rglob("secret.png"))


def test_strict_exit_codes(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The sample KB's drafts have lint errors: --strict fails and names each with file:line.
    # They are left out unless asked for, and then they fail --strict like any other article.
    assert main(["export", str(workspace), "--out", str(tmp_path / "s0"), "--strict"]) == 0
    assert "6 drafts left out" in capsys.readouterr().err
    assert (
        main(["export", str(workspace), "--out", str(tmp_path / "s1"), "--strict",
              "--include-drafts"])
        == 1
    )  # fmt: skip
    err = capsys.readouterr().err
    assert re.search(r"expense-report-disappeared\.md:\d+: error: .*\[KB\.", err)
    # Without --strict a broken link is a warning and the export succeeds (lint is left to
    # `kbeditor lint` there: it only changes the outcome under --strict).
    mail = workspace / "mail" / "add-a-shared-mailbox.md"
    mail.write_text(
        mail.read_text(encoding="utf-8") + "\nSee [old](old-page.md).\n", encoding="utf-8"
    )
    assert main(["export", str(workspace), "--out", str(tmp_path / "s2")]) == 0
    captured = capsys.readouterr()
    assert re.search(r"add-a-shared-mailbox\.md:\d+: warning: broken link", captured.err)
    assert "KB.Blame" not in captured.err
    assert "exported 16 articles" in captured.out
    # A clean workspace passes --strict.
    clean = tmp_path / "clean"
    clean.mkdir()
    shutil.copytree(workspace / "vpn", clean / "vpn")
    for draft in ("vpn-disconnects-after-eight-hours.md",):
        (clean / "vpn" / draft).unlink()
    shutil.copytree(workspace / "images", clean / "images")
    shutil.copytree(workspace / "accounts", clean / "accounts")
    assert main(["export", str(clean), "--out", str(tmp_path / "s3"), "--strict"]) == 0, (
        capsys.readouterr().err
    )
    # A broken link fails --strict.
    (clean / "vpn" / "vpn-wont-connect.md").write_text(
        (clean / "vpn" / "vpn-wont-connect.md").read_text(encoding="utf-8")
        + "\nSee [old](old-page.md).\n",
        encoding="utf-8",
    )
    assert main(["export", str(clean), "--out", str(tmp_path / "s3"), "--strict"]) == 1
    assert "broken link: no article 'old-page.md'" in capsys.readouterr().err


def test_drafts_are_left_out_unless_asked_for(workspace: Path, tmp_path: Path) -> None:
    draft = "vpn/vpn-disconnects-after-eight-hours.md"
    assert "status: draft" in (workspace / draft).read_text(encoding="utf-8")
    summary = export_site(Workspace(workspace), tmp_path / "site")
    assert draft in summary.drafts and summary.articles == 16
    assert not (tmp_path / "site/articles/vpn/vpn-disconnects-after-eight-hours.html").exists()
    index = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "vpn-disconnects-after-eight-hours" not in index  # not under "Recently updated"
    assert any("6 drafts left out" in n for n in summary.notes)
    # A published article linking to a draft has a broken link on the published site.
    mail = workspace / "mail" / "add-a-shared-mailbox.md"
    mail.write_text(
        mail.read_text(encoding="utf-8") + "\nSee [VPN](../" + draft + ").\n", encoding="utf-8"
    )
    linked = export_site(Workspace(workspace), tmp_path / "site", strict=True, lint=False)
    assert any("is a draft, left out" in p.message for p in linked.problems) and not linked.ok
    every = export_site(Workspace(workspace), tmp_path / "all", include_drafts=True)
    assert every.articles == 22 and every.drafts == []
    assert (tmp_path / "all/articles/vpn/vpn-disconnects-after-eight-hours.html").is_file()


def test_usage_errors_exit_2(workspace: Path, tmp_path: Path) -> None:
    assert main(["export", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    assert (
        main(["export", str(workspace), "--out", str(tmp_path / "o"), "--base-url", "ftp:x"]) == 2
    )
    with pytest.raises(SystemExit) as exc:
        main(["export", str(workspace)])
    assert exc.value.code == 2


def test_progress_and_cancel(workspace: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_site(Workspace(workspace), tmp_path / "p", progress=lambda d, t: seen.append((d, t)))
    assert (
        seen
        and seen[-1][0] <= seen[-1][1]
        and all(a <= b for (a, _), (b, _) in zip(seen, seen[1:], strict=False))
    )
    calls = iter(range(1000))
    summary = export_site(Workspace(workspace), tmp_path / "c", cancel=lambda: next(calls) > 3)
    # Drafts are rendered (their status is in the rendering) but not published.
    assert summary.cancelled and not summary.ok
    # The next export finishes the job: what the cancelled one rendered is reused, the rest
    # rendered, and the site is the same as one exported in a single run.
    resumed = export_site(Workspace(workspace), tmp_path / "c")
    assert resumed.ok and 0 < resumed.rendered < resumed.articles + len(resumed.drafts)
    assert site_files(tmp_path / "c") == site_files(tmp_path / "p")
    late = iter(range(1000))
    cut = export_site(Workspace(workspace), tmp_path / "d", cancel=lambda: next(late) > 40)
    assert cut.cancelled and cut.pages > 0  # stopped while writing pages
    assert export_site(Workspace(workspace), tmp_path / "d").ok
    assert site_files(tmp_path / "d") == site_files(tmp_path / "p")


def test_corpus_exports_and_every_page_parses_and_links(corpus_site) -> None:  # type: ignore[no-untyped-def]
    out, summary = corpus_site
    assert summary.articles >= 600 and not summary.cancelled
    pages, problems = check_pages(out, allow_absolute=True)
    assert pages == summary.pages
    # The corpus ships without its media and some linked articles: every dead link left in
    # a page must be one the export reported (with file and line), never a silent one.
    reported = " ".join(p.message for p in summary.problems)
    assert problems, "the corpus is known to have dead links"
    for problem in problems:
        url = problem.split(": ", 1)[1]
        name = posixpath.basename(urlsplit(url).path)
        name = name[:-5] + ".md" if name.endswith(".html") else name
        assert unquote(name) in reported or name in reported, problem
    assert any("missing image" in p.message for p in summary.problems)
    parts = list((out / "assets/search").iterdir())
    assert sum(p.stat().st_size for p in parts) < 6_000_000


def test_strict_export_fails_after_a_rule_under_styles_path_changes_without_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The release gate must not reuse lint results cached under the old rule set.
    ws = tmp_path / "ws"
    (ws / "house" / "House").mkdir(parents=True)
    (ws / "kbeditor.toml").write_text(
        '[lint]\nstyles = ["House"]\nstyles_path = ["house"]\n', encoding="utf-8"
    )
    rule = ws / "house" / "House" / "Banned.yml"
    rule.write_text(
        "extends: existence\nlevel: error\nmessage: \"Do not write '%s'.\"\ntokens: [frobnicate]\n",
        encoding="utf-8",
    )
    (ws / "printer.md").write_text(
        "---\ntitle: Printer is offline\n---\n# Printer is offline\n\nThe printer shows Offline.\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert main(["export", str(ws), "--out", str(out), "--strict"]) == 0, capsys.readouterr().err
    rule.write_text(rule.read_text(encoding="utf-8").replace("frobnicate", "offline"), "utf-8")
    assert main(["export", str(ws), "--out", str(out), "--strict"]) == 1
    assert re.search(r"printer\.md:\d+: error: .*\[House\.Banned\]", capsys.readouterr().err)
