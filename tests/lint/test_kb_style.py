"""The KB house style (lint_rules/KB): every rule's examples, and the sample KB as a whole.

Good articles of the sample KB must raise no warnings or errors; each flawed
draft must raise the rules for the fault it was written to show.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kbeditor.article import load_article, parse_article
from kbeditor.lint.diagnostic import at_least
from kbeditor.lint.engine import Linter
from kbeditor.lint.examples import run_examples
from kbeditor.lint.rules import CATEGORIES, load_style

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "lint_rules"
KB = RULES / "KB"
STYLE_FOLDERS = sorted(p for p in RULES.iterdir() if p.is_dir())
ALL_RULE_FILES = sorted(f for folder in STYLE_FOLDERS for f in folder.glob("*.yml"))

DRAFT_FAULTS = {
    "mail/outlook-password-prompt-loop.md": {"KB.Jargon", "KB.Abbreviations", "KB.ArticleGrade"},
    "vpn/vpn-disconnects-after-eight-hours.md": {
        "KB.SymptomFirst",
        "KB.CauseAfterFix",
        "KB.NumberedSteps",
    },
    "expenses/expense-report-disappeared.md": {
        "KB.Blame",
        "KB.Condescension",
        "KB.Minimisers",
        "KB.Dismissal",
    },
    "laptops/laptop-running-slowly.md": {"KB.EmptyApology", "KB.CannedAdvice"},
    # Its long sentences raise the grade (a warning); the sentence rules themselves are
    # suggestions or ship off (see test_drafts_show_their_worst_sentences_with_the_grade).
    "laptops/borrow-a-loan-laptop.md": {"KB.HowToSteps", "KB.ArticleGrade"},
    "docktrack/label-printing-slow-rotterdam.md": {
        "KB.KnownIssueNextUpdate",
        "KB.KnownIssueWorkaround",
    },
}


@pytest.fixture(scope="module")
def kb_linter() -> Linter:
    linter = Linter.from_styles([KB])
    assert linter.errors == [], [str(e) for e in linter.errors]
    return linter


def _rule_id(path: Path) -> str:
    return f"{path.parent.name}.{path.stem}"


@pytest.mark.parametrize("rule_file", ALL_RULE_FILES, ids=_rule_id)
def test_rule_examples(rule_file: Path):
    result = load_style(rule_file.parent)
    assert result.errors == [], [str(e) for e in result.errors]
    rule = next(r for r in result.rules if r.id == _rule_id(rule_file))
    assert rule.examples.flag, f"{rule.id} has no examples to flag"
    assert rule.examples.passing, f"{rule.id} has no examples that must pass"
    failures = [r.describe() for r in run_examples([rule]) if not r.ok]
    assert failures == []


def test_every_kb_rule_explains_itself(kb_linter: Linter):
    categories = set()
    for rule in kb_linter.rules:
        assert rule.category in CATEGORIES and rule.category != "style", rule.id
        assert len(rule.message) > 20 and len(rule.description) > 60, rule.id
        categories.add(rule.category)
    assert categories == set(CATEGORIES) - {"style"}


def test_jargon_glossary_is_large_and_for_end_users_only(kb_linter: Linter):
    import yaml

    spec = yaml.safe_load((KB / "Jargon.yml").read_text(encoding="utf-8"))
    assert len(spec["swap"]) >= 150
    jargon = next(r for r in kb_linter.rules if r.id == "KB.Jargon")
    assert jargon.audiences == ("end-user",)


def _articles(sample_kb: Path) -> list[Path]:
    return sorted(sample_kb.rglob("*.md"))


def test_good_sample_articles_have_no_warnings(sample_kb: Path):
    kb_linter = Linter.for_workspace(sample_kb)  # with the team's words (its accept.txt)
    drafts = {sample_kb / rel for rel in DRAFT_FAULTS}
    problems = []
    for path in _articles(sample_kb):
        if path in drafts:
            continue
        for d in kb_linter.lint(load_article(path)):
            if at_least(d.severity, "warning"):
                problems.append(f"{path.relative_to(sample_kb)}:{d.line}: {d.rule}: {d.message}")
    assert problems == []


@pytest.mark.parametrize("draft", sorted(DRAFT_FAULTS), ids=lambda rel: Path(rel).stem)
def test_flawed_drafts_raise_the_rules_for_their_fault(sample_kb: Path, kb_linter: Linter, draft):
    diags = kb_linter.lint(load_article(sample_kb / draft))
    raised = {d.rule for d in diags if at_least(d.severity, "warning")}
    assert DRAFT_FAULTS[draft] <= raised, sorted(raised)


def test_drafts_show_their_worst_sentences_with_the_grade(sample_kb: Path, kb_linter: Linter):
    draft = load_article(sample_kb / "laptops/borrow-a-loan-laptop.md")
    by_default = {d.rule: d.severity for d in kb_linter.lint(draft)}
    assert by_default["KB.SentenceLength"] == "suggestion"
    assert "KB.VeryHardSentence" not in by_default  # ships off the Problems list
    on = {"KB.HardSentence": "on", "KB.VeryHardSentence": "on"}
    diags = Linter.from_styles([KB], rules=on).lint(draft)
    very_hard = [d for d in diags if d.rule == "KB.VeryHardSentence"]
    assert very_hard and all("grade" in d.message and "words" in d.message for d in very_hard)
    assert any(d.match.startswith("To get one, you first need a ticket") for d in very_hard)


def test_blame_rule_quotes_the_phrase_and_respect_rules_are_errors(sample_kb, kb_linter):
    diags = kb_linter.lint(load_article(sample_kb / "expenses/expense-report-disappeared.md"))
    blame = [d for d in diags if d.rule == "KB.Blame"]
    assert [d.match for d in blame] == [
        "you must have deleted",
        "you forgot to press",
        "user error",
        "you forgot to save",
    ]
    assert {d.severity for d in blame} == {"error"}
    assert blame[0].line == 19


def test_jargon_fix_offers_plain_wording_but_is_not_safe(sample_kb, kb_linter):
    diags = kb_linter.lint(load_article(sample_kb / "mail/outlook-password-prompt-loop.md"))
    prompt = next(d for d in diags if d.rule == "KB.Jargon" and d.match == "credential prompt")
    assert prompt.fix is not None
    assert prompt.fix.replacement == "password window" and prompt.fix.safe is False


def test_plain_words_fix_is_safe(workspace: Path, kb_linter: Linter):
    path = workspace / "mail" / "plain.md"
    path.write_text(
        "---\ntitle: Plain\naudience: end-user\ntype: how-to\n---\nClose Outlook prior to the update.\n",
        encoding="utf-8",
    )
    diags = [d for d in kb_linter.lint(load_article(path)) if d.rule == "KB.PlainWords"]
    assert [(d.match, d.fix.replacement, d.fix.safe) for d in diags] == [
        ("prior to", "before", True)
    ]


def test_it_staff_articles_are_not_held_to_end_user_jargon(workspace: Path, kb_linter: Linter):
    text = "---\ntitle: DNS\naudience: {aud}\n---\nFlush the DNS cache and reboot the laptop.\n"
    path = workspace / "vpn" / "dns.md"
    path.write_text(text.format(aud="end-user"), encoding="utf-8")
    end_user = {d.rule for d in kb_linter.lint(load_article(path))}
    path.write_text(text.format(aud="it-staff"), encoding="utf-8")
    staff = {d.rule for d in kb_linter.lint(load_article(path))}
    assert {"KB.Jargon", "KB.Abbreviations"} <= end_user
    assert not {"KB.Jargon", "KB.Abbreviations"} & staff


def test_a_long_sentence_gets_one_length_alert_for_each_audience(kb_linter: Linter):
    # KB.SentenceLengthTechnical (40 words) yields to KB.SentenceLength (25, end users):
    # where the stricter rule runs, the same sentence is not reported twice.
    sentence = " ".join(["the sync client retries the upload"] * 9) + "."
    text = "---\ntitle: Sync\naudience: {aud}\n---\n{sentence}\n"
    rules = {}
    for aud in ("end-user", "it-staff"):
        article = parse_article(text.format(aud=aud, sentence=sentence), "sync.md")
        rules[aud] = [d.rule for d in kb_linter.lint(article) if "SentenceLength" in d.rule]
    assert rules == {
        "end-user": ["KB.SentenceLength"],
        "it-staff": ["KB.SentenceLengthTechnical"],
    }


def test_code_is_never_flagged(workspace: Path, kb_linter: Linter):
    path = workspace / "laptops" / "code.md"
    path.write_text(
        "---\ntitle: Code\n---\nRun this:\n\n```text\nJust reboot, obviously. user error\n```\n\n"
        "Type `simply reboot` in the box.\n",
        encoding="utf-8",
    )
    rules = {d.rule for d in kb_linter.lint(load_article(path))}
    assert not rules & {"KB.Minimisers", "KB.Condescension", "KB.Blame", "KB.Jargon"}


@pytest.mark.parametrize("template", ["troubleshooting", "how-to", "known-issue"])
def test_an_article_left_as_its_template_is_not_finished(kb_linter: Linter, template: str):
    """KB-STYLE.md §10: every sample sentence a template offers is reported until replaced."""
    from kbeditor.article import parse_article
    from kbeditor.templates import render

    text = render(template, "Printer shows offline", product="Printing", audience="end-user")
    found = [d for d in kb_linter.lint(parse_article(text)) if d.rule == "KB.TemplateText"]
    assert found and all(d.severity == "error" for d in found)
    flagged = {d.line for d in found}
    body_from = text.index("\n---\n", 4) + 5
    first_line = text[:body_from].count("\n") + 1
    samples = {  # the template's own example prose: sentences the writer must replace
        n: line
        for n, line in enumerate(text[body_from:].splitlines(), first_line)
        if any(w in line for w in ("the reader", "the task", "the team that owns"))
        and not line.startswith("<!--")
    }
    assert samples and set(samples) <= flagged, [samples[n] for n in set(samples) - flagged]
