"""A real workspace on disk and a real LSP client talking to ``kbeditor lsp`` over stdio."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SIMPLE = """\
extends: existence
message: "Avoid '%s'."
description: Words like 'simply' make a reader who is stuck feel slow.
link: https://example.org/rules/simple
level: warning
ignorecase: true
safe: true
tokens: [simply]
action:
  name: remove
"""
UTILIZE = """\
extends: substitution
message: "Use '%s' instead of '%s'."
description: Plain words first.
level: suggestion
ignorecase: true
swap:
  utilize: use
"""
OBVIOUS = """\
extends: existence
message: "Avoid '%s'."
description: What is obvious to you is not obvious to the reader.
level: error
ignorecase: true
tokens: [obviously]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """House rules from kbeditor.toml at the root; a team folder with its own .vale.ini."""
    root = tmp_path_factory.mktemp("kb")
    write(root / "kbeditor.toml", '[lint]\nstyles = ["House"]\nstyles_path = "styles"\n')
    write(root / "styles" / "House" / "Simple.yml", SIMPLE)
    write(root / "styles" / "House" / "Utilize.yml", UTILIZE)
    write(root / "styles" / "Team" / "Obvious.yml", OBVIOUS)
    write(root / "team" / ".vale.ini", "StylesPath = ../styles\n\n[*.md]\nBasedOnStyles = Team\n")
    return root


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "kbeditor", "lsp"]),
)
async def client(lsp_client: LanguageClient, workspace: Path):
    await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=workspace.as_uri(),
        )
    )
    yield
    await lsp_client.shutdown_session()


class Docs:
    """Opens and edits documents through the client and waits for their diagnostics."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root

    async def open(self, name: str, text: str) -> tuple[str, list[lsp.Diagnostic]]:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        uri = path.as_uri()
        waiting = self._published(uri, 1)
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                lsp.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
            )
        )
        return uri, await waiting

    async def change(
        self, uri: str, version: int, changes: list[lsp.TextDocumentContentChangeEvent]
    ) -> list[lsp.Diagnostic]:
        waiting = self._published(uri, version)
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=changes,
            )
        )
        return await waiting

    def close(self, uri: str) -> None:
        self.client.text_document_did_close(
            lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri=uri))
        )

    async def _published(self, uri: str, version: int) -> list[lsp.Diagnostic]:
        """The diagnostics the server publishes for this version of the document."""
        async with asyncio.timeout(60):
            while True:
                params = await self.client.wait_for_notification(
                    lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
                )
                if params.uri == uri and params.version == version:
                    return list(params.diagnostics)


@pytest.fixture
def docs(client: LanguageClient, workspace: Path) -> Docs:
    return Docs(client, workspace)
