"""Diagnostics from ``kbeditor lsp`` on open and on change, driven by a real client over stdio."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

pytestmark = pytest.mark.asyncio(loop_scope="module")


def spans(diagnostics: list[lsp.Diagnostic]) -> list[tuple[str, int, int, int]]:
    return [
        (str(d.code), d.range.start.line, d.range.start.character, d.range.end.character)
        for d in diagnostics
    ]


async def test_open_reports_the_workspace_rules_with_levels_and_links(docs):
    _, found = await docs.open("docs/open.md", "# Title\n\nSimply utilize the portal.\n")
    assert spans(found) == [("House.Simple", 2, 0, 6), ("House.Utilize", 2, 7, 14)]
    simple, utilize = found
    assert simple.severity == lsp.DiagnosticSeverity.Warning
    assert utilize.severity == lsp.DiagnosticSeverity.Information
    assert simple.source == "kbeditor"
    assert simple.message == "Avoid 'Simply'."
    assert simple.code_description.href == "https://example.org/rules/simple"


async def test_a_vale_ini_in_a_folder_applies_to_its_articles(docs):
    _, found = await docs.open("team/guide.md", "# Guide\n\nSimply, obviously, restart.\n")
    assert spans(found) == [("Team.Obvious", 2, 8, 17)]
    assert found[0].severity == lsp.DiagnosticSeverity.Error


async def test_positions_count_utf16_units_after_an_emoji(docs):
    uri, found = await docs.open("docs/emoji.md", "# Title\n\n👍 🚀 Simply restart.\n")
    # Each emoji is one Python character but two UTF-16 code units.
    assert spans(found) == [("House.Simple", 2, 6, 12)]
    found = await docs.change(
        uri,
        2,
        [
            lsp.TextDocumentContentChangePartial(
                range=lsp.Range(start=lsp.Position(2, 12), end=lsp.Position(2, 12)),
                text=" and utilize",
            )
        ],
    )
    assert spans(found) == [("House.Simple", 2, 6, 12), ("House.Utilize", 2, 17, 24)]


async def test_change_rechecks_the_edited_paragraph_and_moves_the_rest(docs):
    text = "# Title\n\nFirst paragraph.\n\nSimply second.\n"
    uri, found = await docs.open("docs/change.md", text)
    assert spans(found) == [("House.Simple", 4, 0, 6)]
    insert = lsp.TextDocumentContentChangePartial(
        range=lsp.Range(start=lsp.Position(2, 0), end=lsp.Position(2, 0)),
        text="Utilize it.\n\n",
    )
    found = await docs.change(uri, 2, [insert])
    assert spans(found) == [("House.Utilize", 2, 0, 7), ("House.Simple", 6, 0, 6)]
    delete = lsp.TextDocumentContentChangePartial(
        range=lsp.Range(start=lsp.Position(6, 0), end=lsp.Position(6, 7)), text=""
    )
    found = await docs.change(uri, 3, [delete])
    assert spans(found) == [("House.Utilize", 2, 0, 7)]


async def test_full_text_changes_and_crlf_line_ends(docs):
    uri, found = await docs.open("docs/crlf.md", "# Title\r\n\r\nPlain.\r\n")
    assert found == []
    whole = lsp.TextDocumentContentChangeWholeDocument(text="# Title\r\n\r\nNow simply.\r\n")
    found = await docs.change(uri, 2, [whole])
    assert spans(found) == [("House.Simple", 2, 4, 10)]


async def test_closing_clears_the_diagnostics(client, docs):
    uri, found = await docs.open("docs/close.md", "# T\n\nSimply.\n")
    assert found
    after = docs.mark()
    docs.close(uri)
    assert await docs.published(uri, None, after) == []
