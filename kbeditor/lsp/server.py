"""The language server: diagnostics on open and change, hovers, code actions, accepted words.

Checks run on one worker thread (the linter's caches are single-threaded, as
in the desktop editor), so the protocol keeps reading while a check runs.
Changes that arrive during a check are coalesced: when it ends, the newest
text is checked once, and only results for the text the client has now are
published; stale ones are dropped, as the editor drops them. Hovers and
code actions wait for the check of the current text, so their offsets always
match what the client shows.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from kbeditor import __version__
from kbeditor.lint.edits import accept_term_in
from kbeditor.lsp.actions import ACCEPT_COMMAND, FIX_ALL_KIND, code_actions
from kbeditor.lsp.diagnostics import covering, hover_markdown, lsp_range, to_lsp
from kbeditor.lsp.documents import Checked, DocumentChecker
from kbeditor.lsp.positions import UTF16, LineIndex, apply_change

log = logging.getLogger(__name__)
# Files whose change changes the findings: configuration, rule files, vocabularies.
WATCHED = (
    "**/kbeditor.toml", "**/.vale.ini", "**/_vale.ini", "**/vale.ini",
    "**/*.yml", "**/*.yaml", "**/accept.txt", "**/reject.txt",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class OpenDocument:
    """The text the client has now for one document."""

    uri: str
    path: Path | None
    text: str
    version: int | None


class KbLanguageServer(LanguageServer):
    """kbeditor's checks for any LSP client.

    Args:
        checker: lints documents with the rules and configuration that apply to them.
    """

    def __init__(self, checker: DocumentChecker) -> None:
        super().__init__("kbeditor", __version__)
        self.checker = checker
        self.documents: dict[str, OpenDocument] = {}
        self.checked: dict[str, Checked] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kbeditor-lint")

    # -- documents ---------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        """The position encoding agreed with the client (UTF-16 unless both chose another)."""
        chosen = getattr(self.workspace, "position_encoding", None) or UTF16
        return str(getattr(chosen, "value", chosen))

    def open(self, item: lsp.TextDocumentItem) -> None:
        path = to_fs_path(item.uri) if item.uri.startswith("file:") else None
        doc = OpenDocument(item.uri, Path(path) if path else None, item.text, item.version)
        self.documents[item.uri] = doc
        self.schedule(item.uri)

    def change(self, params: lsp.DidChangeTextDocumentParams) -> None:
        doc = self.documents.get(params.text_document.uri)
        if doc is None:
            return
        text = doc.text
        for change in params.content_changes:
            if isinstance(change, lsp.TextDocumentContentChangePartial):
                start, end = change.range.start, change.range.end
                text = apply_change(
                    text, (start.line, start.character), (end.line, end.character),
                    change.text, self.encoding,
                )  # fmt: skip
            else:
                text = change.text
        self.documents[doc.uri] = OpenDocument(
            doc.uri, doc.path, text, params.text_document.version
        )
        self.schedule(doc.uri)

    def close(self, uri: str) -> None:
        self.documents.pop(uri, None)
        self.checked.pop(uri, None)
        self._worker.submit(self.checker.forget, uri)
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    # -- checking ----------------------------------------------------------------------
    def schedule(self, uri: str) -> None:
        """Check a document soon; a check already running goes on to the newest text."""
        task = self._tasks.get(uri)
        if task is None or task.done():
            self._tasks[uri] = asyncio.get_running_loop().create_task(
                self._check_until_current(uri)
            )

    async def _check_until_current(self, uri: str) -> None:
        loop = asyncio.get_running_loop()
        while (doc := self.documents.get(uri)) is not None:
            try:
                checked, shown = await loop.run_in_executor(self._worker, self._check, doc)
            except Exception:  # a bug must not stop the checks of the next edits
                log.exception("checking %s failed", uri)
                return
            self._show_problems()
            now = self.documents.get(uri)
            if now is None:
                return
            if now.text == checked.text:
                self.checked[uri] = checked
                self.text_document_publish_diagnostics(
                    lsp.PublishDiagnosticsParams(uri=uri, diagnostics=shown, version=now.version)
                )
                return

    def _check(self, doc: OpenDocument) -> tuple[Checked, list[lsp.Diagnostic]]:
        """On the worker thread: lint, and convert the findings to the client's positions."""
        checked = self.checker.check(doc.uri, doc.path, doc.text, doc.version)
        index = LineIndex(checked.text, self.encoding)
        return checked, [to_lsp(d, index) for d in checked.diagnostics]

    async def current(self, uri: str) -> Checked | None:
        """The check of the text the client has now (waiting for it if it is running)."""
        for _ in range(3):  # a change may land while we wait; the next round catches it
            doc = self.documents.get(uri)
            if doc is None:
                return None
            checked = self.checked.get(uri)
            if checked is not None and checked.text == doc.text:
                return checked
            self.schedule(uri)
            await asyncio.shield(self._tasks[uri])
        return self.checked.get(uri)

    def _show_problems(self) -> None:
        """Configuration problems, once each: a warning for the writer, notices to the log."""
        while self.checker.problems:
            message = self.checker.problems.pop(0)
            if message.startswith("notice:"):
                self.window_log_message(
                    lsp.LogMessageParams(type=lsp.MessageType.Info, message=message)
                )
            else:
                self.window_show_message(
                    lsp.ShowMessageParams(type=lsp.MessageType.Warning, message=message)
                )

    # -- accepted words ----------------------------------------------------------------
    async def accept(self, uri: str, term: str) -> str:
        """Add a term to the accepted words that apply to ``uri``, then check every document again."""
        checked = await self.current(uri)
        if checked is None or checked.linter is None or checked.linter.settings is None:
            raise ValueError(f"no rules apply to {uri}")
        settings = checked.linter.settings
        loop = asyncio.get_running_loop()
        target = await loop.run_in_executor(self._worker, accept_term_in, settings, term)
        await self.reload()
        message = f"'{term}' added to the accepted words in {target}"
        self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Info, message=message))
        return str(target)

    async def reload(self) -> None:
        """Read rules, configuration and vocabularies again, then check every open document."""
        await asyncio.get_running_loop().run_in_executor(self._worker, self.checker.reload)
        self.checked.clear()
        for uri in self.documents:
            self.schedule(uri)

    def watches_files(self) -> bool:
        """Whether the client lets us ask to hear about changed configuration and rule files."""
        workspace = self.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        return bool(watched and watched.dynamic_registration)

    def shutdown(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)
        super().shutdown()


def build_server(config: str | None = None, min_level: str | None = None) -> KbLanguageServer:
    """A server with every feature registered; ``start_io()`` runs it over stdio."""
    server = KbLanguageServer(DocumentChecker(config, min_level))
    _register_documents(server)
    _register_requests(server)
    return server


def _register_documents(server: KbLanguageServer) -> None:
    @server.feature(lsp.INITIALIZE)
    def initialize(ls: KbLanguageServer, params: lsp.InitializeParams) -> None:
        root = ls.workspace.root_path
        if not root and params.workspace_folders:
            root = to_fs_path(params.workspace_folders[0].uri)
        ls.checker.root = Path(root) if root else None

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: KbLanguageServer, params: lsp.InitializedParams) -> None:
        if not ls.watches_files():
            return
        watchers = [lsp.FileSystemWatcher(glob_pattern=g) for g in WATCHED]
        options = lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
        registration = lsp.Registration(
            id="kbeditor-config",
            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        try:
            await ls.client_register_capability_async(lsp.RegistrationParams([registration]))
        except Exception:  # the client refused: rule edits then need a restart
            log.warning("the client did not agree to report changed rule files")

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def watched_files_changed(
        ls: KbLanguageServer, params: lsp.DidChangeWatchedFilesParams
    ) -> None:
        await ls.reload()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: KbLanguageServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.open(params.text_document)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: KbLanguageServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.change(params)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: KbLanguageServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.close(params.text_document.uri)


def _register_requests(server: KbLanguageServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(ls: KbLanguageServer, params: lsp.HoverParams) -> lsp.Hover | None:
        checked = await ls.current(params.text_document.uri)
        if checked is None:
            return None
        index = LineIndex(checked.text, ls.encoding)
        offset = index.offset(params.position.line, params.position.character)
        found = covering(checked.diagnostics, offset, offset)
        if not found:
            return None
        content = lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=hover_markdown(found))
        return lsp.Hover(contents=content, range=lsp_range(index, found[0].start, found[0].end))

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL_KIND]),
    )
    async def code_action(ls: KbLanguageServer, params: lsp.CodeActionParams) -> Any:
        checked = await ls.current(params.text_document.uri)
        if checked is None:
            return None
        index = LineIndex(checked.text, ls.encoding)
        start = index.offset(params.range.start.line, params.range.start.character)
        end = index.offset(params.range.end.line, params.range.end.character)
        return code_actions(checked, index, start, end, params.context.only)

    @server.command(ACCEPT_COMMAND)
    async def accept_word(ls: KbLanguageServer, uri: str, term: str) -> str:
        return await ls.accept(uri, term)
