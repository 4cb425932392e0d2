"""The KB style's fixes fit their sentence, and names are not reworded (real rule files, articles on disk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbeditor.article import load_article
from kbeditor.lint.edits import apply_fix
from kbeditor.lint.engine import Linter

KB = Path(__file__).resolve().parents[2] / "lint_rules" / "KB"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter.from_styles([KB])


def _lint(linter: Linter, tmp_path: Path, body: str, audience: str = "end-user"):
    path = tmp_path / "article.md"
    path.write_text(f"---\ntitle: Test\naudience: {audience}\n---\n\n{body}\n", encoding="utf-8")
    article = load_article(path)
    return article, linter.lint(article)


def _rule(diagnostics, rule: str):
    return [d for d in diagnostics if d.rule == f"KB.{rule}"]


def _fixed(article, diagnostics, rule: str) -> str:
    text = article.text
    for d in sorted(_rule(diagnostics, rule), key=lambda d: d.start, reverse=True):
        text = apply_fix(text, d)
    return text


def test_requires_that_clause_is_not_a_safe_fix(linter, tmp_path):
    article, found = _lint(
        linter, tmp_path, "This scenario requires that you use an elevated window."
    )
    (d,) = _rule(found, "PlainWords")
    assert d.fix is not None and not d.fix.safe


def test_additional_after_an_article_keeps_the_sentence_whole(linter, tmp_path):
    article, found = _lint(linter, tmp_path, "Add an additional Inbox rule for the shared mailbox.")
    (d,) = _rule(found, "PlainWords")
    assert d.fix.safe
    assert "Add an extra Inbox rule for the shared mailbox." in _fixed(article, found, "PlainWords")


def test_plain_word_inside_a_bold_label_or_quoted_message_is_left_alone(linter, tmp_path):
    body = (
        "Select **Open these additional mailboxes**.\n\n"
        'You see "We are unable to connect right now".'
    )
    _, found = _lint(linter, tmp_path, body)
    assert _rule(found, "PlainWords") == []


def test_jargon_fix_after_a_name_is_not_offered(linter, tmp_path):
    _, found = _lint(linter, tmp_path, "Flush the DNS cache on the laptop.")
    assert all(d.fix is None for d in _rule(found, "Jargon") if "cache" in d.match)


@pytest.mark.parametrize(
    "body",
    [
        "Connect to Exchange Online PowerShell.",
        "Open Windows PowerShell as an administrator.",
        "Edit Configuration.xml in Notepad.",
        "Sign in to Microsoft Entra ID.",
    ],
)
def test_names_are_not_jargon(linter, tmp_path, body):
    _, found = _lint(linter, tmp_path, body)
    assert _rule(found, "Jargon") == []


def test_jargon_fix_keeps_case_and_article(linter, tmp_path):
    article, found = _lint(
        linter, tmp_path, "Authenticate again. Open an installer package from Downloads."
    )
    text = _fixed(article, found, "Jargon")
    assert "Sign in again." in text
    assert "Open an installer from Downloads." in text


def test_jargon_fix_keeps_the_matched_form(linter, tmp_path):
    article, found = _lint(linter, tmp_path, "The app was deployed to other endpoints last week.")
    assert "The app was installed to other devices last week." in _fixed(article, found, "Jargon")


@pytest.mark.parametrize(
    "body",
    [
        "Multi-factor authentication (MFA) asks for a code.\n\nOpen the app, then approve the MFA request.",
        "MFA (multifactor authentication) asks for a code.\n\nApprove the MFA request.",
        "Turn on multifactor authentication first.\n\nAfter that, MFA asks for a code.",
        "Approve the MFA request.\n\n## Glossary\n\n- MFA: multi-factor authentication.",
        "Install SQL Server 2019 and open IIS Manager.",
        "Move the account to OU=Sales,DC=contoso,DC=com.",
        "The server needs a pointer (PTR) record.",
        "Access stops responding when you create an MDE, ACCDE, or ADE file.",
        "See [TableDef.RefreshLink Method (DAO)](https://example.com/dao).",
        "On **Windows XP**, select Start, then Control Panel.",
        "Select **Turn on MFA**.",
    ],
)
def test_abbreviations_spelled_out_earlier_or_names_are_not_flagged(linter, tmp_path, body):
    _, found = _lint(linter, tmp_path, body)
    assert _rule(found, "Abbreviations") == []


def test_abbreviation_never_spelled_out_is_still_flagged(linter, tmp_path):
    _, found = _lint(linter, tmp_path, "Approve the MFA request on your phone.")
    assert [d.match for d in _rule(found, "Abbreviations")] == ["MFA"]


def test_section_link_that_names_its_section_is_descriptive(linter, tmp_path):
    body = "See [More information](#more-information).\n\n## More information\n\nDetails."
    _, found = _lint(linter, tmp_path, body)
    assert _rule(found, "LinkText") == []


@pytest.mark.parametrize(
    "link",
    [
        "[click here](#more-information)",
        "[here](https://example.com/a)",
        "[this link](https://example.com/a)",
        "[more](#more)",
        "[https://example.com/kb?id=123](https://example.com/kb?id=123)",
    ],
)
def test_generic_link_text_is_still_flagged(linter, tmp_path, link):
    _, found = _lint(linter, tmp_path, f"Read the steps: {link}.")
    assert len(_rule(found, "LinkText")) == 1


def test_short_readable_address_as_link_text_says_where_it_goes(linter, tmp_path):
    _, found = _lint(
        linter, tmp_path, "Sign in at [https://mail.example.com](https://mail.example.com)."
    )
    assert _rule(found, "LinkText") == []


def test_reader_address_fix_agrees_the_verb(linter, tmp_path):
    article, found = _lint(
        linter, tmp_path, "When the password expires, the user has to sign in again."
    )
    assert "you have to sign in again" in _fixed(article, found, "AddressTheReader")
