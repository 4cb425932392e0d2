"""Editing a rule file or a configuration on disk changes the findings without a restart."""

from __future__ import annotations

import pytest
from lsp_support import write
from lsprotocol import types as lsp

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_a_changed_rule_file_is_read_again(client, docs, workspace):
    uri, found = await docs.open("docs/rules.md", "# T\n\nSimply go.\n")
    assert [d.severity for d in found] == [lsp.DiagnosticSeverity.Warning]
    # Asked for at start-up, so answered before the first diagnostics arrived.
    (registration,) = client.registrations
    assert registration.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES
    watched = {w["globPattern"] for w in registration.register_options["watchers"]}
    assert {"**/kbeditor.toml", "**/.vale.ini", "**/*.yml", "**/accept.txt"} <= watched
    rule = workspace / "styles" / "House" / "Simple.yml"
    write(rule, rule.read_text(encoding="utf-8").replace("level: warning", "level: error"))
    after = docs.mark()
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(
            [lsp.FileEvent(uri=rule.as_uri(), type=lsp.FileChangeType.Changed)]
        )
    )
    found = await docs.published(uri, 1, after)
    assert [d.severity for d in found] == [lsp.DiagnosticSeverity.Error]
