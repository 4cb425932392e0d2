"""Helpers for the language-server tests: a real LSP client, documents, edits as a client applies them."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from pathlib import Path
from typing import Any, Union

from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _converter():  # type: ignore[no-untyped-def]
    """lsprotocol's converter, reading a code action that carries a command as a code action.

    lsprotocol reads every object with a "command" key as a bare Command, so a
    CodeAction whose command adds an accepted word would lose its title and
    kind; the protocol tells the two apart by the type of "command", as VS
    Code, Neovim and Helix do.
    """
    converter = default_converter()

    def command_or_action(obj: dict[str, Any], _: object) -> lsp.Command | lsp.CodeAction:
        kind = lsp.Command if isinstance(obj.get("command"), str) else lsp.CodeAction
        return converter.structure(obj, kind)

    converter.register_structure_hook(Union[lsp.Command, lsp.CodeAction], command_or_action)  # noqa: UP007
    return converter


class Client(LanguageClient):
    """pytest-lsp's client, keeping every publishDiagnostics with its version.

    Waiting for "the next notification" can miss one that arrives in the same
    read as the one before; a log of all of them cannot.
    """

    def __init__(self) -> None:
        super().__init__(converter_factory=_converter)
        self.published: list[lsp.PublishDiagnosticsParams] = []
        self.registrations: list[lsp.Registration] = []
        self.arrived = asyncio.Condition()


async def _published(client: Client, params: lsp.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    async with client.arrived:
        client.published.append(params)
        client.arrived.notify_all()


def _registered(client: Client, params: lsp.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def _client() -> Client:
    client = Client()
    features = {
        **DEFAULT_CLIENT_FEATURES,
        lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _published,
        lsp.CLIENT_REGISTER_CAPABILITY: _registered,
    }
    register_lsp_features(client, features)
    return client


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "kbeditor", "lsp"], client_factory=_client
)


class Docs:
    """Opens and edits documents through the client and waits for their diagnostics."""

    def __init__(self, client: Client, root: Path) -> None:
        self.client = client
        self.root = root

    async def open(self, name: str, text: str) -> tuple[str, list[lsp.Diagnostic]]:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        uri = path.as_uri()
        after = self.mark()
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                lsp.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
            )
        )
        return uri, await self.published(uri, 1, after)

    async def change(
        self, uri: str, version: int, changes: list[lsp.TextDocumentContentChangeEvent]
    ) -> list[lsp.Diagnostic]:
        after = self.mark()
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=changes,
            )
        )
        return await self.published(uri, version, after)

    def close(self, uri: str) -> None:
        self.client.text_document_did_close(
            lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri=uri))
        )

    async def published(self, uri: str, version: int, after: int = 0) -> list[lsp.Diagnostic]:
        """The diagnostics the server publishes for this version (among the ``after``-th on)."""

        def found() -> lsp.PublishDiagnosticsParams | None:
            return next(
                (p for p in self.client.published[after:] if (p.uri, p.version) == (uri, version)),
                None,
            )

        async with asyncio.timeout(60), self.client.arrived:
            await self.client.arrived.wait_for(found)
        params = found()
        assert params is not None
        return list(params.diagnostics)

    def mark(self) -> int:
        """How many diagnostics notifications came so far (to wait for a newer one)."""
        return len(self.client.published)


def apply_edits(text: str, edits: list[lsp.TextEdit]) -> str:
    """What a client does with a code action's edits (counted in UTF-16, lines at \\n)."""
    lines = text.split("\n")

    def offset(pos: lsp.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: pos.line])
        units = lines[pos.line].encode("utf-16-le")[: pos.character * 2]
        return before + len(units.decode("utf-16-le"))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


async def actions_at(
    client: LanguageClient,
    uri: str,
    line: int,
    character: int,
    only: list[str] | None = None,
) -> list[lsp.CodeAction]:
    here = lsp.Position(line=line, character=character)
    found = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=lsp.Range(start=here, end=here),
            context=lsp.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return list(found or [])
