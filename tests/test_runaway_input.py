"""Runaway input: articles and rules that once took minutes (or never finished) now finish.

Each case runs in a process of its own under a generous time limit, a guard
against hangs, not a speed target: every input here took minutes before its
fix (the figures are in bench/runaway_inputs.py), and seconds after.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LIMIT = 30  # seconds; each case took several minutes before its fix


def bounded(code: str, limit: float = LIMIT) -> str:
    """Run Python code in a fresh process; fail on an error or when it outlives ``limit``."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=limit,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {limit} s")
    assert done.returncode == 0, done.stderr
    return done.stdout


PARSE = """
from kbeditor.article import parse_article
article = parse_article("# Title\\n\\n" + BODY + "\\n")
print(len(article.sentences), len(article.code_spans), len(article.links))
"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # About cubic in the code-span regex: 2,000 backticks took 27 s, 4,000 minutes.
        ('"Type " + "`" * 4000', "0 0"),
        # Every link was checked against every earlier one: 20,000 links took 66 s.
        ('" ".join(f"[link {i}](page{i}.md)" for i in range(40_000))', "0 40000"),
        # A lazy comment regex rescanned to the end for every opener.
        ('"Text " + "<!--" * 40_000', "0 0"),
        # A tag's blanks were tried at every split of the run.
        ('"Text <a" + " " * 100_000', "0 0"),
    ],
    ids=["backticks", "links", "comment-openers", "tag-blanks"],
)
def test_inline_scan_is_linear(body: str, expected: str) -> None:
    out = bounded(f"BODY = {body}\n" + PARSE)
    assert out.split()[1:] == expected.split()


def test_full_stops_that_end_no_sentence_are_split_in_linear_time() -> None:
    """Each full stop followed by a lower-case word searched back to the sentence's start for
    an abbreviation (5,000 in a paragraph: 3.7 s; a mutated 24 KB article: seconds in
    KB.ArticleGrade, which counts sentences)."""
    out = bounded(
        """
        from kbeditor.article import parse_article
        article = parse_article("# Title\\n\\n" + "word. " * 40_000 + "\\nEnd. Next one.\\n")
        print(len(article.sentences))
        """
    )
    assert out.split() == ["3"]


def test_long_hex_word_is_linted_in_linear_time() -> None:
    """A 300 KB hex string: the parser's identifier test and KB.HardSentence's skip pattern
    rescanned the word from each letter (100 KB: 56 s with HardSentence on)."""
    out = bounded(
        """
        from kbeditor.article import parse_article
        from kbeditor.lint.engine import Linter
        word = "".join("0123456789abcdef"[(i * 7 + i // 16) % 16] for i in range(300_000))
        linter = Linter.from_styles(["lint_rules/KB"], rules={"KB.HardSentence": "warning"})
        article = parse_article(f"# Crash\\n\\nThe log shows {word} after a restart.\\n")
        print(sum(d.rule == "kbeditor.RuleFailed" for d in linter.lint(article)))
        """
    )
    assert out.split() == ["0"]


def test_steps_under_skipped_sections_in_linear_time() -> None:
    """1.5 MB of numbered lists under Symptoms headings: every item was tested against every
    skipped section, and each item copied the rest of the block list (1.5 MB: over 150 s)."""
    out = bounded(
        """
        from kbeditor.article import parse_article
        from kbeditor.lint.engine import Linter
        from kbeditor.lint.rules import load_style
        unit = (
            "## Symptoms\\n\\n1. The app stops.\\n2. Nothing opens.\\n\\n"
            "## Resolution\\n\\n1. Open Settings.\\n2. Select Save, then restart the app, "
            "then sign in and open the report.\\n\\n"
        )
        steps = {"KB.OneActionPerStep", "KB.StepStartsWithVerb"}
        rules = [r for r in load_style("lint_rules/KB").rules if r.id in steps]
        linter = Linter(rules, max_chars=None)  # the rules themselves, past the size limit
        found = linter.lint(parse_article("# Steps\\n\\n" + unit * (1_500_000 // len(unit))))
        print(len({d.rule for d in found}), len(found))
        """
    )
    rules, alerts = map(int, out.split())
    assert rules == 1 and alerts > 1000


RENDER = """
from kbeditor.article import parse_article
from kbeditor.export.render import render_article
html = render_article(parse_article("# Title\\n\\n" + BODY + "\\n")).html
print(html.count("["), html.count("<a "))
"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Python-Markdown searched to the end of the paragraph from every "[" (16,000: 40 s).
        ('"[" * 24_000', "24000 0"),
        # ... and from every "(" of "[text](" with no ")" (5,000: 30 s).
        ('"[a](" * 8_000', "8000 0"),
    ],
    ids=["unbalanced-brackets", "unclosed-link-targets"],
)
def test_render_unbalanced_brackets(body: str, expected: str) -> None:
    assert bounded(f"BODY = {body}\n" + RENDER).split() == expected.split()


def test_catastrophic_user_rule_is_stopped_and_reported() -> None:
    """A user rule whose pattern backtracks exponentially ((a+)+$ took 164 s on 31 letters
    with re; (a|aa)+$ on 60 letters would take years) is stopped at its budget and named in
    one kbeditor.RuleFailed; the bundled rules still report."""
    out = bounded(
        """
        import tempfile
        from pathlib import Path
        from kbeditor.article import parse_article
        from kbeditor.lint.engine import Linter
        style = Path(tempfile.mkdtemp()) / "Mine"
        style.mkdir()
        for name, pattern in (("Nested", "(a+)+$"), ("Branches", "(a|aa)+$")):
            (style / f"{name}.yml").write_text(
                f"extends: existence\\nmessage: slow\\nnonword: true\\nraw: ['{pattern}']\\n"
            )
        linter = Linter.from_styles([style, "lint_rules/KB"])
        linter.budget = 1.0
        text = (
            "---\\ntitle: Reset\\n---\\n# Reset\\n\\nYou should simply restart the app.\\n\\n"
            + "a" * 60 + "!\\n"
        )
        for d in linter.lint(parse_article(text)):
            print(d.rule, d.message if d.rule == "kbeditor.RuleFailed" else "")
        """
    )
    failed = [ln for ln in out.splitlines() if ln.startswith("kbeditor.RuleFailed")]
    assert len(failed) == 1 and "Mine.Branches" in failed[0] and "stopped" in failed[0]
    assert any(ln.startswith("KB.") for ln in out.splitlines())  # the others still ran


def test_many_capitalised_words_in_one_paragraph() -> None:
    """KB.Abbreviations looked for spelled-out words by searching the whole paragraph before
    each capitalised word, and for a naming noun through the whole run of capitals after it
    (2,000 in a paragraph: over 5 minutes)."""
    out = bounded(
        """
        from kbeditor.article import parse_article
        from kbeditor.lint.engine import Linter
        from kbeditor.lint.rules import load_style
        linter = Linter([r for r in load_style("lint_rules/KB").rules if r.id == "KB.Abbreviations"])
        body = "the printer and the tray " * 2000 + "QWZ and XKCD, " * 2000
        text = "---\\ntitle: A\\naudience: end-user\\n---\\n# A\\n\\n" + body + "\\n"
        print(len(linter.lint(parse_article(text))))
        """
    )
    assert int(out) >= 1


def test_crowded_paragraph_is_shown_as_plain_text() -> None:
    """Python-Markdown's time grows with the square of a paragraph's inline elements (40,000
    ``**a**``: 26 s): such a paragraph is shown as typed, with a warning on its line, and
    the paragraphs around it are still rendered."""
    out = bounded(
        """
        from kbeditor.article import parse_article
        from kbeditor.export.render import render_article
        body = "Intro *one*.\\n\\n" + " ".join(["**a**"] * 40_000) + "\\n\\nAfter *two*.\\n"
        rendered = render_article(parse_article("# Title\\n\\n" + body))
        print(rendered.html.count("**a**"), rendered.html.count("<em>"))
        print(rendered.warnings)
        """
    )
    counts, warnings = out.splitlines()
    assert counts.split() == ["40000", "2"]
    assert "(5, 'this paragraph has 160,000 markup characters" in warnings


def test_crowded_list_item_makes_the_article_plain_text() -> None:
    out = bounded(
        """
        from kbeditor.article import parse_article
        from kbeditor.export.render import render_article
        rendered = render_article(parse_article("# Title\\n\\n- " + "`a` " * 20_000 + "\\n"))
        print(rendered.html.startswith("<pre>"), rendered.html.count("<code>"))
        print(rendered.warnings)
        """
    )
    shape, warnings = out.splitlines()
    assert shape.split() == ["True", "0"]
    assert "the article is shown as plain text" in warnings


def test_preview_of_a_very_large_article_shows_its_start_and_says_so() -> None:
    """The preview rendered an article of megabytes in full (several seconds per pause in
    typing); it renders the first part under a notice. The export renders all of it."""
    out = bounded(
        """
        from kbeditor.article import parse_article
        from kbeditor.gui.preview import render_preview
        unit = "## Step\\n\\n1. Open *Settings*.\\n2. Select Save.\\n\\n"
        article = parse_article("# Big\\n\\n" + unit * (3_000_000 // len(unit)))
        html, lines = render_preview(article)
        print(len(html) < 1_000_000, html.count("<em>"), max(lines))
        print(html.split("</p>")[0])
        """
    )
    shape, notice = out.splitlines()
    small, emphasis, last_line = shape.split()
    assert small == "True" and 1000 < int(emphasis) < 10_000 and int(last_line) < 50_000
    assert "The preview shows the first 99," in notice and "of 2,999," in notice
