"""``kbeditor lsp`` writes accepted words where the editor does, and reports broken configuration."""

from __future__ import annotations

import pytest
from lsp_support import actions_at, write
from lsprotocol import types as lsp

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_add_to_accepted_words_writes_the_vocabulary_and_rechecks(client, docs, workspace):
    uri, found = await docs.open("docs/accept.md", "# T\n\nSimply restart. Simply wait.\n")
    assert [str(d.code) for d in found] == ["House.Simple", "House.Simple"]
    other, _ = await docs.open("docs/other.md", "# T\n\nSimply go.\n")
    accept = {a.title: a for a in await actions_at(client, uri, 2, 1)}[
        "Add 'Simply' to accepted words"
    ]
    after = docs.mark()
    result = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(accept.command.command, list(accept.command.arguments))
    )
    assert await docs.published(uri, 1, after) == []
    vocab = workspace / "styles" / "config" / "vocabularies" / "Workspace" / "accept.txt"
    assert result == str(vocab)
    assert vocab.read_text(encoding="utf-8") == "Simply\n"
    assert any("'Simply' added to the accepted words" in m.message for m in client.messages)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(lsp.TextDocumentIdentifier(uri=other), lsp.Position(line=2, character=1))
    )
    assert hover is None  # every open document was checked again with the new vocabulary


async def test_a_broken_configuration_is_one_message_and_other_folders_still_work(client, docs):
    write(docs.root / "broken" / ".vale.ini", "StylesPath = ../styles\n[*.md\nBasedOnStyles\n")
    _, found = await docs.open("broken/a.md", "# T\n\nSimply go.\n")
    assert found == []
    warnings = [m for m in client.messages if m.type == lsp.MessageType.Warning]
    assert len(warnings) == 1 and "not a valid Vale configuration" in warnings[0].message
    _, found = await docs.open("broken/b.md", "# T\n\nSimply go.\n")
    assert (
        found == [] and len([m for m in client.messages if m.type == lsp.MessageType.Warning]) == 1
    )
    _, found = await docs.open("docs/fine.md", "# T\n\nSimply, obviously, utilize it.\n")
    # House rules here: no Team.Obvious, and 'Simply' is accepted now.
    assert [str(d.code) for d in found] == ["House.Utilize"]
