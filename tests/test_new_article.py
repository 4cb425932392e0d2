"""Creating an article from a template: valid, inside the workspace, never overwriting."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbeditor.article import load_article
from kbeditor.errors import KbError
from kbeditor.new_article import NewArticle, create, problem
from kbeditor.templates import template_names
from kbeditor.workspace import Workspace


@pytest.mark.parametrize("template", template_names())
def test_each_template_gives_a_valid_article(workspace: Path, template: str) -> None:
    ws = Workspace(workspace)
    spec = NewArticle(
        template,
        'Printer says "offline": what now?',
        folder="printing",
        product="Printing",
        tags=("printer", "offline"),
        audience="it-staff",
    )
    path = create(ws, spec)
    assert path == workspace / "printing" / "printer-says-offline-what-now.md"
    article = load_article(path)
    assert article.errors == []
    assert article.metadata.title == 'Printer says "offline": what now?'
    assert article.metadata.tags == ["printer", "offline"]
    assert article.metadata.audience == "it-staff"
    assert article.metadata.type == template


def test_existing_file_is_refused_and_left_alone(workspace: Path) -> None:
    ws = Workspace(workspace)
    target = workspace / "mail" / "outlook-keeps-asking-for-password.md"
    before = target.read_bytes()
    spec = NewArticle("troubleshooting", "Outlook keeps asking for password", folder="mail")
    assert "already exists" in (problem(ws, spec) or "")
    with pytest.raises(KbError):
        create(ws, spec)
    assert target.read_bytes() == before


def test_a_folder_outside_the_workspace_is_refused(workspace: Path) -> None:
    spec = NewArticle("how-to", "Escape", folder="../elsewhere")
    assert "inside the workspace" in (problem(Workspace(workspace), spec) or "")


def test_type_can_differ_from_the_template(workspace: Path) -> None:
    spec = NewArticle("troubleshooting", "Slow label printing", type="known-issue")
    assert load_article(create(Workspace(workspace), spec)).metadata.type == "known-issue"
