"""Neovim offers UTF-8 positions first: columns count bytes there, and edits land where it says."""

from __future__ import annotations

import pytest
from lsp_support import actions_at
from lsprotocol import types as lsp

pytestmark = pytest.mark.asyncio(loop_scope="module")
CLIENT = "neovim"


async def test_positions_are_utf8_bytes_when_the_client_prefers_them(client, docs):
    uri, found = await docs.open("docs/nvim.md", "# Title\n\n👍 é Simply restart.\n")
    # 👍 is four bytes, é two: 'Simply' starts at byte 8.
    assert [(d.range.start.character, d.range.end.character) for d in found] == [(8, 14)]
    change = lsp.TextDocumentContentChangePartial(
        range=lsp.Range(start=lsp.Position(2, 14), end=lsp.Position(2, 14)), text=" to utilize"
    )
    found = await docs.change(uri, 2, [change])
    assert [(str(d.code), d.range.start.character) for d in found] == [
        ("House.Simple", 8),
        ("House.Utilize", 18),
    ]
    remove = {a.title: a for a in await actions_at(client, uri, 2, 9)}["Remove 'Simply'"]
    assert remove.edit.changes[uri][0].range == lsp.Range(lsp.Position(2, 8), lsp.Position(2, 14))
