"""Editing front matter in place, the way a writer would by hand.

The metadata form changes one key at a time. Re-dumping the whole YAML
mapping would drop the writer's comments, reorder keys and restyle values
other systems wrote, so instead each change rewrites only the lines of the
key it touches: comments, unknown keys, blank lines and the order stay as
they were, and a new key goes after the known key that precedes it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kbeditor import frontmatter
from kbeditor.article import decode
from kbeditor.errors import ArticleError
from kbeditor.frontmatter import KNOWN_KEYS

_KEY_LINE = re.compile(r"^([A-Za-z_][\w.-]*)[ \t]*:(?=[ \t]|$)")
# The form's order: every key we know, the id last (it is set once and rarely read).
FORM_KEYS = (*(k for k in KNOWN_KEYS if k != "id"), "id")


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str
    first: int  # index of the key's line
    last: int  # index of its last continuation line (inclusive)


def form_values(text: str) -> dict[str, Any]:
    """The front matter's known keys as the form shows them (strings; tags as a list)."""
    fm = frontmatter.locate(text)
    meta, _ = frontmatter.parse(text, fm, None)
    values: dict[str, Any] = {}
    for key in FORM_KEYS:
        value = getattr(meta, key)
        if key == "tags":
            values[key] = list(value)
        elif isinstance(value, dt.date):
            values[key] = value.isoformat()
        elif key == "audience" and "audience" not in meta.present:
            values[key] = ""
        else:
            values[key] = "" if value is None else str(value)
    return values


def yaml_error(text: str) -> str | None:
    """Why the front matter cannot be read as YAML, or None (a bad value is not such an error)."""
    fm = frontmatter.locate(text)
    if fm is None:
        return None
    _, errors = frontmatter.parse(text, fm, None)
    # A bad value names its key (``field``); a whole front matter that cannot be read does not.
    broken = [e for e in errors if getattr(e, "field", None) is None]
    return str(broken[0]) if broken else None


def set_values(text: str, changes: dict[str, Any]) -> str:
    """Return ``text`` with the given front-matter keys set.

    An empty value ("" or []) removes a key the writer never had and keeps an
    existing one as an empty string, so a template's empty ``owner:`` is not
    silently deleted. Text without front matter gets a new block.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    fm = frontmatter.locate(text)
    if fm is None:
        lines = [_render(k, v) for k, v in changes.items() if not _empty(v)]
        if not lines:
            return text
        return "---" + newline + newline.join(lines) + newline + "---" + newline + newline + text
    source = text[fm.yaml_start : fm.yaml_end]
    lines = source.splitlines()
    for key, value in changes.items():
        lines = _set_one(lines, key, value)
    body = newline.join(lines) + (newline if lines else "")
    return text[: fm.yaml_start] + body + text[fm.yaml_end :]


def _set_one(lines: list[str], key: str, value: Any) -> list[str]:
    entries = _entries(lines)
    entry = next((e for e in entries if e.key == key), None)
    if entry is None:
        if _empty(value):
            return lines
        at = _insert_at(entries, key, len(lines))
        return [*lines[:at], _render(key, value), *lines[at:]]
    comment = _trailing_comment(lines[entry.first]) if entry.first == entry.last else ""
    new = _render(key, "" if _empty(value) else value) + comment
    return [*lines[: entry.first], new, *lines[entry.last + 1 :]]


def _entries(lines: list[str]) -> list[_Entry]:
    """Top-level keys and the continuation lines (indented, or a ``- item`` list) under each."""
    found: list[_Entry] = []
    current: tuple[str, int] | None = None
    last = -1
    for i, line in enumerate(lines):
        match = _KEY_LINE.match(line)
        if match:
            if current:
                found.append(_Entry(current[0], current[1], last))
            current, last = (match.group(1), i), i
        elif current and line.strip() and (line[:1] in " \t" or not line.startswith("#")):
            last = i  # an indented or list continuation, or a wrapped value
        elif current:
            found.append(_Entry(current[0], current[1], last))
            current = None
    if current:
        found.append(_Entry(current[0], current[1], last))
    return found


def _insert_at(entries: list[_Entry], key: str, end: int) -> int:
    """After the nearest known key that comes before ``key`` in the usual order."""
    if key in KNOWN_KEYS:
        before = KNOWN_KEYS[: KNOWN_KEYS.index(key)]
        for entry in reversed(entries):
            if entry.key in before:
                return entry.last + 1
        known = [e for e in entries if e.key in KNOWN_KEYS]
        if known:
            return known[0].first
    return (entries[-1].last + 1) if entries else end


def _trailing_comment(line: str) -> str:
    """A ``  # comment`` after a one-line value, kept when the value changes."""
    for match in re.finditer(r"[ \t]+#", line):
        head = line[: match.start()]
        try:
            if frontmatter.load_yaml(head) == frontmatter.load_yaml(line):
                return line[match.start() :]
        except yaml.YAMLError:
            continue
    return ""


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _render(key: str, value: Any) -> str:
    if isinstance(value, (list, tuple)):
        items = [str(v).strip() for v in value if str(v).strip()]
        return f"{key}: {yaml.safe_dump(items, default_flow_style=True, width=10_000).strip()}"
    if isinstance(value, dt.date):
        return f"{key}: {value.isoformat()}"
    return f"{key}: {_scalar(str(value))}"


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as the same string (quoted only when it must be)."""
    if not value:
        return '""'
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value  # a date: YAML reads it back as one, which is what `updated` wants
    dumped = yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True)
    return dumped.strip().removesuffix("...").strip()


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Products, tags and folders already used in a workspace, offered as choices in forms."""

    products: tuple[str, ...]
    tags: tuple[str, ...]
    folders: tuple[str, ...]


_HEAD_BYTES = 8192


def _head(path: Path) -> str | None:
    """The start of an article, decoded as load_article decodes it: enough for its front matter.

    Through :func:`decode`, so a byte-order mark, UTF-16 or old Mac line endings do not hide
    the front matter. None for a file that cannot be read or is not text.
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read(_HEAD_BYTES)
            if data.startswith((b"\xff\xfe", b"\xfe\xff")):
                data += handle.read()  # UTF-16: a cut could split a character
            elif len(data) == _HEAD_BYTES:
                data = data[: data.rfind(b"\n") + 1] or data  # whole lines only
    except OSError:
        return None
    try:
        return decode(data, path)[0]
    except ArticleError:
        return None


def workspace_vocabulary(workspace: Any) -> Vocabulary:
    """Read only each article's front matter (not its body): cheap enough for 6,000 files."""
    products: set[str] = set()
    tags: set[str] = set()
    folders: set[str] = set()
    for path in workspace.article_paths():
        rel = workspace.relative(path)
        folders.add(rel.rpartition("/")[0])
        head = _head(path)
        if head is None:
            continue
        meta, _ = frontmatter.parse(head, frontmatter.locate(head), None)
        if meta.product:
            products.add(meta.product)
        tags.update(meta.tags)
    return Vocabulary(
        tuple(sorted(products, key=str.lower)),
        tuple(sorted(tags, key=str.lower)),
        tuple(sorted(folders)),
    )
