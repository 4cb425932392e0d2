"""Creating an article from a template inside a workspace, safely.

Shared by the editor's New article dialog: the file name follows the title,
the file must land inside the workspace, an existing file is never
overwritten, and the text is parsed back before it is written so a title
with a colon or a quote can never produce broken front matter.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from kbeditor import article_ids, metadata_edit, templates
from kbeditor.article import parse_article
from kbeditor.errors import KbError
from kbeditor.frontmatter import AUDIENCES, TYPES


@dataclass(frozen=True, slots=True)
class NewArticle:
    """What the writer filled in."""

    template: str
    title: str
    folder: str = ""  # relative to the workspace, forward slashes
    file_name: str = ""  # default: the title's slug + .md
    product: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    audience: str = "end-user"
    type: str = ""  # default: the template's name when it is an article type
    owner: str = ""
    article_id: str = ""  # default: the title's slug

    def relative_path(self) -> str:
        name = self.file_name.strip() or templates.slug(self.title)
        if not name.lower().endswith(".md"):
            name += ".md"
        folder = self.folder.strip().strip("/")
        return f"{folder}/{name}" if folder else name


def problem(
    workspace: object, spec: NewArticle, ids: Mapping[str, str] | None = None
) -> str | None:
    """Why ``spec`` cannot be created as it is (one sentence), or None when it can.

    ``ids`` maps each existing article (relative path) to its id; an id in use is refused.
    """
    if not spec.title.strip():
        return "Give the article a title."
    if spec.template not in templates.template_names():
        return f"Choose a template: {', '.join(templates.template_names())}."
    if spec.audience not in AUDIENCES:
        return f"Choose an audience: {', '.join(AUDIENCES)}."
    if spec.type and spec.type not in TYPES:
        return f"Choose a type: {', '.join(TYPES)}."
    rel = PurePosixPath(spec.relative_path())
    if rel.is_absolute() or ".." in rel.parts or any(p.startswith(".") for p in rel.parts):
        return "Choose a folder inside the workspace (no '..' and no hidden folders)."
    target = workspace.resolve(str(rel))  # type: ignore[attr-defined]
    if target.exists():
        return f"{rel} already exists: choose another title or file name."
    wanted = (spec.article_id.strip() or templates.slug(spec.title)).casefold()
    owner = next((r for r, i in (ids or {}).items() if i.casefold() == wanted), None)
    if owner is not None:
        return f"The id is already used by {owner}: choose another id."
    return None


def render(spec: NewArticle) -> str:
    """The article text: the template filled in, with the chosen type."""
    text = templates.render(
        spec.template,
        spec.title.strip(),
        product=spec.product.strip(),
        audience=spec.audience,
        tags=list(spec.tags),
        owner=spec.owner.strip(),
        article_id=spec.article_id.strip(),
    )
    if spec.type and spec.type != spec.template:
        text = metadata_edit.set_values(text, {"type": spec.type})
    return text


def prepare(
    workspace: object, spec: NewArticle, ids: Mapping[str, str] | None = None
) -> tuple[Path, str]:
    """The new article's path and text, checked but not written.

    The editor opens this as an unsaved article: the file appears with the
    writer's first save, and closing without saving leaves nothing behind.

    Raises:
        KbError: the form has a problem, or the text would not read back cleanly.
    """
    reason = problem(workspace, spec, ids)
    if reason:
        raise KbError(reason)
    text = render(spec)
    errors = parse_article(text).errors
    if errors:
        raise KbError(f"the template gave invalid front matter: {errors[0].message}")
    return Path(workspace.resolve(spec.relative_path())), text  # type: ignore[attr-defined]


def create(workspace: object, spec: NewArticle) -> Path:
    """Write the new article atomically and return its path; never overwrites.

    Raises:
        KbError: the form has a problem, the text would not read back cleanly,
            or the file appeared meanwhile.
    """
    ids = article_ids.workspace_ids(workspace)
    if not spec.article_id.strip():
        spec = replace(spec, article_id=article_ids.suggest(ids.values(), spec.title))
    target, text = prepare(workspace, spec, ids)
    target.parent.mkdir(parents=True, exist_ok=True)
    _claim(target)
    workspace.save(target, text)  # type: ignore[attr-defined]
    return target


def _claim(target: Path) -> None:
    """Create the file exclusively, so a file made by someone else meanwhile is never replaced."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise KbError("already exists: choose another title or file name", target) from None
    os.close(fd)
