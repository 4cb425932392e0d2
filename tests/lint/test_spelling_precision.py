"""KB.Spelling leaves alone what a writer puts in prose on purpose: commands, placeholders and
example names; a typo beside them is still flagged."""

from __future__ import annotations

import pytest

from kbeditor.article import parse_article
from kbeditor.lint.engine import Linter
from kbeditor.lint.settings import BUNDLED_STYLES

OWN = "---\ntitle: Test\ntype: troubleshooting\naudience: end-user\n---\n"


@pytest.fixture(scope="module")
def flagged():
    linter = Linter.from_styles([BUNDLED_STYLES / "KB"])

    def words(body: str) -> list[str]:
        diags = linter.lint(parse_article(OWN + body))
        return [d.match for d in diags if d.rule == "KB.Spelling"]

    return words


def test_a_command_of_a_code_block_is_a_command_in_the_articles_prose(flagged):
    block = "```console\n$ zorbctl -type=mx example.org\nPS C:\\> flumtool /status\n```\n"
    prose = "Run zorbctl, then flumtool, then restart the computr.\n"
    assert flagged(prose) == ["zorbctl", "flumtool", "computr"]
    assert flagged(prose + "\n" + block) == ["computr"]


def test_a_program_named_with_its_file_type_is_a_name_in_prose(flagged):
    assert flagged("Open zorbedit to change it.\n") == ["zorbedit"]
    assert flagged("Open zorbedit to change it.\n\nType *zorbedit.msc* and select OK.\n") == []


def test_a_word_followed_by_a_switch_or_named_as_code_is_a_command(flagged):
    assert flagged("Type zorbctl and the computr.\n") == ["zorbctl", "computr"]
    assert flagged("Type zorbctl -R 755 on the computr.\n") == ["computr"]
    assert flagged("Run zorbctl /status on the computr.\n") == ["computr"]
    assert flagged("Use the zorbctl command or the flumtool utility.\n") == []
    assert flagged("Run the follwing command.\n") == ["follwing"]  # a slip from "following"


def test_placeholders_and_example_names_are_not_typos(flagged):
    text = (
        "Sign in as admin@contoso.com to the Fabrikam tenant, replace <ServerName> and {zorbid}"
        " with yours, and open yourdomain. The version is mmmm, the date yyyymmdd and xxxx.\n"
    )
    assert flagged(text) == []
    assert flagged("Sign in to the yourdomian tenant on the zorbix.\n") == ["yourdomian", "zorbix"]
