"""The engine for live use: relint reuses unchanged blocks and gives the same answer as a full lint."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from kbeditor.article import load_article, parse_article
from kbeditor.lint.engine import Linter, apply_fix

RULES = {
    "Simple": "extends: existence\nmessage: \"Avoid '%s'.\"\nignorecase: true\ntokens: [simply, just]\n",
    "Words": "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nignorecase: true\nswap:\n  utilize: use\n",
    "Spell": "extends: consistency\nmessage: \"Inconsistent '%s'.\"\neither:\n  colour: color\n",
    "Long": "extends: occurrence\nmessage: long\nscope: sentence\nmax: 12\ntoken: '\\b\\w+\\b'\n",
}


def _linter(styles) -> Linter:
    for name, body in RULES.items():
        styles.rule(name, body)
    return styles.linter()


def test_relint_after_an_edit_matches_a_full_lint_and_reuses_blocks(styles, corpus_articles):
    linter = _linter(styles)
    for path in corpus_articles[:10]:
        article = load_article(path)
        first = linter.check(article)
        # The writer's own paragraphs (not a quoted message, not a line of identifiers).
        paragraphs = [
            b
            for b in article.blocks
            if b.kind == "paragraph" and len(article.words(b.start, b.end)) >= 5
        ]
        if not paragraphs:
            continue
        target = paragraphs[len(paragraphs) // 2]
        text = (
            article.text[: target.end]
            + " Simply utilize the color colour."
            + article.text[target.end :]
        )
        edited = parse_article(text, path)
        again = linter.relint(edited, first)
        assert again.text == text
        assert again.diagnostics == linter.check(edited).diagnostics
        assert {"Test.Simple", "Test.Words"} <= {d.rule for d in again.diagnostics}


def test_relint_with_a_stale_or_foreign_result_falls_back_to_a_full_lint(styles):
    linter = _linter(styles)
    article = parse_article("Simply go.\n\nUtilize it.\n")
    other = Linter(linter.rules)
    result = other.check(article)
    assert linter.relint(article, result).diagnostics == linter.check(article).diagnostics
    audience_changed = parse_article("---\naudience: it-staff\n---\nSimply go.\n\nUtilize it.\n")
    assert len(linter.relint(audience_changed, linter.check(article))) == 2


def test_fix_applies_to_the_text(styles):
    linter = _linter(styles)
    article = parse_article("Please utilize the portal.\n")
    (diag,) = linter.lint(article)
    assert apply_fix(article.text, diag) == "Please use the portal.\n"


def test_linting_from_worker_threads_gives_the_same_results(styles, corpus_articles):
    linter = _linter(styles)
    articles = [load_article(p) for p in corpus_articles[:12]]
    expected = [linter.lint(a) for a in articles]
    results: dict[int, list] = {}

    def work(i: int) -> None:
        results[i] = linter.lint(articles[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(articles))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[i] for i in range(len(articles))] == expected


def test_front_matter_errors_are_diagnostics_not_crashes(styles):
    linter = _linter(styles)
    article = parse_article("---\ntitle: [unclosed\n---\nSimply.\n")
    diags = linter.lint(article)
    assert [d.rule for d in diags][:1] == ["kbeditor.FrontMatter"]
    assert diags[0].severity == "error" and "front matter" in diags[0].message
    assert "Test.Simple" in {d.rule for d in diags}


def test_good_sample_articles_have_no_warnings_or_errors(sample_kb):
    flawed = {
        "outlook-password-prompt-loop.md",
        "vpn-disconnects-after-eight-hours.md",
        "expense-report-disappeared.md",
        "laptop-running-slowly.md",
        "borrow-a-loan-laptop.md",
        "label-printing-slow-rotterdam.md",
    }
    linter = Linter.for_workspace(sample_kb)
    for path in sorted(sample_kb.rglob("*.md")):
        if path.name in flawed:
            continue
        serious = [d for d in linter.lint(load_article(path)) if d.severity != "suggestion"]
        assert serious == [], (path.name, [(d.rule, d.line, d.message) for d in serious])


_FREEZE_CHECK = """
import gc
from kbeditor.article import parse_article
from kbeditor.lint.engine import Linter
from kbeditor.lint.settings import BUNDLED_STYLES

linter = Linter.from_styles([BUNDLED_STYLES / "KB"])
article = parse_article("# Reset your password\\n\\nOpen the portal and sign in.\\n")
assert gc.get_freeze_count() == 0
first = linter.check(article)
frozen = gc.get_freeze_count()
edited = parse_article(article.text + "\\nSelect **Reset**.\\n")
linter.relint(edited, first)
linter.check(edited)
print(frozen, gc.get_freeze_count())
"""


def test_the_first_lint_leaves_the_loaded_rules_out_of_garbage_collection_once():
    """A full collection walks every object the process holds: the compiled rules and the
    dictionaries, frozen after the first lint, are no longer walked (the 0.3 s pauses while
    typing); later lints freeze nothing more, so their garbage is still collected."""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", _FREEZE_CHECK],
        capture_output=True,
        text=True,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    frozen, later = (int(x) for x in done.stdout.split())
    assert frozen > 10_000
    assert later == frozen
