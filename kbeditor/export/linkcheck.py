"""What the export reports about the articles it publishes, links above all.

Every article's own notes (read and render problems, lint errors), duplicate
ids across the site, and each local link and image: to an article that is
published (with that heading), to a file inside the workspace, to an SVG
that is safe to copy. Only paths and light records are read, never another
article's HTML, so the check costs the same on a re-export as on a clean one.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from kbeditor import article_ids
from kbeditor.export.records import Link, Record
from kbeditor.export.svgcheck import is_svg, svg_refusal
from kbeditor.paths import real_path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in the workspace, as the export saw it.

    ``level`` is ``error`` for what fails ``--strict`` (lint errors, broken
    links, missing images, unreadable files), ``warning`` otherwise.
    """

    path: str
    line: int
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


def check_site(
    root: Path, recs: dict[str, Record], problems: list[Problem], drafts: set[str]
) -> dict[str, Path]:
    """Report problems of every article into ``problems``; return the assets to copy (rel -> file)."""
    _check_ids(recs, problems)
    links = _Links(root, recs, problems, drafts)
    for rel, r in recs.items():
        for line, message in r.errors:
            problems.append(Problem(rel, line, "warning", message))
        for line, message in r.warnings:
            problems.append(Problem(rel, line, "warning", message))
        for line, rule, message in r.lint:
            problems.append(Problem(rel, line, "error", f"{message} [{rule}]"))
        for link in r.links:
            links.check(rel, link)
    return links.assets


def _check_ids(recs: dict[str, Record], problems: list[Problem]) -> None:
    """Two published articles with one id: an error on each (it fails --strict)."""
    ids = {rel: r.id for rel, r in recs.items() if r.id}
    for rel, others in article_ids.duplicates({rel: i.id for rel, i in ids.items()}).items():
        article_id, line = ids[rel]
        problems.append(Problem(rel, line, "error", article_ids.message(article_id, others)))


class _Links:
    """Checks links one at a time against the published articles and the workspace's files."""

    def __init__(
        self, root: Path, recs: dict[str, Record], problems: list[Problem], drafts: set[str]
    ) -> None:
        self.recs, self.problems, self.drafts = recs, problems, drafts
        self.anchors = {rel: {t.id for t in r.toc} | set(r.ids) for rel, r in recs.items()}
        self.folded = {rel.casefold(): rel for rel in recs}
        self.files = _Files(root)
        self.svg_checked: dict[str, str | None] = {}
        self.assets: dict[str, Path] = {}

    def _report(self, rel: str, line: int, level: str, message: str) -> None:
        self.problems.append(Problem(rel, line, level, message))

    def check(self, rel: str, link: Link) -> None:
        target, line, image = link
        path, _, fragment = target.partition("#")
        if not path:
            return
        if path.startswith("/"):
            self._report(
                rel,
                line,
                "warning",
                f"site-absolute link '{path}' kept as written; "
                "it works only on the site it was written for",
            )
            return
        folder = posixpath.dirname(rel)
        joined = posixpath.normpath(posixpath.join(folder, unquote(path.split("?")[0])))
        if joined == ".." or joined.startswith("../") or posixpath.isabs(joined):
            self._report(rel, line, "warning", f"refused: '{target}' points outside the workspace")
            return
        if not image and joined.lower().endswith(".md"):
            self._article(rel, line, path, joined, fragment)
        else:
            self._file(rel, line, path, joined, image)

    def _article(self, rel: str, line: int, path: str, joined: str, fragment: str) -> None:
        found = joined if joined in self.recs else self.folded.get(joined.casefold())
        if found is None and joined in self.drafts:
            self._report(
                rel, line, "error", f"broken link: '{path}' is a draft, left out of the site"
            )
        elif found is None:
            self._report(rel, line, "error", f"broken link: no article '{path}'")
        elif found != joined:
            self._report(
                rel, line, "error", f"broken link: '{path}' differs in case from '{found}'"
            )
        elif fragment and fragment not in self.anchors[found]:
            self._report(rel, line, "warning", f"no heading '#{fragment}' in '{path}'")

    def _file(self, rel: str, line: int, path: str, joined: str, image: bool) -> None:
        source, within = self.files.find(joined)
        if not within or not source.is_file():
            what = "missing image" if image else "broken link"
            reason = "outside the workspace" if not within else "no such file"
            self._report(rel, line, "error", f"{what}: '{path}' ({reason})")
            return
        if source.suffix.lower() == ".md":
            return
        if is_svg(source):
            if joined not in self.svg_checked:
                self.svg_checked[joined] = svg_refusal(source)
            refusal = self.svg_checked[joined]
            if refusal:
                self._report(rel, line, "error", f"refused: '{path}' {refusal}")
                return
        self.assets[joined] = source


class _Files:
    """Existence of local files a link points at, each folder resolved once (links may not leave)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: dict[str, Path] = {}

    def find(self, joined: str) -> tuple[Path, bool]:
        """(the file, whether it is inside the workspace)."""
        folder, name = posixpath.split(joined)
        parent = self._folders.get(folder)
        if parent is None:
            parent = self._folders[folder] = (self.root / folder).resolve()
        source = parent / name
        if source.is_symlink():
            real = real_path(source)
            if real is None:  # a link loop
                return source, False
            source = real
        return source, source.is_relative_to(self.root)
