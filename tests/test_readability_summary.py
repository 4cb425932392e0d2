"""Reading figures and Hemingway-style hard sentences."""

from __future__ import annotations

from pathlib import Path

from kbeditor.article import load_article, parse_article
from kbeditor.readability_summary import sentence_level, summarise

LONG = (
    "If the organisational authentication infrastructure consistently rejects your "
    "credentials, the administrative configuration of your workstation's certificate "
    "enrolment probably requires comprehensive reinitialisation by the responsible "
    "departmental infrastructure administrators."
)


def test_good_article_is_within_its_audience_target(sample_kb: Path) -> None:
    summary = summarise(load_article(sample_kb / "mail" / "outlook-keeps-asking-for-password.md"))
    assert summary.audience == "end-user" and summary.target == 8
    assert summary.on_target
    assert summary.words > 200 and summary.sentences > 20
    assert summary.reading_minutes == 2
    assert 60 < summary.reading_ease < 100


def test_long_sentence_is_flagged_very_hard_with_its_offsets() -> None:
    text = f"---\ntitle: T\n---\n\nClose the app. {LONG} Open it again.\n"
    summary = summarise(parse_article(text))
    assert len(summary.hard) == 1
    hard = summary.hard[0]
    assert text[hard.start : hard.end] == LONG
    assert hard.level == "very hard" and hard.grade >= 14
    assert f"grade {hard.grade:.0f}" in hard.tooltip


def test_code_does_not_count_as_words() -> None:
    text = "Run this.\n\n```\n" + "word " * 500 + "\n```\n"
    assert summarise(parse_article(text)).words == 2


def test_faulty_draft_is_above_target(sample_kb: Path) -> None:
    summary = summarise(load_article(sample_kb / "laptops" / "borrow-a-loan-laptop.md"))
    assert not summary.on_target
    assert summary.very_hard_count >= 1


def test_technical_audiences_get_higher_thresholds() -> None:
    assert sentence_level(20, 15.0, "end-user") == "very hard"
    assert sentence_level(20, 15.0, "it-staff") == "hard"
    assert sentence_level(20, 15.0, "developer") == "hard"
    assert sentence_level(20, 12.5, "developer") is None
    assert sentence_level(13, 30.0, "end-user") is None  # short sentences are never flagged
