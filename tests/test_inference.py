"""Type and audience inference, and quoted text left out of the writer's prose.

Articles imported from other systems carry no ``type:`` (Microsoft's say
``ms.topic: troubleshooting`` even for a how-to) and say ``audience: ITPro``
for articles about a mail client. The KB rules must still run on them, with
the type and audience an editor would give them, and the writer must be able
to see the guess and override it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kbeditor.article import load_article, parse_article
from kbeditor.inference import profile
from kbeditor.lint.engine import Linter
from kbeditor.search.service import SearchService

IMPORTED_TROUBLESHOOTING = """\
---
title: Mail stuck in the Outbox after a password change
ms.topic: troubleshooting
audience: ITPro
---
# Mail stuck in the Outbox after a password change

## Cause

The saved password no longer matches, so Outlook cannot send.

## Resolution

1. On the **File** tab, select **Account Settings**.
2. Select your account, and then select **Repair**.
3. Enter your new password.
"""

HOW_TO = """\
---
title: How to share your calendar with a colleague
ms.topic: troubleshooting
---
# How to share your calendar with a colleague

1. In Outlook, open your calendar.
2. Select **Share Calendar**.
3. Enter your colleague's name, and then select **Send**.
"""

KNOWN_ISSUE = """\
---
title: Teams meetings drop after ten minutes
---
# Teams meetings drop after ten minutes

Meetings in Teams end after about ten minutes for some people.

We are currently investigating the issue.
"""

ADMIN = """\
---
title: Cannot create a mailbox for a new user
ms.topic: troubleshooting
audience: ITPro
---
# Cannot create a mailbox for a new user

## Resolution

1. Run `Get-Mailbox -Identity user1` in Exchange Online PowerShell.
2. In the Microsoft 365 admin center, assign a licence to the user.
3. Ask the tenant administrator to check Group Policy on the domain controller.
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_imported_article_gets_a_type_and_the_kb_rules_run_on_it(tmp_path: Path) -> None:
    path = _write(tmp_path, "outbox.md", IMPORTED_TROUBLESHOOTING)
    article = load_article(path)
    reading = profile(article)
    assert (reading.type, reading.type_inferred) == ("troubleshooting", True)
    assert (reading.audience, reading.audience_inferred) == ("end-user", True)
    rules = {d.rule for d in Linter.for_workspace(tmp_path).lint(article)}
    assert "KB.CauseAfterFix" in rules  # silent before: the article had no type


def test_infer_false_in_the_workspace_config_uses_only_the_front_matter(tmp_path: Path) -> None:
    path = _write(tmp_path, "outbox.md", IMPORTED_TROUBLESHOOTING)
    (tmp_path / "kbeditor.toml").write_text("[lint]\ninfer = false\n", encoding="utf-8")
    linter = Linter.for_workspace(tmp_path)
    article = load_article(path)
    assert linter.profile(article).type is None
    assert "KB.CauseAfterFix" not in {d.rule for d in linter.lint(article)}


def test_front_matter_in_our_own_words_is_never_second_guessed(tmp_path: Path) -> None:
    text = IMPORTED_TROUBLESHOOTING.replace("audience: ITPro", "audience: it-staff\ntype: how-to")
    reading = profile(parse_article(text))
    assert (reading.type, reading.type_inferred) == ("how-to", False)
    assert (reading.audience, reading.audience_inferred) == ("it-staff", False)


def test_titles_headings_and_wording_decide_the_type() -> None:
    assert profile(parse_article(HOW_TO)).type == "how-to"
    assert profile(parse_article(KNOWN_ISSUE)).type == "known-issue"
    explainer = (
        "# Description of the AutoArchive feature\n\n## More information\n\nIt moves old items.\n"
    )
    assert profile(parse_article(explainer)).type is None


def test_admin_tools_make_the_reader_it_staff_and_code_a_developer() -> None:
    assert profile(parse_article(ADMIN)).audience == "it-staff"
    code = (
        "# Add-in fails to load\n\nIn Visual Studio, open the VSTO project and check the API "
        "version in the namespace of your code.\n\n```csharp\nvar app = Globals.ThisAddIn;\n```\n"
    )
    assert profile(parse_article(code)).audience == "developer"


def test_kbeditor_info_marks_inferred_values(tmp_path: Path) -> None:
    path = _write(tmp_path, "outbox.md", IMPORTED_TROUBLESHOOTING)
    run = [sys.executable, "-m", "kbeditor", "info"]
    text = subprocess.run([*run, str(path)], capture_output=True, text=True, check=True).stdout
    assert "type: troubleshooting (inferred: " in text
    assert "audience: end-user (inferred: " in text
    assert "audience: it-staff" not in text  # the ITPro hint is not shown as if it held
    data = json.loads(
        subprocess.run(
            [*run, "--json", str(path)], capture_output=True, text=True, check=True
        ).stdout
    )
    reading = data["articles"][0]["profile"]
    assert reading["type"] == "troubleshooting" and reading["type_inferred"] is True


# -- quoted text ---------------------------------------------------------------------------------

QUOTED = """\
---
title: Sign-in fails with an error
type: troubleshooting
audience: end-user
---
# Sign-in fails with an error

When you sign in, you see this message:

> We're sorry, but your request was rejected because it was deemed to be suspicious by the gateway.

Outlook shows "Sorry, your mailbox has been temporarily disabled by the administrator" in the bar.

HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\AutoDiscover\\ExcludeHttpsRootDomain

1. Select **Simply sign in again**.
2. Enter your password.
"""


def test_quoted_messages_labels_and_registry_paths_are_not_the_writers_prose() -> None:
    article = parse_article(QUOTED)
    mask = article.mask
    assert "rejected" not in mask and "deemed" not in mask  # block quote
    assert "temporarily disabled" not in mask  # double quotes
    assert "Simply" not in mask  # a bold UI label
    assert "HKEY_CURRENT_USER" not in mask and "ExcludeHttpsRootDomain" not in mask
    assert "When you sign in, you see this message" in mask
    assert "rejected" in article.searchable and "temporarily disabled" in article.searchable
    sentences = [" ".join(mask[s.start : s.end].split()) for s in article.sentences]
    assert not any("HKEY" in s or "deemed" in s for s in sentences)


def test_quoted_text_raises_no_tone_passive_or_readability_alert(tmp_path: Path) -> None:
    path = _write(tmp_path, "signin.md", QUOTED)
    (tmp_path / "kbeditor.toml").write_text(
        '[lint.rules]\n"KB.Passive" = "suggestion"\n', encoding="utf-8"
    )
    diagnostics = Linter.for_workspace(tmp_path).lint(load_article(path))
    quoted_lines = {10, 12, 14, 16}
    flagged = [(d.rule, d.line) for d in diagnostics if d.line in quoted_lines]
    assert flagged == []


def test_a_rule_that_ships_off_runs_when_the_workspace_turns_it_on(tmp_path: Path) -> None:
    text = "---\ntype: how-to\n---\n# Reset\n\nThe form should be submitted by the manager.\n"
    path = _write(tmp_path, "form.md", text)
    assert "KB.Passive" not in {
        d.rule for d in Linter.for_workspace(tmp_path).lint(load_article(path))
    }
    (tmp_path / "kbeditor.toml").write_text('[lint.rules]\n"KB.Passive" = "on"\n', encoding="utf-8")
    assert "KB.Passive" in {d.rule for d in Linter.for_workspace(tmp_path).lint(load_article(path))}


def test_quoted_messages_stay_searchable(tmp_path: Path) -> None:
    _write(tmp_path, "signin.md", QUOTED)
    found = SearchService.open(tmp_path).search("request was rejected deemed suspicious")
    assert [Path(r.path).name for r in found.results][:1] == ["signin.md"]


def test_the_wording_searches_skip_only_articles_that_cannot_match(sample_kb, corpus_if_present):
    """Whether an article says a problem is fixed, by design or being worked on is first
    looked up as plain lower-case text; every match of those patterns holds one of it, so an
    article without any is answered without the slower case-insensitive regex."""
    from kbeditor import inference

    said = [
        "The problem was fixed in the May update.",
        "This issue is now resolved.",
        "It was first corrected in build 2210.",
        "Install the latest cumulative update.",
        "Apply the hotfix.",
        "Download the service pack.",
        "This behaviour is by design.",
        "This is expected behavior.",
        "We are aware of this issue.",
        "Microsoft is investigating.",
        "The team is working on a fix.",
        "This is a known problem.",
        "Microsoft has confirmed that this is a bug.",
        "There is an outage.",
        "A service degradation affects mail.",
    ]
    texts = [s.upper() for s in said]  # what the regex matches in any case
    texts += [load_article(p).mask for p in sorted(sample_kb.rglob("*.md")) + corpus_if_present]
    matched = 0
    for pattern, needs in inference._NEEDS.items():
        for text in texts:
            for m in pattern.finditer(text):
                assert any(n in m.group().lower() for n in needs), (pattern.pattern, m.group())
                matched += 1
    assert matched >= len(said)
    # A long s is matched by the case-insensitive regex as an "s": no substring test then.
    odd = parse_article("# Mail\n\nThis iſſue waſ reſolved.\n")
    assert inference._lowered(odd) is None and inference._says_fixed(odd)


def test_the_substring_test_gives_the_regex_answer_on_every_article(sample_kb, corpus_if_present):
    from kbeditor import inference

    paths = sorted(sample_kb.rglob("*.md")) + corpus_if_present
    for path in paths:
        article = load_article(path)
        start = article.body_start
        for pattern in inference._NEEDS:
            for end in (None, start + 3000):
                stop = len(article.mask) if end is None else end
                plain = pattern.search(article.mask, start, stop) is not None
                assert inference._search(pattern, article, start, end) == plain, path.name
