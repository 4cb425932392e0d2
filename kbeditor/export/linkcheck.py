"""What the export reports about the articles it publishes, links above all.

Every article's own notes (read and render problems, lint errors), duplicate
ids across the site, and each local link and image: to an article that is
published (with that heading), to a file inside the workspace, to an SVG
that is safe to copy. Only paths and light records are read, never another
article's HTML, so the check costs the same on a re-export as on a clean one.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote

from kbeditor import article_ids
from kbeditor.export.records import Link, Record
from kbeditor.export.svgcheck import is_svg, svg_refusal
from kbeditor.paths import real_path


class Problem(NamedTuple):
    """One thing wrong in the workspace, as the export saw it.

    ``level`` is ``error`` for what fails ``--strict`` (lint errors, broken
    links, missing images, unreadable files), ``warning`` otherwise. A tuple in
    the order problems are listed, so a site's hundred thousand of them are
    made and sorted cheaply.
    """

    path: str
    line: int
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


def check_site(
    root: Path,
    recs: dict[str, Record],
    problems: list[Problem],
    drafts: set[str],
    known: KnownLinks | None = None,
) -> dict[str, Path]:
    """Report problems of every article into ``problems``; return the assets to copy (rel -> file).

    ``known`` holds the results of the last export's check (brought up to date here).
    """
    _check_ids(recs, problems)
    links = _Links(root, recs, problems, drafts)
    known = known if known is not None else KnownLinks({})
    known.begin(recs, drafts)
    for rel, r in recs.items():
        for line, message in r.errors:
            problems.append(Problem(rel, line, "warning", message))
        for line, message in r.warnings:
            problems.append(Problem(rel, line, "warning", message))
        for line, rule, message in r.lint:
            problems.append(Problem(rel, line, "error", f"{message} [{rule}]"))
        kept = known.get(rel, r, recs)
        if kept is None:
            known.put(rel, r, links.check_all(rel, r.links))
            continue
        found, files = kept
        problems.extend(Problem(rel, line, level, message) for line, level, message in found)
        for target, line, image in files:
            links.check(rel, Link(target, line, image))
    return links.assets


# Bump when what a link check reports changes: kept results are then dropped.
LINKS_FORMAT = "2"  # 2: links to files kept as written, not as indices into the record


class KnownLinks:
    """Each article's link results of the last export, and what they depended on.

    ``data`` is the export cache's slot for them (plain JSON, updated in place):
    ``targets`` is a hash of the published and draft articles' paths, and each
    article has ``[its content hash, {article linked by heading: its content hash},
    [[line, level, message], ...] for links to articles, [links to files]]``: a kept
    result is used without reading the article's links (see :class:`Record`'s outline).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self._articles: dict[str, Any] = {}
        self._kept: dict[str, Any] = {}

    def begin(self, recs: dict[str, Record], drafts: set[str]) -> None:
        """Forget every result when the set of articles a link can reach has changed."""
        names = "\n".join([LINKS_FORMAT, *recs, "", *sorted(drafts)])
        targets = hashlib.sha256(names.encode("utf-8", "surrogatepass")).hexdigest()
        kept = self.data.get("articles")
        if self.data.get("targets") != targets or not isinstance(kept, dict):
            kept = {}
        self.data.clear()
        self.data.update(targets=targets, articles={})
        self._articles, self._kept = self.data["articles"], kept

    def get(
        self, rel: str, r: Record, recs: dict[str, Record]
    ) -> tuple[list[list[Any]], list[list[Any]]] | None:
        """(problems, links to files) as last time, or None when they may differ now."""
        entry = self._kept.get(rel)
        if not isinstance(entry, list) or len(entry) != 4 or entry[0] != r.sha:
            return None
        _, deps, found, files = entry
        if not isinstance(deps, dict) or any(
            d not in recs or recs[d].sha != s for d, s in deps.items()
        ):
            return None
        self._articles[rel] = entry
        return found, files

    def put(self, rel: str, r: Record, checked: _Checked) -> None:
        found = [[p.line, p.level, p.message] for p in checked.problems]
        files = [list(r.links[index]) for index in checked.files]
        self._articles[rel] = [r.sha, checked.deps, found, files]


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
        self._anchors: dict[str, set[str]] = {}
        self.folded = {rel.casefold(): rel for rel in recs}
        self.files = _Files(root)
        self.svg_checked: dict[str, str | None] = {}
        self.assets: dict[str, Path] = {}

    def anchors(self, rel: str) -> set[str]:
        """The ids a link into ``rel`` may name (worked out for linked articles only)."""
        found = self._anchors.get(rel)
        if found is None:
            r = self.recs[rel]
            found = self._anchors[rel] = {t.id for t in r.toc} | set(r.ids)
        return found

    def _report(self, rel: str, line: int, level: str, message: str) -> None:
        self.problems.append(Problem(rel, line, level, message))

    def check_all(self, rel: str, links: tuple[Link, ...]) -> _Checked:
        """Check every link of one article; what was found about links to articles is returned."""
        checked = _Checked()
        for index, link in enumerate(links):
            start = len(self.problems)
            what = self.check(rel, link)
            if what == "file":
                checked.files.append(index)
                continue
            checked.problems.extend(self.problems[start:])
            if what:
                checked.deps[what] = self.recs[what].sha
        return checked

    def check(self, rel: str, link: Link) -> str | None:
        """Check one link: "file" for a link to a file, the article's path when its
        headings were looked at, else None."""
        target, line, image = link
        path, _, fragment = target.partition("#")
        if not path:
            return None
        if path.startswith("/"):
            self._report(
                rel,
                line,
                "warning",
                f"site-absolute link '{path}' kept as written; "
                "it works only on the site it was written for",
            )
            return None
        folder = posixpath.dirname(rel)
        joined = posixpath.normpath(posixpath.join(folder, unquote(path.split("?")[0])))
        if joined == ".." or joined.startswith("../") or posixpath.isabs(joined):
            self._report(rel, line, "warning", f"refused: '{target}' points outside the workspace")
            return None
        if not image and joined.lower().endswith(".md"):
            return self._article(rel, line, path, joined, fragment)
        self._file(rel, line, path, joined, image)
        return "file"

    def _article(self, rel: str, line: int, path: str, joined: str, fragment: str) -> str | None:
        """Check a link to an article; its path when its headings were looked at."""
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
        elif fragment:
            if fragment not in self.anchors(found):
                self._report(rel, line, "warning", f"no heading '#{fragment}' in '{path}'")
            return found
        return None

    def _file(self, rel: str, line: int, path: str, joined: str, image: bool) -> None:
        source, within, absent = self.files.find(joined)
        if not within or absent or source is None or not source.is_file():
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


@dataclass(slots=True)
class _Checked:
    """One article's links as checked now (see :class:`KnownLinks`)."""

    problems: list[Problem] = field(default_factory=list)
    deps: dict[str, str] = field(default_factory=dict)
    files: list[int] = field(default_factory=list)


class _Files:
    """Existence of local files a link points at, each folder resolved once (links may not leave)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # folder as linked -> (the folder resolved, whether it is inside the workspace)
        self._folders: dict[str, tuple[Path, bool]] = {}
        self._listed: dict[Path, set[str] | None] = {}

    def find(self, joined: str) -> tuple[Path | None, bool, bool]:
        """(the file, whether it is inside the workspace, whether it is surely absent).

        A surely absent file has no path made for it (most links to files that a
        re-export checks again are to images that are not there)."""
        folder, name = posixpath.split(joined)
        found = self._folders.get(folder)
        if found is None:
            parent = (self.root / folder).resolve()
            found = self._folders[folder] = (parent, parent.is_relative_to(self.root))
        parent, within = found
        if self._absent(parent, name):
            # A name (never "." or "..": the path is normalised) in the folder is inside
            # the workspace exactly when its folder is.
            return None, within, True
        source = parent / name
        if source.is_symlink():
            real = real_path(source)
            if real is None:  # a link loop
                return source, False, False
            source = real
        return source, source.is_relative_to(self.root), False

    def _absent(self, parent: Path, name: str) -> bool:
        """True when the folder's listing has no such name in any letter case.

        Sites link to many images that are not there; one listing per folder
        answers for all of them. Any doubt (a name that differs only in case, a
        folder that cannot be listed) is left to looking at the file itself.
        """
        if parent not in self._listed:
            try:
                self._listed[parent] = {n.casefold() for n in os.listdir(parent)}
            except (FileNotFoundError, NotADirectoryError):
                self._listed[parent] = set()
            except OSError:
                self._listed[parent] = None
        names = self._listed[parent]
        return names is not None and name.casefold() not in names
