"""One reading grade: the article-grade rule, the hard-sentence rules and the editor's figures agree.

Real rule files (the bundled KB style, or a workspace's own copy of it), real
articles from the sample KB and the public corpus; nothing of ours is mocked.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbeditor.article import load_article, parse_article
from kbeditor.lint.engine import Linter
from kbeditor.lint.settings import BUNDLED_STYLES
from kbeditor.readability_summary import (
    article_grade,
    format_grade,
    reading_targets,
    sentence_grade,
    summarise,
)

LONG = (
    "If the organisational authentication infrastructure consistently rejects your "
    "credentials, the administrative configuration of your workstation's certificate "
    "enrolment probably requires comprehensive reinitialisation by the responsible "
    "departmental infrastructure administrators."
)
SENTENCE_RULES = ("KB.HardSentence", "KB.VeryHardSentence")


@pytest.fixture(scope="module")
def kb_linter() -> Linter:
    """The bundled style with its Hemingway sentence rules turned on (they ship off)."""
    return Linter.from_styles(
        [BUNDLED_STYLES / "KB"], rules={"KB.HardSentence": "on", "KB.VeryHardSentence": "on"}
    )


def _copy_of_kb(workspace: Path, config: str = "") -> Path:
    """The workspace gets its own copy of the KB style, found before the bundled one."""
    shutil.copytree(BUNDLED_STYLES / "KB", workspace / "styles" / "KB")
    (workspace / "kbeditor.toml").write_text(
        f'[lint]\nstyles_path = "styles"\n{config}', encoding="utf-8"
    )
    return workspace / "styles" / "KB"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _grade_alerts(linter: Linter, article) -> list:  # type: ignore[no-untyped-def]
    return [d for d in linter.lint(article) if d.rule == "KB.ArticleGrade"]


# -- the targets come from the rule files --------------------------------------------------
def test_targets_are_read_from_the_bundled_rule_files(kb_linter: Linter) -> None:
    for audience, target in (("end-user", 8), ("it-staff", 11), ("developer", 12)):
        t = reading_targets(kb_linter.rules, audience, "troubleshooting")
        assert t.grade is not None and t.grade.rule == "KB.ArticleGrade"
        assert (t.grade.target, t.grade.tolerance, t.grade.min_words) == (target, 1.0, 100)
        assert t.grade.limit == target + 1
    bands = reading_targets(kb_linter.rules, "it-staff", None).bands
    assert [(b.rule, b.level, b.grade, b.below) for b in bands] == [
        ("KB.HardSentence", "hard", 12.0, 16.0),
        ("KB.VeryHardSentence", "very hard", 16.0, None),
    ]


def test_good_article_is_within_its_audience_target(sample_kb: Path, kb_linter: Linter) -> None:
    article = load_article(sample_kb / "mail" / "outlook-keeps-asking-for-password.md")
    summary = summarise(article, kb_linter.rules)
    assert summary.audience == "end-user" and summary.target is not None
    assert summary.target.target == 8 and summary.on_target and summary.judged
    assert summary.verdict.startswith("Within the target of 8 for end-user readers")
    assert summary.words > 200 and summary.sentences > 20
    assert summary.reading_minutes == 2
    assert 60 < summary.reading_ease < 100


def test_faulty_draft_is_above_target_with_the_rules_number(
    sample_kb: Path, kb_linter: Linter
) -> None:
    article = load_article(sample_kb / "laptops" / "borrow-a-loan-laptop.md")
    summary = summarise(article, kb_linter.rules)
    assert summary.above_target and summary.very_hard_count >= 1
    (alert,) = _grade_alerts(kb_linter, article)
    assert f"reads at grade {format_grade(summary.grade)};" in alert.message  # type: ignore[arg-type]
    assert "allows up to 1 above it" in alert.message


# -- one grade, one verdict ---------------------------------------------------------------------
def _articles(sample_kb: Path, corpus: list[Path]) -> list[Path]:
    return sorted(sample_kb.rglob("*.md")) + corpus[:150]


def test_within_target_exactly_when_the_rule_is_silent(
    sample_kb: Path, corpus_articles: list[Path], kb_linter: Linter
) -> None:
    """Fails on the old code: the panel, the status bar and the rule each had their own grade."""
    checked = above = 0
    for path in _articles(sample_kb, corpus_articles):
        article = load_article(path)
        summary = summarise(article, kb_linter.rules)
        alerts = _grade_alerts(kb_linter, article)
        assert summary.above_target == bool(alerts), (path.name, summary.grade, alerts)
        if alerts:
            above += 1
            assert f"grade {format_grade(summary.grade)};" in alerts[0].message  # type: ignore[arg-type]
        checked += 1
    assert checked > 150 and above > 5


def test_hard_sentences_are_the_sentence_rules_alerts(
    sample_kb: Path, corpus_articles: list[Path], kb_linter: Linter
) -> None:
    for path in _articles(sample_kb, corpus_articles)[:80]:
        article = load_article(path)
        summary = summarise(article, kb_linter.rules)
        alerts = [d for d in kb_linter.lint(article) if d.rule in SENTENCE_RULES]
        expected = [
            (d.start, d.end, "very hard" if d.rule == "KB.VeryHardSentence" else "hard")
            for d in alerts
        ]
        assert [(s.start, s.end, s.level) for s in summary.hard] == sorted(expected), path.name
        for s, d in zip(summary.hard, sorted(alerts, key=lambda d: (d.start, d.end)), strict=True):
            assert f"grade {format_grade(s.grade)}, {s.words} words" in d.message


def test_the_grade_is_rounded_once_and_cached_on_the_article(sample_kb: Path) -> None:
    article = load_article(sample_kb / "laptops" / "borrow-a-loan-laptop.md")
    first = article_grade(article)
    assert article_grade(article) is first  # the panel reuses what the lint computed
    assert first.grade == round(first.grade, 1)
    assert sentence_grade(LONG) == round(sentence_grade(LONG), 1) > 14


def test_headings_and_code_do_not_count(kb_linter: Linter) -> None:
    body = "Open the app. Select Save. Close it.\n\n"
    plain = parse_article(f"---\ntitle: T\n---\n\n{body}")
    noisy = parse_article(
        "---\ntitle: T\n---\n\n## Troubleshooting intermittent authentication configuration "
        f"incompatibilities\n\n{body}```\nAuthenticationConfigurationIncompatibilityException\n```\n"
    )
    assert article_grade(noisy).grade == article_grade(plain).grade
    assert article_grade(noisy).words == article_grade(plain).words == 7


# -- a workspace's own rules ----------------------------------------------------------------------
def test_editing_the_target_in_the_workspace_rule_changes_the_verdict(workspace: Path) -> None:
    path = workspace / "mail" / "outlook-keeps-asking-for-password.md"
    article = load_article(path)
    before = summarise(article, Linter.for_workspace(workspace).rules)
    assert before.on_target and before.grade is not None and 4.5 < before.grade < 8
    style = _copy_of_kb(workspace)
    _edit(style / "ArticleGrade.yml", "target: {end-user: 8,", "target: {end-user: 4,")
    _edit(style / "ArticleGrade.yml", "tolerance: 1.0", "tolerance: 0.5")
    linter = Linter.for_workspace(workspace)
    after = summarise(article, linter.rules)
    assert after.grade == before.grade
    assert after.target is not None and after.target.target == 4 and after.target.limit == 4.5
    assert after.above_target and after.verdict.startswith("Above the target of 4")
    (alert,) = _grade_alerts(linter, article)
    assert "aim for 4 or lower" in alert.message
    assert "allows up to 0.5 above it" in alert.message


def test_editing_sentence_thresholds_changes_the_hard_sentences(workspace: Path) -> None:
    article = load_article(workspace / "mail" / "outlook-keeps-asking-for-password.md")
    # The panel reads the sentence rules even though they ship off the Problems list.
    assert summarise(article, Linter.for_workspace(workspace).view_rules).hard == ()
    style = _copy_of_kb(workspace)
    _edit(style / "HardSentence.yml", "grade: {end-user: 10,", "grade: {end-user: 3,")
    _edit(style / "HardSentence.yml", "min_words: 14", "min_words: 8")
    linter = Linter.for_workspace(workspace)
    summary = summarise(article, linter.view_rules)
    assert "KB.HardSentence" not in {d.rule for d in linter.lint(article)}
    assert summary.hard_count > 0 and summary.bands[0].grade == 3


def test_rule_turned_off_keeps_the_grade_and_says_no_target_is_set(workspace: Path) -> None:
    (workspace / "kbeditor.toml").write_text(
        '[lint]\nrules = { "KB.ArticleGrade" = "off" }\n', encoding="utf-8"
    )
    article = load_article(workspace / "laptops" / "borrow-a-loan-laptop.md")
    linter = Linter.for_workspace(workspace)
    summary = summarise(article, linter.rules)
    assert summary.grade == article_grade(article).grade > 9
    assert summary.target is None and not summary.judged and summary.on_target
    assert summary.verdict == "No target is set: no reading-grade rule is on."
    assert _grade_alerts(linter, article) == []


def test_short_articles_are_graded_but_not_judged(kb_linter: Linter) -> None:
    summary = summarise(
        parse_article(f"---\ntitle: T\n---\n\nClose the app. {LONG}\n"), kb_linter.rules
    )
    assert summary.grade is not None and summary.grade > 9
    assert not summary.judged and not summary.above_target
    assert summary.verdict.startswith("Not judged: fewer than 100 words of prose")


def test_long_sentence_is_flagged_very_hard_with_its_offsets(kb_linter: Linter) -> None:
    text = f"---\ntitle: T\n---\n\nClose the app. {LONG} Open it again.\n"
    summary = summarise(parse_article(text), kb_linter.rules)
    (hard,) = summary.hard
    assert text[hard.start : hard.end] == LONG
    assert hard.level == "very hard" and hard.grade >= 14
    assert f"grade {format_grade(hard.grade)}" in hard.tooltip


def test_code_does_not_count_as_words(kb_linter: Linter) -> None:
    text = "Run this.\n\n```\n" + "word " * 500 + "\n```\n"
    assert summarise(parse_article(text), kb_linter.rules).words == 2


def test_inline_disable_hides_the_hard_sentence_too(kb_linter: Linter) -> None:
    text = (
        "---\ntitle: T\n---\n\n<!-- vale KB.VeryHardSentence = NO -->\n\n"
        f"Close the app. {LONG}\n\n<!-- vale KB.VeryHardSentence = YES -->\n"
    )
    article = parse_article(text)
    assert [d for d in kb_linter.lint(article) if d.rule in SENTENCE_RULES] == []
    assert summarise(article, kb_linter.rules).hard == ()
