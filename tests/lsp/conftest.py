"""A real workspace on disk and a real LSP client talking to ``kbeditor lsp`` over stdio."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsp_support import SERVER, Client, Docs, write
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient, client_capabilities

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

SPELLING = """\
extends: spelling
message: "Did you really mean '%s'?"
level: error
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """House rules from kbeditor.toml at the root; a team folder with its own .vale.ini."""
    root = tmp_path_factory.mktemp("kb")
    write(root / "kbeditor.toml", '[lint]\nstyles = ["House"]\nstyles_path = "styles"\n')
    write(root / "styles" / "House" / "Simple.yml", SIMPLE)
    write(root / "styles" / "House" / "Utilize.yml", UTILIZE)
    write(root / "styles" / "Team" / "Obvious.yml", OBVIOUS)
    write(root / "styles" / "Team" / "Spelling.yml", SPELLING)
    write(root / "team" / ".vale.ini", "StylesPath = ../styles\n\n[*.md]\nBasedOnStyles = Team\n")
    return root


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(lsp_client: LanguageClient, workspace: Path, request: pytest.FixtureRequest):
    """A client with the capabilities of the editor a test module names in ``CLIENT``."""
    spec = getattr(request.module, "CLIENT", "visual-studio-code")
    await lsp_client.initialize_session(
        lsp.InitializeParams(capabilities=client_capabilities(spec), root_uri=workspace.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def docs(client: Client, workspace: Path) -> Docs:
    return Docs(client, workspace)
