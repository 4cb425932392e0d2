"""Hover and code actions from ``kbeditor lsp``: the editor's quick-fix menu in any client."""

from __future__ import annotations

import pytest
from lsp_support import actions_at, apply_edits
from lsprotocol import types as lsp

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = "# Title\n\n👍 Simply utilize the portal.\n\nAnother paragraph, simply.\n"


def by_title(actions: list[lsp.CodeAction]) -> dict[str, lsp.CodeAction]:
    return {a.title: a for a in actions}


async def test_hover_shows_the_rules_description_and_fix(client, docs):
    uri, _ = await docs.open("docs/hover.md", TEXT)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(uri=uri), lsp.Position(line=2, character=4))
    )
    assert hover.contents.kind == lsp.MarkupKind.Markdown
    text = hover.contents.value
    assert "**Avoid 'Simply'.**" in text
    assert "Words like 'simply' make a reader who is stuck feel slow." in text
    assert "Fix: Remove 'Simply' (safe)" in text
    assert "[House.Simple](https://example.org/rules/simple)" in text
    assert hover.range == lsp.Range(lsp.Position(2, 3), lsp.Position(2, 9))
    nothing = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(uri=uri), lsp.Position(line=0, character=2))
    )
    assert nothing is None


async def test_a_safe_fix_is_preferred_and_an_unsafe_one_is_not(client, docs):
    uri, _ = await docs.open("docs/fix.md", TEXT)
    simple = by_title(await actions_at(client, uri, 2, 4))
    remove = simple["Remove 'Simply'"]
    assert remove.kind == lsp.CodeActionKind.QuickFix
    assert remove.is_preferred is True
    assert remove.diagnostics[0].code == "House.Simple"
    fixed = apply_edits(TEXT, remove.edit.changes[uri])
    assert fixed.splitlines()[2] == "👍  utilize the portal."
    utilize = by_title(await actions_at(client, uri, 2, 11))
    replace = utilize["Replace with 'use'"]
    assert not replace.is_preferred
    assert apply_edits(TEXT, replace.edit.changes[uri]).splitlines()[2] == (
        "👍 Simply use the portal."
    )


async def test_ignore_here_wraps_the_paragraph_and_silences_that_rule_there(client, docs):
    uri, _ = await docs.open("docs/ignore.md", TEXT)
    ignore = by_title(await actions_at(client, uri, 2, 4))["Ignore House.Simple here"]
    new_text = apply_edits(TEXT, ignore.edit.changes[uri])
    assert (
        "<!-- vale House.Simple = NO -->\n\n👍 Simply utilize the portal.\n\n"
        "<!-- vale House.Simple = YES -->" in new_text
    )
    found = await docs.change(uri, 2, [lsp.TextDocumentContentChangeWholeDocument(new_text)])
    assert sorted((str(d.code), d.range.start.line) for d in found) == [
        ("House.Simple", 8),
        ("House.Utilize", 4),
    ]


async def test_fix_all_safe_applies_only_safe_fixes(client, docs):
    uri, _ = await docs.open("docs/fixall.md", TEXT)
    only = [lsp.CodeActionKind.SourceFixAll]
    actions = await actions_at(client, uri, 0, 0, only=only)
    assert [a.title for a in actions] == ["Fix all safe problems (2)"]
    assert actions[0].kind == "source.fixAll.kbeditor"
    fixed = apply_edits(TEXT, actions[0].edit.changes[uri])
    assert "Simply" not in fixed and "simply" not in fixed
    assert "utilize" in fixed  # not a safe fix: a writer applies it after reading it


async def test_accept_is_offered_for_a_term_and_only_quick_fixes_when_asked(client, docs):
    uri, _ = await docs.open("docs/offer.md", TEXT)
    titles = [a.title for a in await actions_at(client, uri, 2, 4, only=["quickfix"])]
    assert titles == [
        "Remove 'Simply'",
        "Ignore House.Simple here",
        "Add 'Simply' to accepted words",
    ]
    accept = by_title(await actions_at(client, uri, 2, 4))["Add 'Simply' to accepted words"]
    assert accept.command.command == "kbeditor.acceptWord"
    assert list(accept.command.arguments) == [uri, "Simply"]


async def test_every_spelling_suggestion_is_a_code_action_best_first(client, docs):
    text = "# Guide\n\nWe recieve mail on the Sevrer.\n"
    uri, found = await docs.open("team/spelling.md", text)
    assert [str(d.code) for d in found] == ["Team.Spelling", "Team.Spelling"]
    titles = [a.title for a in await actions_at(client, uri, 2, 25, only=["quickfix"])]
    assert titles[:4] == [
        "Replace with 'Server'",
        "Replace with 'Sever'",
        "Replace with 'Serer'",
        "Replace with 'Severer'",
    ]
    second = by_title(await actions_at(client, uri, 2, 25))["Replace with 'Sever'"]
    assert not second.is_preferred
    assert apply_edits(text, second.edit.changes[uri]).splitlines()[2] == (
        "We recieve mail on the Sever."
    )
