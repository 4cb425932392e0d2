"""The KB rule kinds on real articles: the sample KB, edited copies of it, and bad rule files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbeditor.article import load_article, parse_article
from kbeditor.lint.engine import Linter
from kbeditor.lint.rules import RuleError, load_rule_file, parse_rule

KB = Path(__file__).resolve().parents[2] / "lint_rules" / "KB"


@pytest.fixture(scope="module")
def kb() -> Linter:
    # The Hemingway sentence rules ship off the Problems list; these tests check them turned on.
    return Linter.from_styles([KB], rules={"KB.HardSentence": "on", "KB.VeryHardSentence": "on"})


def lint(linter: Linter, path: Path, rule: str) -> list:
    return [d for d in linter.lint(load_article(path)) if d.rule == rule]


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# -- kb_sections -----------------------------------------------------------------------


def test_cause_first_is_reported_at_the_cause_heading_and_clears_when_moved(kb, workspace):
    path = workspace / "vpn" / "vpn-disconnects-after-eight-hours.md"
    first = lint(kb, path, "KB.SymptomFirst")
    order = lint(kb, path, "KB.CauseAfterFix")
    assert [(d.line, d.match) for d in first] == [(13, "## Cause")]
    assert [(d.line, d.match) for d in order] == [(13, "## Cause")]
    assert "cause comes before the recovery" in order[0].message
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("## Cause", 1)
    cause, tail = rest.split("## Symptoms", 1)
    path.write_text(head + "## Symptoms" + tail + "\n## Cause" + cause, encoding="utf-8")
    assert lint(kb, path, "KB.SymptomFirst") == []
    assert lint(kb, path, "KB.CauseAfterFix") == []


def test_alternative_headings_count_and_required_sections_name_the_missing_one(kb, workspace):
    path = edit(
        workspace / "laptops" / "docking-station-screens-blank.md", "## Symptoms", "## What you see"
    )
    assert lint(kb, path, "KB.SymptomFirst") == []
    edit(path, "## What you see", "## Background")
    missing = lint(kb, path, "KB.RequiredSections")
    assert len(missing) == 1 and "no symptom section" in missing[0].message
    assert "'Symptoms'" in missing[0].message


def test_a_role_that_is_not_listed_is_a_clear_rule_error(tmp_path):
    source = "extends: kb_sections\nmessage: x\nheadings:\n  symptom: [Symptoms]\nfirst: [cause]\n"
    with pytest.raises(RuleError) as err:
        parse_rule(source, "KB.Broken", tmp_path / "Broken.yml")
    assert "'first'" in str(err.value) and "'cause' is not a role" in str(err.value)


def test_required_sections_leave_reference_pages_alone_but_not_single_problems(kb, workspace):
    path = workspace / "laptops" / "docking-station-screens-blank.md"
    text = path.read_text(encoding="utf-8")
    for heading in ("## Symptoms", "## Resolution", "## Cause", "## If this did not help"):
        assert heading in text, heading
    path.write_text(
        text.replace("## Symptoms", "## Summary")
        .replace("## Resolution", "## Details")
        .replace("## If this did not help", "## More information"),
        encoding="utf-8",
    )
    assert lint(kb, path, "KB.RequiredSections") == []
    # A section headed as the fix makes it an article about one problem again.
    edit(edit(path, "## Summary", "## Background"), "## Details", "## Resolution")
    missing = lint(kb, path, "KB.RequiredSections")
    assert [m.message.split(".")[0] for m in missing] == ["The article has no symptom section"]


def test_a_waiver_that_does_not_compile_names_its_field(tmp_path):
    source = (
        "extends: kb_sections\nmessage: x\nheadings:\n  recovery: [Resolution]\n"
        "required: [recovery]\nwaived_by:\n  recovery: ['by (design']\n"
    )
    with pytest.raises(RuleError) as err:
        parse_rule(source, "KB.Broken", tmp_path / "Broken.yml")
    assert "'waived_by.recovery'" in str(err.value) and "regular expression" in str(err.value)


# -- kb_reader_address ------------------------------------------------------------------------


def test_the_user_becomes_you_unless_the_article_is_written_for_people_who_manage_users(kb):
    text = (
        "---\naudience: end-user\n---\n## Symptoms\n\n"
        "Outlook asks for the user's password again.\n\n"
        "## Resolution\n\n1. Close Outlook.\n"
    )
    first = kb.check(parse_article(text))
    found = [d for d in first.diagnostics if d.rule == "KB.AddressTheReader"]
    assert [(d.match, d.fix.replacement if d.fix else None) for d in found] == [
        ("the user's", "your")
    ]
    # One phrase in another paragraph (a cmdlet for admins) changes who "the user" is:
    # the relint must not reuse the finding cached for the unchanged paragraph.
    edited = text.replace("1. Close Outlook.", "1. Run the Set-Mailbox cmdlet in PowerShell.")
    again = kb.relint(parse_article(edited), first)
    assert [d for d in again.diagnostics if d.rule == "KB.AddressTheReader"] == []


def test_a_reader_address_pattern_that_does_not_compile_names_its_field(tmp_path):
    source = (
        "extends: kb_reader_address\nmessage: x\nswap:\n  the user: you\n"
        "not_followed_by: ['(who']\n"
    )
    with pytest.raises(RuleError) as err:
        parse_rule(source, "KB.Broken", tmp_path / "Broken.yml")
    assert "'not_followed_by'" in str(err.value) and "regular expression" in str(err.value)


# -- kb_numbered_steps / kb_steps ----------------------------------------------------------


def test_numbered_steps_clear_once_the_paragraph_becomes_a_list(kb, workspace):
    path = workspace / "vpn" / "vpn-disconnects-after-eight-hours.md"
    assert [d.match for d in lint(kb, path, "KB.NumberedSteps")] == ["## Resolution"]
    text = path.read_text(encoding="utf-8")
    start = text.index("When this happens")
    end = text.index("\n\nIf it keeps happening")
    steps = "1. Open LaneLink.\n2. Select **Connect**.\n3. Approve the request on your phone."
    path.write_text(text[:start] + steps + text[end:], encoding="utf-8")
    assert lint(kb, path, "KB.NumberedSteps") == []


def test_steps_that_do_not_start_with_a_verb(kb, workspace):
    path = edit(
        workspace / "mail" / "outlook-keeps-asking-for-password.md",
        "5. Close Word or Excel.",
        "5. Word or Excel should be closed.",
    )
    diags = lint(kb, path, "KB.StepStartsWithVerb")
    assert [d.match for d in diags] == ["Word or Excel should be closed."]
    assert "not 'Word'" in diags[0].message


def test_a_step_with_many_actions_names_the_count(kb, workspace):
    path = edit(
        workspace / "mail" / "outlook-keeps-asking-for-password.md",
        "1. Close Outlook.",
        "1. Close Outlook, open Word, select your name, sign out and then restart the laptop.",
    )
    diags = lint(kb, path, "KB.OneActionPerStep")
    assert len(diags) == 1 and "4 actions" in diags[0].message
    # Moving through one screen is one small task, and "To do this" only says how.
    edit(
        path,
        "1. Close Outlook, open Word, select your name, sign out and then restart the laptop.",
        "1. Right-click the folder, select **Properties**, and then select the **Security** tab. "
        "To do this, select **Start**, select **Run**, and type *cmd*.",
    )
    assert lint(kb, path, "KB.OneActionPerStep") == []


def test_verbs_file_that_cannot_be_read_names_the_field(tmp_path):
    rule = tmp_path / "Steps.yml"
    rule.write_text(
        "extends: kb_steps\nmessage: x\nrequire: verb-first\nverbs_file: missing.txt\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as err:
        load_rule_file(rule, "Test.Steps")
    assert "'verbs_file'" in str(err.value) and "missing.txt" in str(err.value)


# -- kb_escalation -------------------------------------------------------------------------


def test_escalation_path_and_details(kb, workspace):
    path = workspace / "laptops" / "docking-station-screens-blank.md"
    assert lint(kb, path, "KB.EscalationPath") == []
    assert lint(kb, path, "KB.EscalationDetails") == []
    text = path.read_text(encoding="utf-8")
    section = text[text.index("## If this did not help") : text.index("## Cause")]
    path.write_text(text.replace(section, ""), encoding="utf-8")
    assert [d.match for d in lint(kb, path, "KB.EscalationPath")] == ["## Resolution"]
    text = path.read_text(encoding="utf-8").replace(
        "## Cause", "If the monitors still stay black, contact the IT Service Desk.\n\n## Cause"
    )
    path.write_text(text, encoding="utf-8")
    assert lint(kb, path, "KB.EscalationPath") == []
    details = lint(kb, path, "KB.EscalationDetails")
    assert [d.match for d in details] == [
        "If the monitors still stay black, contact the IT Service Desk."
    ]


# -- kb_required_phrasing -------------------------------------------------------------------


def test_reassurance_is_asked_for_when_the_reader_fears_loss(kb, workspace):
    path = workspace / "laptops" / "bitlocker-recovery-screen.md"
    assert lint(kb, path, "KB.Reassurance") == []
    text = path.read_text(encoding="utf-8")
    section = text[text.index("## What this means for you") : text.index("## Resolution")]
    path.write_text(text.replace(section, ""), encoding="utf-8")
    diags = lint(kb, path, "KB.Reassurance")
    assert len(diags) == 1 and "'recovery key'" in diags[0].message


def test_reassurance_is_asked_for_where_the_fear_arises_and_not_for_every_error(kb, tmp_path):
    path = tmp_path / "report.md"
    path.write_text(
        "---\ntype: troubleshooting\naudience: end-user\n---\n# Linked tables in Access\n\n## Symptoms\n\n"
        "When you open a linked table, Access freezes.\n\n## Resolution\n\n1. Update Access.\n",
        encoding="utf-8",
    )
    found = lint(kb, path, "KB.Reassurance")
    assert [(d.line, d.match) for d in found] == [(9, "freezes")]
    edit(path, "Access freezes.", "Access freezes. Your tables and data are safe.")
    assert lint(kb, path, "KB.Reassurance") == []
    edit(path, "Access freezes. Your tables and data are safe.", 'Refresh shows "Refresh failed".')
    assert lint(kb, path, "KB.Reassurance") == []  # an error to fix, not a fear of loss


def test_known_issue_gaps_are_reported_where_the_article_says_it_is_known(kb, tmp_path):
    path = tmp_path / "known.md"
    path.write_text(
        '---\ntype: known-issue\n---\n# "Sorry, something went wrong" in Send To\n\n'
        "## Symptoms\n\nSend To fails with many connections.\n\n"
        "This is a known issue in the document centre.\n",
        encoding="utf-8",
    )
    for rule in ("KB.KnownIssueStatus", "KB.KnownIssueNextUpdate", "KB.KnownIssueWorkaround"):
        assert [(d.line, d.match) for d in lint(kb, path, rule)] == [(10, "known issue")], rule


def test_known_issue_without_a_time_for_the_next_update(kb, sample_kb, workspace):
    assert (
        lint(
            kb,
            sample_kb / "expenses" / "approvals-not-showing-for-managers.md",
            "KB.KnownIssueNextUpdate",
        )
        == []
    )
    path = edit(
        workspace / "expenses" / "approvals-not-showing-for-managers.md",
        "We will update this article by 12:00 CET on Wednesday 25 November 2026.",
        "We will update this article when we know more.",
    )
    assert len(lint(kb, path, "KB.KnownIssueNextUpdate")) == 1


# -- kb_empathy / kb_advice_context ---------------------------------------------------------


def test_apology_passes_with_a_next_step_in_the_same_paragraph(kb, workspace):
    path = workspace / "mail" / "external-email-delayed.md"
    edit(path, "No email is lost.", "We are sorry for the delay. No email is lost.")
    assert lint(kb, path, "KB.EmptyApology") == []
    edit(
        path,
        "If a booking or delivery note is urgent, use the steps below instead of waiting.",
        "We know how frustrating this is.",
    )
    diags = lint(kb, path, "KB.EmptyApology")
    assert [d.match for d in diags] == ["We know how frustrating"]


def test_restart_inside_a_procedure_is_not_canned_but_a_bare_one_is(kb, sample_kb, workspace):
    assert (
        lint(kb, sample_kb / "laptops" / "windows-update-error-0x80070005.md", "KB.CannedAdvice")
        == []
    )
    path = edit(
        workspace / "mail" / "outlook-keeps-asking-for-password.md",
        "If Outlook still asks for your password, restart your laptop once and sign in to Outlook"
        " again. A restart lets Windows pick up your new password everywhere at once.",
        "Restart your laptop once and sign in to Outlook again.",
    )
    diags = lint(kb, path, "KB.CannedAdvice")
    assert [d.match for d in diags] == ["Restart your laptop"]


# -- readability -----------------------------------------------------------------------------


def test_sentence_grades_use_the_audience_thresholds(kb, workspace):
    path = workspace / "laptops" / "borrow-a-loan-laptop.md"
    end_user = lint(kb, path, "KB.VeryHardSentence")
    edit(path, "audience: end-user", "audience: developer")
    developer = lint(kb, path, "KB.VeryHardSentence")
    assert len(end_user) == 5 and 0 < len(developer) < len(end_user)
    assert "grade 24.5, 66 words" in end_user[1].message  # the bold label is not counted


def test_article_grade_names_grade_target_and_audience(kb, sample_kb):
    diags = lint(kb, sample_kb / "laptops" / "borrow-a-loan-laptop.md", "KB.ArticleGrade")
    assert [d.message.split(";")[0] for d in diags] == ["The article reads at grade 14.9"]
    assert "aim for 8 or lower for end-user readers" in diags[0].message


# -- kb_abbreviations ---------------------------------------------------------------------------


def test_abbreviation_explained_in_the_same_paragraph_passes(kb, sample_kb, workspace):
    assert lint(kb, sample_kb / "vpn" / "vpn-wont-connect.md", "KB.Abbreviations") == []
    path = edit(
        workspace / "vpn" / "vpn-wont-connect.md",
        "A VPN (virtual private network) is a secure link",
        "It is a secure link",
    )
    diags = lint(kb, path, "KB.Abbreviations")
    assert [(d.match, d.line) for d in diags] == [("VPN", 21)]


def test_abbreviation_with_plain_wording_offers_it_as_a_fix(kb, workspace):
    path = workspace / "mail" / "dns.md"
    path.write_text(
        "---\ntitle: DNS\naudience: end-user\n---\nCheck the DNS settings on your laptop.\n",
        encoding="utf-8",
    )
    (diag,) = lint(kb, path, "KB.Abbreviations")
    assert "'name lookup'" in diag.message and diag.fix.replacement == "name lookup"


# -- accessibility --------------------------------------------------------------------------------


def test_link_text_image_alt_and_heading_levels(kb, workspace):
    path = workspace / "vpn" / "vpn-wont-connect.md"
    edit(
        path,
        "(../images/lanelink-connected.svg)",
        "(../images/lanelink-connected.svg)\n\n![](x.png)",
    )
    edit(path, "### Check your internet connection", "#### Check your internet connection")
    edit(
        path,
        "If you cannot phone,",
        "For the desk's hours, [click here](https://example.com/hours). If you cannot phone,",
    )
    assert [d.match for d in lint(kb, path, "KB.ImageAltText")] == ["![](x.png)"]
    assert [d.match for d in lint(kb, path, "KB.LinkText")] == [
        "[click here](https://example.com/hours)"
    ]
    levels = lint(kb, path, "KB.HeadingLevels")
    assert [d.match for d in levels] == ["#### Check your internet connection"]
    assert "jumps from h2 to h4" in levels[0].message


def test_kb_kinds_never_fail_on_the_corpus(kb, corpus_articles):
    for path in corpus_articles[:60]:
        article = load_article(path)
        article.metadata.type = "troubleshooting"
        diags = kb.lint(article)
        assert not [d for d in diags if d.rule == "kbeditor.RuleFailed"], path.name


# -- kb_answered_nearby ----------------------------------------------------------------------


RISKY = """---
type: troubleshooting
audience: end-user
---
# Mail goes to the wrong account

## Resolution

1. Drag the messages to the right folders.
2. Remove the secondary account from your Outlook profile.
3. Exit Outlook.
4. Start Outlook again.
5. Add the secondary account again.
"""


def test_a_step_that_removes_what_the_reader_owns_asks_for_a_word_on_what_is_kept(kb, tmp_path):
    path = tmp_path / "risky.md"
    path.write_text(RISKY, encoding="utf-8")
    found = lint(kb, path, "KB.ReassureRiskyStep")
    assert [(d.line, d.match) for d in found] == [(10, "Remove the secondary account")]
    assert "what is kept" in found[0].message
    # An answer three steps later is about something else; next to the step it answers.
    edit(path, "profile.\n", "profile. Its mail stays on the server.\n")
    assert lint(kb, path, "KB.ReassureRiskyStep") == []


def test_removing_a_check_mark_or_describing_a_cause_is_no_risky_step(kb, tmp_path):
    path = tmp_path / "calm.md"
    path.write_text(
        "---\ntype: troubleshooting\n---\n# Reminders stop\n\n## Cause\n\n"
        "The account was removed from the mailbox by a script.\n\n## Resolution\n\n"
        "1. Delete the temporary files in the Temp folder.\n2. Clear the **Reminders** check box.\n",
        encoding="utf-8",
    )
    assert lint(kb, path, "KB.ReassureRiskyStep") == []


# -- when_inferred -------------------------------------------------------------------------------


def test_end_user_rules_leave_an_imported_article_alone_but_not_a_declared_one(kb, tmp_path):
    body = "# VPN drops\n\nThe VPN drops. Flush the DNS cache, then sign in again.\n"
    imported = tmp_path / "imported.md"
    imported.write_text("---\nms.topic: troubleshooting\n---\n" + body, encoding="utf-8")
    declared = tmp_path / "declared.md"
    declared.write_text("---\naudience: end-user\ntype: troubleshooting\n---\n" + body, "utf-8")
    assert lint(kb, imported, "KB.Abbreviations") == []
    assert {d.match for d in lint(kb, declared, "KB.Abbreviations")} == {"VPN", "DNS"}


def test_when_inferred_may_lower_the_level_instead_and_rejects_other_values(tmp_path):
    source = (
        "extends: existence\nmessage: x\nlevel: warning\naudiences: [end-user]\n"
        "when_inferred: suggestion\ntokens: [cache]\n"
    )
    linter = Linter([parse_rule(source, "T.Cache")])
    guessed = parse_article("# Cache\n\nClear the cache.\n")
    declared = parse_article("---\naudience: end-user\n---\n# Cache\n\nClear the cache.\n")
    assert [d.severity for d in linter.lint(guessed)] == ["suggestion"]
    assert [d.severity for d in linter.lint(declared)] == ["warning"]
    with pytest.raises(RuleError) as err:
        parse_rule(source.replace("suggestion", "sometimes"), "T.Cache", tmp_path / "C.yml")
    assert "'when_inferred'" in str(err.value) and "'sometimes' is not a level" in str(err.value)


# -- kb_title ---------------------------------------------------------------------------


def test_a_vague_title_is_reported_on_the_title_line_and_clears_when_it_names_the_symptom(
    kb, workspace
):
    path = workspace / "vpn" / "vpn-disconnects-after-eight-hours.md"
    assert lint(kb, path, "KB.VagueTitle") == []
    edit(path, "title: LaneLink VPN disconnects", "title: Issues with LaneLink VPN")
    (found,) = lint(kb, path, "KB.VagueTitle")
    assert (found.line, found.match) == (2, "Issues")
    edit(path, "title: Issues with LaneLink VPN", "title: Troubleshoot issues with LaneLink VPN")
    assert lint(kb, path, "KB.VagueTitle") == []


# -- kb_out_of_place --------------------------------------------------------------------


def test_a_cause_explained_in_the_symptoms_is_reported_there_and_clears_when_moved(kb, workspace):
    path = workspace / "vpn" / "vpn-disconnects-after-eight-hours.md"
    assert lint(kb, path, "KB.CauseInSymptoms") == []
    reason = "This issue occurs because the gateway ends every session after eight hours.\n\n"
    edit(path, "## Resolution", reason + "## Resolution")
    (found,) = lint(kb, path, "KB.CauseInSymptoms")
    assert found.match == "This issue occurs because" and "'Symptoms' section" in found.message
    edit(path, reason + "## Resolution", "## Resolution")
    edit(path, "## Symptoms", reason + "## Symptoms")  # back in the Cause section
    assert lint(kb, path, "KB.CauseInSymptoms") == []
