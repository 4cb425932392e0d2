"""``kbeditor lint`` on many articles: worker processes, the streamed report and the lint cache.

The report is a public interface: whatever the number of processes and
whether results come from the cache, every format must print exactly what the
in-memory renderer prints for the same articles, and exit the same way.
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kbeditor.article import load_article
from kbeditor.commands.lint_run import LintRun
from kbeditor.lint.cache import CACHE_NAME, LintCache, content_digest
from kbeditor.lint.diagnostic import Diagnostic
from kbeditor.lint.engine import Linter
from kbeditor.lint.identity import ruleset_identity
from kbeditor.lint.linters import Linters
from kbeditor.lint.report import FORMATS, render
from kbeditor.lint.settings import settings_for
from kbeditor.lint.stream import writer_for
from kbeditor.paths import expand_articles
from kbeditor.workspace import DATA_DIR

ARTICLE = "mail/outlook-password-prompt-loop.md"


@pytest.fixture
def kb(tmp_path: Path, sample_kb: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(sample_kb, root, ignore=shutil.ignore_patterns(".kbeditor"))
    return root


def lint(cwd: Path, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "kbeditor", "lint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, done.stdout


def reference(root: Path, cwd: Path, fmt: str) -> str:
    """What one process linting every article in turn and rendering at the end prints."""
    linter = Linter.from_settings(settings_for(root))
    reports = [
        (p.relative_to(cwd).as_posix(), linter.lint(load_article(p)))
        for p in sorted(root.rglob("*.md"))
        if ".kbeditor" not in p.parts
    ]
    return render(fmt, reports, linter.rules)


def run_in_process(root: Path, linters: Linters, fmt: str, **kwargs: object) -> tuple[bool, str]:
    """The command's own run over every article of ``root``, as ``kbeditor lint kb``."""
    out = io.StringIO()
    files = expand_articles([root.name])
    found = LintRun(linters, **kwargs).run(files, [], fmt, out, "error", [root.name])  # type: ignore[arg-type]
    return found, out.getvalue()


def test_parallel_cached_and_serial_reports_are_identical(kb: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(kb.parent)
    linters = Linters(None, None)  # the rule set is built once for every run below
    for fmt in FORMATS:
        expected = reference(kb, kb.parent, fmt)
        serial = run_in_process(kb, linters, fmt, use_cache=False, jobs=1)
        parallel = run_in_process(kb, linters, fmt, use_cache=False, jobs=2)
        filling = run_in_process(kb, linters, fmt, use_cache=True, jobs=2)
        cached = run_in_process(kb, linters, fmt, use_cache=True, jobs=2)
        assert serial[1] == expected, fmt
        assert serial == parallel == filling == cached, fmt
        assert serial[0]  # the sample KB has errors on purpose


def test_the_command_in_worker_processes_prints_what_one_process_prints(kb: Path) -> None:
    expected = reference(kb, kb.parent, "json")
    assert lint(kb.parent, "kb", "--format", "json", "--jobs", "2") == (1, expected)


@pytest.mark.parametrize("fmt", FORMATS)
def test_streamed_writers_match_the_renderer_for_repeated_and_empty_files(
    kb: Path, fmt: str
) -> None:
    linter = Linter.from_settings(settings_for(kb))
    article = kb / ARTICLE
    diags = linter.lint(load_article(article))
    assert diags
    for reports in ([], [("a.md", [])], [("a.md", diags), ("a.md", diags), ("b.md", [])]):
        out = io.StringIO()
        writer = writer_for(fmt, out)
        for path, found in reports:
            writer.add(path, found)
        writer.finish(linter.rules)
        assert out.getvalue() == render(fmt, reports, linter.rules)


def cache_of(root: Path) -> LintCache:
    return LintCache(root, ruleset_identity(settings_for(root)))


def planted() -> Diagnostic:
    return Diagnostic(
        "KB.Planted", "style", "warning", "planted in the cache", "", "", "x",
        0, 1, 1, 1, 1, 2,
    )  # fmt: skip


def test_a_second_run_takes_unchanged_articles_from_the_cache(kb: Path) -> None:
    lint(kb, ".", "--format", "line")
    assert (kb / DATA_DIR / CACHE_NAME).is_file()
    data = (kb / ARTICLE).read_bytes()
    cache = cache_of(kb)
    badge = cache.get(content_digest(data, Path(ARTICLE).name))
    cache.put_result(content_digest(data, Path(ARTICLE).name), [planted()], badge)  # type: ignore[arg-type]
    cache.close()

    _, out = lint(kb, ".", "--format", "line")
    assert f"{ARTICLE}:1:1:KB.Planted:planted in the cache" in out.splitlines()
    _, fresh = lint(kb, ".", "--format", "line", "--no-cache")
    assert "KB.Planted" not in fresh

    (kb / ARTICLE).write_bytes(data + b"\nRestart the laptop.\n")  # changed: linted again
    _, out = lint(kb, ".", "--format", "line")
    assert "KB.Planted" not in out
    assert out == lint(kb, ".", "--format", "line", "--no-cache")[1]


def test_the_command_line_fills_the_editors_badges(kb: Path) -> None:
    lint(kb, ".")
    data = (kb / ARTICLE).read_bytes()
    badge = cache_of(kb).get(content_digest(data, Path(ARTICLE).name))
    assert badge is not None
    assert badge["title"] == load_article(kb / ARTICLE).title
    assert badge["counts"]["words"] > 0


def test_a_damaged_cache_file_is_replaced_and_never_changes_the_report(kb: Path) -> None:
    expected = lint(kb, ".", "--format", "json", "--no-cache")
    (kb / DATA_DIR).mkdir(exist_ok=True)
    (kb / DATA_DIR / CACHE_NAME).write_bytes(b"not a database" * 100)
    assert lint(kb, ".", "--format", "json") == expected
    with sqlite3.connect(kb / DATA_DIR / CACHE_NAME) as db:
        stored = db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    assert stored == len([p for p in kb.rglob("*.md") if DATA_DIR not in p.parts])


def test_a_partial_run_keeps_the_other_articles_cached(kb: Path) -> None:
    lint(kb, ".")
    before = _entries(kb)
    lint(kb, ARTICLE)  # one article: the others' entries stay
    assert _entries(kb) == before


def _entries(root: Path) -> int:
    with sqlite3.connect(root / DATA_DIR / CACHE_NAME) as db:
        return db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]


def test_jobs_must_be_positive(kb: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kbeditor", "lint", ".", "--jobs", "0"],
        cwd=kb,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "--jobs" in done.stderr


def test_a_run_from_the_cache_says_what_building_the_rules_said(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    (root / "styles" / "House").mkdir(parents=True)
    (root / "styles" / "House" / "Simple.yml").write_text(
        "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: warning\nignorecase: true\ntokens: [simply]\n",
        encoding="utf-8",
    )
    (root / "styles" / "House" / "Broken.yml").write_text("extends: nonsense\n", encoding="utf-8")
    (root / "kbeditor.toml").write_text(
        '[lint]\nstyles = ["House"]\nstyles_path = "styles"\n', encoding="utf-8"
    )
    (root / "a.md").write_text("# A\n\nSimply go.\n", encoding="utf-8")

    def run() -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "kbeditor", "lint", ".", "--format", "sarif"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        return done.returncode, done.stdout, done.stderr

    first = run()
    assert "Broken.yml" in first[2] and "House.Simple" in first[1]
    assert run() == first  # every article from the cache: same report, same messages


def test_duplicate_ids_are_reported_alike_in_worker_processes_and_from_the_cache(
    kb: Path,
) -> None:
    """The id check needs every file: it runs before the streamed report, in the report's order."""
    article = kb / ARTICLE
    copy = kb / "mail" / "zz-copy-of-the-prompt-loop.md"
    copy.write_bytes(article.read_bytes())
    for fmt in FORMATS:
        serial = lint(kb.parent, "kb", "--format", fmt, "--jobs", "1", "--no-cache")
        parallel = lint(kb.parent, "kb", "--format", fmt, "--jobs", "2", "--no-cache")
        filling = lint(kb.parent, "kb", "--format", fmt, "--jobs", "2")
        cached = lint(kb.parent, "kb", "--format", fmt, "--jobs", "2")
        assert serial == parallel == filling == cached, fmt
        assert "kbeditor.DuplicateId" in serial[1], fmt
    copy.unlink()  # the other article alone keeps its id: no error left, even from the cache
    assert "kbeditor.DuplicateId" not in lint(kb.parent, "kb", "--format", "line")[1]


_REPLACED = """
import json, multiprocessing, sys
from pathlib import Path
from kbeditor.lint import batch

files = sorted(p for p in Path(sys.argv[1]).rglob("*.md") if ".kbeditor" not in p.parts)
recipe = batch.Recipe(None, str(files[0].parent), None)
items = [(None, (recipe, str(p), p.read_bytes())) for p in files]
serial = [o.diagnostics for o in batch.ordered(items, 1, [recipe])]
workers, answers = set(), []
for outcome in batch.ordered(items, 2, [recipe], per_worker=3):
    answers.append(outcome.diagnostics)
    workers.update(child.pid for child in multiprocessing.active_children())
print(json.dumps({"same": answers == serial, "some": any(serial), "files": len(files),
                  "workers": len(workers)}))
"""


def test_workers_are_replaced_as_they_go_and_answers_keep_their_order(kb: Path) -> None:
    # A worker grows with what its rules remember between articles; replaced every few
    # articles, the pool still answers every article, in order, as one process does.
    # Run in a process of its own: workers are forked (and replaced) only in a process
    # that runs no other thread, and earlier tests may leave threads behind.
    done = subprocess.run(
        [sys.executable, "-c", _REPLACED, str(kb)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["same"] and found["some"]
    assert found["workers"] >= found["files"] // 6  # two workers for each six articles
