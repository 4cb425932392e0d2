"""The health report on real workspaces: the sample KB, edited copies of it, the real index."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import html5lib
import pytest

from kbeditor.cli import main
from kbeditor.health import querylog
from kbeditor.health.report import build_report
from kbeditor.workspace import Workspace

TODAY = dt.date.today()
LOAN = "laptops/borrow-a-loan-laptop.md"
VPN = "vpn/vpn-wont-connect.md"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _row(report: dict, rel: str) -> dict:
    return next(r for r in report["articles"] if r["path"] == rel)


@pytest.fixture
def edited(workspace: Path) -> Path:
    """The sample KB with one stale article, one without owner, a broken link and a copy."""
    vpn = workspace / VPN
    text = vpn.read_text(encoding="utf-8")
    _edit(vpn, "owner: Network team\n", "")
    _edit(vpn, "## ", "See [the old guide](old-guide.md) and ![map](../images/gone.png).\n\n## ")
    (workspace / "vpn" / "vpn-wont-connect-copy.md").write_text(text, encoding="utf-8")
    loan = workspace / LOAN
    loan_text = loan.read_text(encoding="utf-8")
    old_date = next(line for line in loan_text.splitlines() if line.startswith("updated:"))
    _edit(loan, old_date, f"updated: {TODAY - dt.timedelta(days=400)}")
    return workspace


def test_report_finds_the_stale_the_unowned_the_broken_and_the_duplicate(edited: Path):
    report = build_report(Workspace(edited))
    fresh = report["freshness"]
    assert LOAN in [a["path"] for a in fresh["overdue"]]
    assert _row(report, LOAN)["days_left"] == 180 - 400
    assert [a["path"] for a in fresh["no_owner"]] == [VPN]
    broken = {(b["rel"], b["target"], b["image"]) for b in report["links"]["broken"]}
    assert broken == {(VPN, "old-guide.md", False), (VPN, "../images/gone.png", True)}
    clusters = report["duplicates"]["clusters"]
    assert [c["articles"] for c in clusters] == [["vpn/vpn-wont-connect-copy.md", VPN]]
    assert clusters[0]["similarity"] > 0.9
    # each fault costs its article points in the part it belongs to
    vpn = _row(report, VPN)["parts"]
    assert vpn["uniqueness"] < 2 and vpn["findability"] < 15 and vpn["freshness"] < 15
    assert _row(report, LOAN)["parts"]["freshness"] == pytest.approx(4.5)
    assert report["glance"]["articles"] == 23
    assert report["score"]["kb"] == pytest.approx(
        round(sum(r["score"] for r in report["articles"]) / 23, 1)
    )


def test_workspace_review_interval_and_review_by_decide_what_is_overdue(workspace: Path):
    (workspace / "kbeditor.toml").write_text("[workspace]\nreview_after_days = 10000\n")
    report = build_report(Workspace(workspace))
    assert report["freshness"]["overdue"] == []
    _edit(workspace / LOAN, "owner:", f"review_by: {TODAY - dt.timedelta(days=1)}\nowner:")
    report = build_report(Workspace(workspace))
    assert [a["path"] for a in report["freshness"]["overdue"]] == [LOAN]


def test_lint_results_are_reused_and_only_changed_articles_are_checked_again(workspace: Path):
    first = build_report(Workspace(workspace))["build"]
    assert first["articles_linted"] == 22 and first["articles_from_cache"] == 0
    _edit(workspace / VPN, "## ", "Just restart it.\n\n## ")
    again = build_report(Workspace(workspace))
    assert again["build"]["articles_linted"] == 1 and again["build"]["articles_from_cache"] == 21
    fresh = build_report(Workspace(workspace), use_cache=False)
    assert fresh["articles"] == again["articles"]  # the cache changes nothing but the time


def test_each_run_adds_a_snapshot_to_the_trend(workspace: Path):
    build_report(Workspace(workspace))
    _edit(workspace / LOAN, "owner: Workplace team\n", "")
    report = build_report(Workspace(workspace))
    assert len(report["trend"]) == 2
    assert report["trend"][1]["score"] < report["trend"][0]["score"]
    trial = build_report(Workspace(workspace), save_snapshot=False)
    assert len(trial["trend"]) == 3
    assert len(build_report(Workspace(workspace))["trend"]) == 3


def test_search_gaps_are_counted_only_when_the_workspace_asks(workspace: Path):
    root = workspace.resolve()
    assert not querylog.record(root, "printer on fire", 0)
    (workspace / "kbeditor.toml").write_text("[search]\nlog_queries = true\n")
    assert querylog.record(root, "printer on fire", 0)
    assert querylog.record(root, "Printer  ON fire", 0)
    assert not querylog.record(root, "vpn", 3)  # found something: not a gap
    assert querylog.record_not_opened(root, "expense codes")
    gaps = build_report(Workspace(workspace))["search_gaps"]
    assert gaps["logging"] is True
    assert [(q["query"], q["count"], q["not_opened"]) for q in gaps["queries"]] == [
        ("Printer ON fire", 2, 0),
        ("expense codes", 0, 1),
    ]
    stored = json.loads((root / ".kbeditor" / "search-gaps.json").read_text())
    assert set(stored["queries"]["printer on fire"]) == {"query", "count", "not_opened", "last"}


def test_search_command_counts_a_query_that_finds_nothing(workspace: Path, capsys):
    (workspace / "kbeditor.toml").write_text("[search]\nlog_queries = true\n")
    main(["search", "zyxwvut quokka", "--workspace", str(workspace)])
    main(["search", "vpn", "--workspace", str(workspace)])
    capsys.readouterr()
    assert [g.query for g in querylog.gaps(workspace.resolve())] == ["zyxwvut quokka"]


# -- the command ---------------------------------------------------------------------


def test_report_command_writes_a_page_without_script_or_remote_resources(
    edited: Path, tmp_path: Path, capsys
):
    (edited / "mail" / "hostile.md").write_text(
        '---\ntitle: "<script>alert(1)</script> <img src=https://x.example/t.png>"\n'
        'product: "<b>Mail</b>"\n---\n## Symptoms\n\nMail fails.\n',
        encoding="utf-8",
    )
    out = tmp_path / "report"
    assert main(["report", str(edited), "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    page = (out / "index.html").read_text(encoding="utf-8")
    doc = html5lib.parse(page, namespaceHTMLElements=False)
    scripts = [e for e in doc.iter() if str(e.tag).rpartition("}")[2] == "script"]
    assert scripts == []  # none in the page, none inside the charts' SVG
    for element in doc.iter():
        for attr in ("src", "href"):
            value = element.get(attr) or ""
            assert not value.startswith(("http:", "https:", "//")), value
        if element.tag == "link":
            pytest.fail("the report must not load a stylesheet")
    assert len(doc.findall(".//{http://www.w3.org/2000/svg}svg")) >= 9
    assert "vpn-wont-connect-copy.md" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # titles are text, never markup
    assert [e for e in doc.iter() if str(e.tag).endswith("img")] == []
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["format"] == 1 and data["glance"]["articles"] == 24


def test_report_json_exit_codes(edited: Path, capsys):
    assert main(["report", str(edited), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {
        "score", "glance", "articles", "freshness", "quality",
        "duplicates", "links", "search_gaps", "trend", "build",
    }  # fmt: skip
    assert main(["report", str(edited), "--json", "--fail-under", "100"]) == 1
    capsys.readouterr()
    assert main(["report", str(edited)]) == 2  # neither --out nor --json
    assert main(["report", str(edited / "nowhere"), "--json"]) == 2
    assert main(["report", str(edited), "--json", "--fail-under", "101"]) == 2


def test_report_on_an_empty_folder(tmp_path: Path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["report", str(empty), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "index.html").is_file()
    shutil.rmtree(empty / ".kbeditor", ignore_errors=True)


# -- the exported site's feedback link -----------------------------------------------


def test_export_carries_the_feedback_link_only_when_configured(workspace: Path, tmp_path: Path):
    from kbeditor.export.site import export_site

    export_site(Workspace(workspace), tmp_path / "plain")
    assert "search-feedback" not in (tmp_path / "plain" / "search.html").read_text()
    (workspace / "kbeditor.toml").write_text(
        '[export]\nfeedback_url = "mailto:kb@example.com?subject=Not%20found:%20{query}"\n'
    )
    export_site(Workspace(workspace), tmp_path / "site")
    doc = html5lib.parse(
        (tmp_path / "site" / "search.html").read_text(), namespaceHTMLElements=False
    )
    para = doc.find(".//p[@id='search-feedback']")
    assert para.get("data-template") == "mailto:kb@example.com?subject=Not%20found:%20{query}"
    assert para.find("a").get("href") == "mailto:kb@example.com?subject=Not%20found:%20"
    (workspace / "kbeditor.toml").write_text('[export]\nfeedback_url = "javascript:alert(1)"\n')
    export_site(Workspace(workspace), tmp_path / "bad")
    assert "search-feedback" not in (tmp_path / "bad" / "search.html").read_text()


def test_search_as_you_type_counts_only_the_query_settled_on(workspace: Path):
    root = workspace.resolve()
    (workspace / "kbeditor.toml").write_text("[search]\nlog_queries = true\n")
    tracker = querylog.QueryTracker(root)
    for typed, found in (("pri", 0), ("printer", 2), ("printer jams", 0)):
        tracker.shown(typed, found)
    tracker.shown("vpn", 4)  # a new query: "printer jams" is judged (found nothing)
    tracker.opened()
    tracker.shown("vpn", 4)  # shown again after an index update: still opened
    tracker.shown("expense", 3)  # "vpn" was opened: not a gap
    tracker.flush()  # "expense" found results, none opened
    assert [(g.query, g.count, g.not_opened) for g in querylog.gaps(root)] == [
        ("expense", 0, 1),
        ("printer jams", 1, 0),
    ]


def test_articles_linted_in_worker_processes_give_the_same_facts(workspace: Path):
    from kbeditor.health.facts import gather

    serial = gather(Workspace(workspace), use_cache=False, parallel_min=10_000)
    pooled = gather(Workspace(workspace), use_cache=False, parallel_min=1)
    assert pooled.linted == serial.linted == 22
    assert pooled.articles == serial.articles
    assert sum(len(a.findings) for a in pooled.articles) > 50
