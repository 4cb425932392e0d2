"""Bad input and hostile files: one clear line naming the file, never a traceback or a hang.

Each command-line case runs ``python -m kbeditor`` as a separate process with
a time limit, on real files in a temporary folder, and checks what a user
sees: the exit code, no traceback, and a line that names the file and the
problem.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kbeditor.article import load_article, parse_article
from kbeditor.metadata_edit import form_values, set_values

GOOD = "---\ntitle: Printer jams\n---\n# Printer jams\n\nThe printer jams when the tray is full.\n"


def run(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the command line as a user would; fail on a traceback or a hang."""
    done = subprocess.run(
        [sys.executable, "-m", "kbeditor", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    return done


def lines_naming(done: subprocess.CompletedProcess, name: str, *words: str) -> list[str]:
    """Output lines that name the file ``name`` and contain every one of ``words``."""
    output = (done.stdout + done.stderr).splitlines()
    return [ln for ln in output if name in ln and all(w in ln for w in words)]


def kb(tmp_path: Path, **articles: str) -> Path:
    """A workspace with a good article and the given ``name=text`` articles."""
    root = tmp_path / "kb"
    root.mkdir()
    (root / "good.md").write_text(GOOD, encoding="utf-8")
    for name, text in articles.items():
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    return root


# -- Fault 1: an impossible date ----------------------------------------------------

BAD_DATE = "---\ntitle: Bad date\nupdated: 2024-02-30\n---\n# Bad date\n\nSome text.\n"


@pytest.mark.parametrize(
    "text",
    [
        BAD_DATE,
        "---\nupdated: !!timestamp 2024-02-30\n---\nText.\n",
        "---\nupdated: 2024-13-01T10:00:00Z\n---\nText.\n",
        "---\nms.date: 2024-02-30\n---\nText.\n",
    ],
)
def test_parse_article_never_raises_on_an_impossible_date(text):
    article = parse_article(text, "bad.md")
    assert article.metadata.updated is None


def test_an_impossible_date_is_one_problem_naming_the_file_and_the_date(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text(BAD_DATE, encoding="utf-8")
    errors = [str(e) for e in load_article(path).errors]
    assert errors == [
        f"{path}:3: front matter key 'updated' '2024-02-30' is not a real date"
        " (day is out of range for month)"
    ]


def test_real_dates_and_timestamps_still_read_as_dates():
    for value in ("2024-02-29", "2024-02-29T10:00:00Z", "2024-02-29 10:00:00", "'2024-02-29'"):
        article = parse_article(f"---\nupdated: {value}\n---\nText.\n")
        assert article.errors == []
        assert article.metadata.updated.isoformat() == "2024-02-29"


def test_the_metadata_form_reads_and_fixes_an_impossible_date():
    assert form_values(BAD_DATE)["updated"] == ""
    fixed = set_values(
        BAD_DATE.replace("2024-02-30", "2024-02-30  # checked"), {"updated": "2024-02-28"}
    )
    assert "updated: 2024-02-28  # checked\n" in fixed
    assert parse_article(fixed).metadata.updated.isoformat() == "2024-02-28"


def test_info_and_lint_report_an_impossible_date_and_read_the_rest(tmp_path):
    root = kb(tmp_path, bad=BAD_DATE)
    info = run("info", str(root))
    assert info.returncode == 1
    assert lines_naming(info, "bad.md:3", "'2024-02-30' is not a real date")
    assert "Printer jams" in info.stdout
    lint = run("lint", str(root))
    assert lint.returncode == 1
    assert "bad.md" in lint.stdout
    assert "'2024-02-30' is not a real date" in lint.stdout


def test_index_search_and_export_work_with_an_impossible_date(tmp_path):
    root = kb(tmp_path, bad=BAD_DATE)
    assert run("index", str(root)).returncode == 0
    search = run("search", "-w", str(root), "printer")
    assert search.returncode == 0
    assert "good.md" in search.stdout
    export = run("export", str(root), "--out", str(tmp_path / "site"))
    assert export.returncode == 0
    assert lines_naming(export, "bad.md:3", "'2024-02-30' is not a real date")
    strict = run("export", str(root), "--out", str(tmp_path / "site2"), "--strict")
    assert strict.returncode == 1
    assert lines_naming(strict, "bad.md:3", "error", "'2024-02-30' is not a real date")
