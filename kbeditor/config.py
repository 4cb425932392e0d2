"""The workspace configuration file, ``kbeditor.toml``, declared as data.

One schema, one validator: each section lists its keys with the type expected
and a default. Unknown sections and keys are reported (a typo must not be
ignored silently), with the file and the line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbeditor.errors import ConfigError

CONFIG_NAME = "kbeditor.toml"

# section -> key -> (accepted types, default, description)
SCHEMA: dict[str, dict[str, tuple[tuple[type, ...], Any, str]]] = {
    "workspace": {
        "name": ((str,), "", "Name shown in the editor and on the exported site."),
        "exclude": (
            (list,),
            [],
            "Glob patterns (relative to the workspace) of files that are not articles.",
        ),
        "review_after_days": (
            (int,),
            180,
            "Days after an article's 'updated' date by which it is due for review, "
            "for articles whose front matter gives no 'review_by'.",
        ),
    },
    "lint": {
        "styles": ((list,), ["KB"], "Styles to apply, by folder name."),
        "styles_path": (
            (list, str),
            [],
            "Extra folders holding styles (relative to the workspace).",
        ),
        "min_level": ((str,), "suggestion", "Lowest level reported: suggestion, warning or error."),
        "rules": (
            (dict,),
            {},
            "Per-rule settings: 'Style.Rule' = 'off' | 'suggestion' | 'warning' | 'error'.",
        ),
        "accept": ((list,), [], "Accepted terms (as Vale's accept.txt)."),
        "reject": ((list,), [], "Rejected terms (as Vale's reject.txt)."),
        "vocab": ((list,), [], "Vocabulary folders to load (as Vale's Vocab)."),
        "infer": (
            (bool,),
            True,
            "Infer an article's type and audience from its text when the front matter "
            "does not give them in kbeditor's own words (false: use only the front matter).",
        ),
    },
    "search": {
        "duplicate_threshold": (
            (float, int),
            0.3,
            "Similarity (share of 3-word runs in common, 0 to 1) at or above which two "
            "articles are reported as near-duplicates.",
        ),
        "log_queries": (
            (bool,),
            False,
            "Count searches that find nothing, or whose results are not opened, in the "
            "workspace's data folder (query text, count and last date only), for the "
            "search gaps of 'kbeditor report'.",
        ),
    },
    "export": {
        "title": ((str,), "", "Site title."),
        "base_url": ((str,), "", "Public address of the site, for sitemap.xml."),
        "feedback_url": (
            (str,),
            "",
            "Address of a 'Didn't find it? Tell us' link on the site's search page; "
            "'{query}' in it is replaced by the search words (for example "
            "'mailto:kb@example.com?subject=Not%20found:%20{query}').",
        ),
    },
    "editor": {
        "recovery_seconds": (
            (int,),
            30,
            "How often unsaved changes are copied to the recovery folder.",
        ),
    },
}


@dataclass(slots=True)
class Config:
    """Validated settings. ``values[section][key]``; ``problems`` lists what was wrong."""

    path: Path | None = None
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[ConfigError] = field(default_factory=list)

    def get(self, section: str, key: str) -> Any:
        if key in self.values.get(section, {}):
            return self.values[section][key]
        return SCHEMA[section][key][1]

    @property
    def present(self) -> bool:
        return self.path is not None


def load_config(root: Path) -> Config:
    """Read ``kbeditor.toml`` in ``root`` if there is one (see :func:`read_config`)."""
    path = root / CONFIG_NAME
    if not path.is_file():
        return Config()
    return read_config(path)


def read_config(path: Path) -> Config:
    """Read a kbeditor.toml, whatever it is called (``lint --config`` names any file).

    Unknown keys and wrong types are collected in ``Config.problems`` (the
    rest still applies). A file that cannot be read, is not UTF-8 text or is
    not valid TOML raises ConfigError naming it, because nothing in it can be
    trusted.
    """
    source = _config_text(path)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc))
        raise ConfigError(f"not valid TOML: {str(exc).split(' (at')[0]}", path, line) from None
    except RecursionError:
        raise ConfigError("not valid TOML: arrays or tables are nested too deeply", path) from None
    config = Config(path=path)
    for section, table in data.items():
        if section not in SCHEMA:
            config.problems.append(_unknown(path, source, section, f"unknown section [{section}]"))
            continue
        if not isinstance(table, dict):
            config.problems.append(
                _unknown(path, source, section, f"'{section}' must be a [section]")
            )
            continue
        config.values[section] = _section(path, source, section, table, config.problems)
    return config


def _config_text(path: Path) -> str:
    """The text of a configuration file; ConfigError when it is not UTF-8 text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot be read ({exc.strerror or exc})", path) from None
    return config_text(data, path, "TOML")


def config_text(data: bytes, path: Path, kind: str) -> str:
    """Bytes of a ``kind`` configuration file as text, refused in one line when they are not.

    Shared with the Vale ini reader: a binary or UTF-16 file would otherwise
    end in a decoding traceback, or be read as garbage and silently ignored.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ConfigError(
            f"is saved as UTF-16; {kind} files must be UTF-8 (save it as UTF-8)", path
        )
    if b"\x00" in data:
        raise ConfigError(f"is a binary file, not a {kind} file", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02X}); {kind} files must be UTF-8",
            path,
            line,
        ) from None


def _section(
    path: Path, source: str, section: str, table: dict[str, Any], problems: list[ConfigError]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        spec = SCHEMA[section].get(key)
        if spec is None:
            known = ", ".join(SCHEMA[section])
            problems.append(
                _unknown(path, source, key, f"unknown key '{key}' in [{section}] (known: {known})")
            )
            continue
        types, _, _ = spec
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            want = " or ".join(t.__name__ for t in types)
            problems.append(_unknown(path, source, key, f"'{section}.{key}' must be a {want}"))
            continue
        out[key] = value
    return out


def _unknown(path: Path, source: str, key: str, message: str) -> ConfigError:
    m = re.search(rf"^[ \t]*\[?{re.escape(key)}\]?[ \t]*[=\]]", source, re.MULTILINE)
    line = source.count("\n", 0, m.start()) + 1 if m else None
    return ConfigError(message, path, line, key)


def _toml_error_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None
