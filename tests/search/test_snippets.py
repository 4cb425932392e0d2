"""Snippets and lines for error codes and messages quoted in code blocks, as KB-STYLE asks."""

from __future__ import annotations

from pathlib import Path

from kbeditor.search import SearchService

AADSTS = "accounts/sign-in-error-aadsts50076.md"
MESSAGE = (
    "Due to a configuration change made by your administrator, or because you moved to a "
    "new location, you must use multi-factor authentication to access this resource."
)


def _line(workspace: Path, rel: str, number: int) -> str:
    return (workspace / rel).read_text(encoding="utf-8").splitlines()[number - 1]


def test_error_code_snippet_shows_the_quoted_message_in_the_code_block(workspace: Path) -> None:
    hit = SearchService.open(workspace).search("AADSTS50076").results[0]
    assert hit.path == AADSTS
    # The code appears first in the fenced block under Symptoms (the message as
    # the screen shows it), before the prose mention in inline code.
    assert _line(workspace, AADSTS, hit.line).startswith("AADSTS50076: Due to a configuration")
    assert hit.snippet.startswith("**AADSTS50076**: Due to a configuration change")
    assert "<mark>AADSTS50076</mark>: Due to" in hit.snippet_html


def test_pasted_error_message_finds_and_points_at_the_code_block(workspace: Path) -> None:
    for query in (MESSAGE, f"AADSTS50076: {MESSAGE}"):
        hit = SearchService.open(workspace).search(query).results[0]
        assert hit.path == AADSTS, query
        assert MESSAGE in _line(workspace, AADSTS, hit.line)
        assert "**configuration** **change**" in hit.snippet


def test_code_only_inside_a_code_block_is_found_and_shown(workspace: Path) -> None:
    article = workspace / "mail" / "mailbox-move-stuck.md"
    article.write_text(
        "---\ntitle: Mailbox move stays queued\nproduct: Mail\n---\n\n"
        "## Symptoms\n\nThe mailbox move stays queued and the log shows this line:\n\n"
        "```text\nMapiExceptionNetworkError 0x80040115 while connecting to the store\n```\n\n"
        "```text\nMove request MB-7731 queued on DB04 at 02:00\n```\n\n"
        "## Resolution\n\n1. Restart the move.\n",
        encoding="utf-8",
    )
    service = SearchService.open(workspace)
    for code, expected in (("0x80040115", 11), ("MB-7731", 15)):
        hit = service.search(code).results[0]
        assert hit.path == "mail/mailbox-move-stuck.md", code
        assert hit.line == expected and code in _line(workspace, hit.path, hit.line)
        assert f"**{code}**" in hit.snippet
