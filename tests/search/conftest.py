"""Fixtures for the search tests: clean workspaces and corpus workspaces on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def workspace(workspace: Path) -> Path:
    """The sample KB copy, without any index the bundled folder may have picked up."""
    shutil.rmtree(workspace / ".kbeditor", ignore_errors=True)
    return workspace


@pytest.fixture(scope="session")
def corpus_workspace(corpus_articles: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary copy of the public corpus, indexed once for the whole session."""
    from kbeditor.search import SearchService

    root = tmp_path_factory.mktemp("corpus")
    for path in corpus_articles:
        shutil.copy(path, root / path.name)
    SearchService.open(root).update()
    return root
