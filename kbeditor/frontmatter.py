"""YAML front matter: finding it, parsing it and typing the known keys.

Known keys follow KB-STYLE.md. Unknown keys are kept untouched in
``Metadata.extra`` so articles from other systems (``ms.date``,
``description`` ...) open unchanged. Problems never raise: they are returned as
:class:`ArticleError` values so the article still opens and the writer can fix
the front matter in the editor.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kbeditor.errors import ArticleError

try:  # libyaml is about ten times faster; fall back when it is not compiled in.
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader that keeps numbers as written.

    A tag or id such as ``0x80070005`` or ``007`` is text to a writer; YAML's
    number resolvers would turn it into 2147942405 or 7.
    """


_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _NUMBER_TAGS]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def _timestamp_as_text(loader: Any, node: yaml.ScalarNode) -> str:
    """Dates stay text; :func:`_date` checks them, so ``2024-02-30`` is a problem, not a crash.

    PyYAML's own timestamp constructor raises a plain ``ValueError`` (not a
    ``YAMLError``) on a date that does not exist.
    """
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)

AUDIENCES = ("end-user", "it-staff", "developer")
TYPES = ("troubleshooting", "how-to", "known-issue")
STATUSES = ("draft", "review", "published")
KNOWN_KEYS = (
    "title",
    "id",
    "product",
    "tags",
    "audience",
    "type",
    "status",
    "updated",
    "owner",
    "review_by",
)
DEFAULT_AUDIENCE = "end-user"
# Spellings other systems use for our audiences (Microsoft Learn uses ITPro and Admin).
AUDIENCE_ALIASES = {
    "enduser": "end-user",
    "user": "end-user",
    "users": "end-user",
    "itpro": "it-staff",
    "admin": "it-staff",
    "administrator": "it-staff",
    "itstaff": "it-staff",
    "dev": "developer",
    "developers": "developer",
}

_FENCE = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass(slots=True)
class Metadata:
    """Typed front matter. ``extra`` keeps every key we do not know, in order."""

    title: str | None = None
    id: str | None = None
    product: str | None = None
    tags: list[str] = field(default_factory=list)
    audience: str = DEFAULT_AUDIENCE
    type: str | None = None
    status: str | None = None
    updated: dt.date | None = None
    owner: str | None = None
    review_by: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    present: frozenset[str] = frozenset()

    def as_dict(self) -> dict[str, Any]:
        """Known keys that were given, then unknown ones; dates as ISO strings (JSON-ready)."""
        out: dict[str, Any] = {}
        for key in KNOWN_KEYS:
            if key in self.present:
                value = getattr(self, key)
                out[key] = value.isoformat() if isinstance(value, dt.date) else value
        for key, value in self.extra.items():
            out[key] = _jsonable(value)
        return out


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Where the front matter sits in the text (``start``/``end`` cover the fences)."""

    start: int
    end: int
    yaml_start: int
    yaml_end: int


def locate(text: str) -> FrontMatter | None:
    """Find a front matter block at the very start of ``text``.

    A block opens with ``---`` on the first line and closes with ``---`` or
    ``...``. An opening fence with no closing one is not front matter: the
    text is treated as body so nothing is hidden from the writer.
    """
    opening = _FENCE.match(text)
    if not opening:
        return None
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        return None
    end = closing.end()
    if text.startswith("\r\n", end):
        end += 2
    elif text.startswith("\n", end):
        end += 1
    return FrontMatter(0, end, opening.end(), closing.start())


MAX_DEPTH = 20  # lists and mappings inside each other; real front matter uses two or three


class Refused(yaml.MarkedYAMLError):
    """Front matter that is valid YAML but refused (aliases, anchors, deep nesting)."""


def _check_shape(source: str) -> None:
    """Refuse anchors, aliases and deep nesting before anything is built.

    An article's front matter never needs ``&anchor``/``*alias``: they are
    how a few hundred bytes expand to gigabytes (an alias bomb) or to a value
    that contains itself, which no code downstream can walk. Nesting is
    bounded for the same reason. Only the parser's events are read here, so
    nothing is expanded.
    """
    if not any(c in source for c in "&*[{") and source.count("\n") < MAX_DEPTH:
        return  # cannot hold an anchor, an alias or deep nesting: no second pass
    depth = 0
    for event in yaml.parse(source, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise Refused(
                problem=f"an alias (*{event.anchor}) is not allowed; write the value out",
                problem_mark=event.start_mark,
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise Refused(
                problem=f"an anchor (&{anchor}) is not allowed; write the value out",
                problem_mark=event.start_mark,
            )
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(
                    problem=f"lists and mappings are nested more than {MAX_DEPTH} deep",
                    problem_mark=event.start_mark,
                )
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def load_yaml(source: str) -> Any:
    """Load front-matter YAML the way articles are read: numbers and dates kept as text.

    Anchors, aliases and nesting deeper than :data:`MAX_DEPTH` are refused
    (:class:`Refused`). Raises only :class:`yaml.YAMLError`.
    """
    _check_shape(source)
    return yaml.load(source, Loader=_Loader)  # noqa: S506 - a safe loader


def parse(
    text: str, fm: FrontMatter | None, path: Path | None
) -> tuple[Metadata, list[ArticleError]]:
    """Parse and type the front matter; return the metadata and any problems found."""
    if fm is None:
        return Metadata(), []
    source = text[fm.yaml_start : fm.yaml_end]
    first_line = text.count("\n", 0, fm.yaml_start) + 1
    try:
        data = load_yaml(source)
    except Refused as exc:
        line = first_line + exc.problem_mark.line if exc.problem_mark else first_line
        return Metadata(), [ArticleError(f"front matter refused: {exc.problem}", path, line)]
    except yaml.YAMLError as exc:
        # The context mark (where the unclosed "[" or quote began) is where a writer looks.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return Metadata(), [ArticleError(f"front matter is not valid YAML: {problem}", path, line)]
    if data is None:
        return Metadata(), []
    if not isinstance(data, dict):
        kind = type(data).__name__
        msg = f"front matter must be a mapping of keys to values, not a {kind}"
        return Metadata(), [ArticleError(msg, path, first_line)]
    return _typed(data, source, first_line, path)


def _typed(
    data: dict[Any, Any], source: str, first_line: int, path: Path | None
) -> tuple[Metadata, list[ArticleError]]:
    meta = Metadata()
    errors: list[ArticleError] = []
    present: set[str] = set()

    def problem(key: str, message: str) -> None:
        line = _key_line(source, key, first_line)
        errors.append(ArticleError(f"front matter key '{key}' {message}", path, line, key))

    for raw_key, value in data.items():
        key = str(raw_key)
        if key not in KNOWN_KEYS:
            meta.extra[key] = value
            continue
        present.add(key)
        if value is None:
            continue
        checker = _CHECKS[key]
        typed, message = checker(value)
        if message:
            problem(key, message)
        else:
            setattr(meta, key, typed)
    meta.present = frozenset(present)
    return meta, errors


def _text(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, (dict, list)):
        return None, "must be plain text, not a list or mapping"
    return str(value), None


def _choice(options: tuple[str, ...], aliases: dict[str, str] | None = None) -> Any:
    def check(value: Any) -> tuple[Any, str | None]:
        text = str(value).strip().lower()
        text = (aliases or {}).get(re.sub(r"[\s_-]", "", text), text)
        if text in options:
            return text, None
        return None, f"'{value}' is not one of: {', '.join(options)}"

    return check


def _tags(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()], None
    if isinstance(value, list) and all(isinstance(t, (str, int, float)) for t in value):
        return [str(t) for t in value], None
    return None, "must be a list of words, for example [vpn, sign-in]"


# A YAML timestamp: a date, optionally with a time and zone (only the date is kept).
_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)\d{1,2}:\d\d(?::\d\d(?:\.\d*)?)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::?\d\d)?))?)?"
)


def _date(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, (dict, list)):
        return None, "must be a date in the form YYYY-MM-DD, not a list or mapping"
    text = str(value).strip()
    match = _DATE.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day), None
        except ValueError as exc:
            return None, f"'{text}' is not a real date ({exc})"
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, f"'{value}' is not a date in the form YYYY-MM-DD"


_CHECKS = {
    "title": _text,
    "id": _text,
    "product": _text,
    "owner": _text,
    "tags": _tags,
    "audience": _choice(AUDIENCES, AUDIENCE_ALIASES),
    "type": _choice(TYPES),
    "status": _choice(STATUSES),
    "updated": _date,
    "review_by": _date,
}


def _key_line(source: str, key: str, first_line: int) -> int:
    match = re.search(rf"^{re.escape(key)}\s*:", source, re.MULTILINE)
    if not match:
        return first_line
    return first_line + source.count("\n", 0, match.start())


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value
