"""The symptom-first checklist, on the sample KB's good and faulty articles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbeditor.article import load_article, parse_article
from kbeditor.checklist import checklist


def states(path: Path) -> dict[str, bool | None]:
    return {item.key: item.ok for item in checklist(load_article(path))}


def test_good_troubleshooting_article_ticks_everything(sample_kb: Path) -> None:
    got = states(sample_kb / "mail" / "outlook-keeps-asking-for-password.md")
    assert got == dict.fromkeys(got, True)


def test_cause_first_article_fails_symptom_and_order(sample_kb: Path) -> None:
    got = states(sample_kb / "vpn" / "vpn-disconnects-after-eight-hours.md")
    assert got["symptom_first"] is False
    assert got["cause_after"] is False
    assert got["metadata"] is True


def test_how_to_without_steps_is_missing_steps_but_needs_no_symptom(sample_kb: Path) -> None:
    got = states(sample_kb / "laptops" / "borrow-a-loan-laptop.md")
    assert got["steps"] is False
    assert got["symptom_first"] is None


def test_adding_numbered_steps_ticks_the_steps_item() -> None:
    before = "---\ntitle: T\n---\n\n## Symptoms\n\nIt fails.\n\n## Resolution\n\nRestart it.\n"
    after = before.replace("Restart it.\n", "1. Close the app.\n2. Open the app.\n")
    item = lambda text: next(i for i in checklist(parse_article(text)) if i.key == "steps")  # noqa: E731
    assert item(before).ok is False
    assert item(after).ok is True
    assert "2 numbered steps" in item(after).detail


@dataclass(frozen=True)
class FakeDiagnosticValue:
    """A lint result shaped like kbeditor.lint's Diagnostic (only the fields the checklist reads)."""

    rule: str
    category: str
    message: str
    start: int


def test_a_lint_finding_unticks_its_item_and_lends_its_message(sample_kb: Path) -> None:
    article = load_article(sample_kb / "mail" / "outlook-keeps-asking-for-password.md")
    finding = FakeDiagnosticValue("KB.Reassurance", "reassurance", "Say what is safe.", 40)
    item = next(i for i in checklist(article, [finding]) if i.key == "reassurance")
    assert item.ok is False
    assert item.detail == "Say what is safe."
    assert item.offset == 40


def test_metadata_lists_missing_keys() -> None:
    item = next(
        i for i in checklist(parse_article("---\ntitle: T\n---\n\nText.\n")) if i.key == "metadata"
    )
    assert item.ok is False
    assert "product" in item.detail and "owner" in item.detail


def test_after_lint_an_item_the_style_does_not_ask_for_is_not_missing(sample_kb: Path) -> None:
    from kbeditor.lint.engine import Linter

    article = load_article(sample_kb / "docktrack" / "label-printing-slow-rotterdam.md")
    before = {i.key: i.ok for i in checklist(article)}
    linted = {
        i.key: i.ok for i in checklist(article, Linter.for_workspace(sample_kb).lint(article))
    }
    assert before["steps"] is False and linted["steps"] is None
    assert linted["escalation"] is False  # KB.EscalationPath fires on this draft


def test_real_lint_results_untick_the_faulty_drafts_items(sample_kb: Path) -> None:
    from kbeditor.lint.engine import Linter

    linter = Linter.for_workspace(sample_kb)
    article = load_article(sample_kb / "expenses" / "expense-report-disappeared.md")
    items = {i.key: i for i in checklist(article, linter.lint(article))}
    assert items["cause_after"].ok is False and "cause" in items["cause_after"].detail.lower()
    assert items["reassurance"].ok is False
    good = load_article(sample_kb / "mail" / "outlook-keeps-asking-for-password.md")
    assert all(i.ok for i in checklist(good, linter.lint(good)))


def _metadata_item(article, diagnostics=None):  # type: ignore[no-untyped-def]
    return next(i for i in checklist(article, diagnostics) if i.key == "metadata")


def test_checklist_and_lint_agree_on_a_missing_owner(sample_kb: Path, tmp_path: Path) -> None:
    """The checklist said "metadata incomplete" for ``owner: ""`` while lint said clean: now
    the lint's KB.Owner finding decides, on every sample article and with the owner emptied,
    blanked, removed, and with the type and audience left to inference (KB.Owner is off)."""
    import re
    import shutil

    from kbeditor.lint.engine import Linter

    workspace = tmp_path / "kb"
    shutil.copytree(sample_kb, workspace)
    linter = Linter.for_workspace(workspace)
    variants = {
        "as is": lambda t: t,
        "empty": lambda t: re.sub(r"(?m)^owner:.*$", 'owner: ""', t),
        "blank": lambda t: re.sub(r"(?m)^owner:.*$", "owner: '  '", t),
        "removed": lambda t: re.sub(r"(?m)^owner:.*\n", "", t),
        "inferred": lambda t: re.sub(r"(?m)^(owner|type|audience):.*\n", "", t),
    }
    seen = set()
    for path in sorted(workspace.rglob("*.md")):
        original = path.read_text(encoding="utf-8")
        for name, change in variants.items():
            article = parse_article(change(original), path)
            found = linter.lint(article)
            lint_says = any(d.rule == "KB.Owner" for d in found)
            item = _metadata_item(article, found)
            checklist_says = item.ok is False and "owner" in item.detail.lower()
            assert checklist_says == lint_says, (path.name, name, item, lint_says)
            seen.add((name, lint_says))
    assert ("empty", True) in seen and ("inferred", False) in seen


def test_an_empty_owner_unticks_metadata_before_lint_as_kb_owner_would() -> None:
    text = "---\ntitle: T\ntype: how-to\naudience: end-user\nowner: ''\n---\n\n# T\n\nText.\n"
    item = _metadata_item(parse_article(text))
    assert item.ok is False and "owner" in item.detail
    item = _metadata_item(parse_article(text.replace("owner: ''", "owner: Desk team")))
    assert item.ok is True and "Not set: product, tags, updated" in item.detail
