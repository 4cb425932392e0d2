"""Which rules run, at which levels: from ``kbeditor.toml``, a team's ``.vale.ini``, or the default.

Order of precedence for a workspace: its ``kbeditor.toml`` ``[lint]`` table;
else a ``.vale.ini`` (or ``_vale.ini`` / ``vale.ini``) in the folder or the
nearest parent, read as Vale reads it; else the bundled KB style.

Styles are looked up by folder name in the configured styles folders first,
then in the bundled ``lint_rules/``. Vocabularies follow Vale's layout:
``<styles>/config/vocabularies/<Name>/accept.txt`` and ``reject.txt`` (the
older ``<styles>/Vocab/<Name>/`` works too).
"""

from __future__ import annotations

import configparser
import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from kbeditor.bundled import LINT_RULES as BUNDLED_STYLES
from kbeditor.config import CONFIG_NAME, Config, config_text, load_config, read_config
from kbeditor.errors import ConfigError
from kbeditor.lint.diagnostic import SEVERITIES

DEFAULT_STYLES = ("KB",)
VALE_INI_NAMES = (".vale.ini", "_vale.ini", "vale.ini")
WORKSPACE_VOCAB = "Workspace"
_OFF = {"no", "off", "false"}
_ON = {"yes", "on", "true"}


@dataclass(slots=True)
class LintSettings:
    """Everything the Linter needs besides the articles.

    ``rules`` maps 'Style.Rule' or 'Style' to 'off', 'on' or a level; ``on``
    turns on a rule of a style that is not listed in ``styles``.
    """

    styles: list[str] = field(default_factory=lambda: list(DEFAULT_STYLES))
    styles_paths: list[Path] = field(default_factory=list)
    min_level: str = "suggestion"
    rules: dict[str, str] = field(default_factory=dict)
    accept: list[str] = field(default_factory=list)
    reject: list[str] = field(default_factory=list)
    vocab: list[str] = field(default_factory=list)
    infer: bool = True  # infer type and audience the front matter does not give
    source: Path | None = None  # the config file read, if any
    root: Path | None = None
    problems: list[ConfigError] = field(default_factory=list)

    def search_paths(self) -> list[Path]:
        paths = list(self.styles_paths)
        if BUNDLED_STYLES not in paths:
            paths.append(BUNDLED_STYLES)
        return paths

    def find_style(self, name: str) -> Path | None:
        for base in self.search_paths():
            folder = base / name
            if folder.is_dir():
                return folder
        return None

    def vocab_dirs(self) -> list[Path]:
        """Folders of the configured vocabularies that exist, in order."""
        out: list[Path] = []
        for name in self.vocab:
            for base in self.search_paths():
                for folder in (base / "config" / "vocabularies" / name, base / "Vocab" / name):
                    if folder.is_dir() and folder not in out:
                        out.append(folder)
        written = self.vocab_file().parent  # where "Add to accepted words" writes
        if self.vocab and written.is_dir() and written not in out:
            out.append(written)
        return out

    def vocab_file(self, which: str = "accept") -> Path:
        """The file "Add to accepted words" writes to (created on first use)."""
        name = self.vocab[0] if self.vocab else WORKSPACE_VOCAB
        base = self.styles_paths[0] if self.styles_paths else (self.root or Path.cwd()) / "styles"
        return base / "config" / "vocabularies" / name / f"{which}.txt"


def settings_for(root: str | Path) -> LintSettings:
    """Settings for a workspace folder, or for an article (its folder and the folders above)."""
    root = Path(root).resolve()
    if root.is_file():
        root = root.parent
    config = find_config(root)
    if config is None:
        settings = LintSettings(root=root)
        _add_workspace_vocab(settings)
        return settings
    if config.name == CONFIG_NAME:
        return from_toml(config)
    return from_vale_ini(config)


def find_config(start: Path) -> Path | None:
    """The nearest kbeditor.toml or Vale ini file in ``start`` or a parent ($VALE_CONFIG_PATH last)."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
        for name in VALE_INI_NAMES:
            if (candidate / name).is_file():
                return candidate / name
    env = os.environ.get("VALE_CONFIG_PATH")
    return Path(env) if env and Path(env).is_file() else None


def from_file(path: str | Path) -> LintSettings:
    """Settings from an explicit file: a kbeditor.toml or a Vale ini file."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError("no such configuration file", path)
    if path.suffix == ".toml":
        return from_toml(path)
    return from_vale_ini(path)


def from_toml(path: Path) -> LintSettings:
    root = path.parent.resolve()
    config: Config = load_config(root) if path.name == CONFIG_NAME else _load_other_toml(path)
    raw_paths = config.get("lint", "styles_path")
    folders = [raw_paths] if isinstance(raw_paths, str) else list(raw_paths)
    settings = LintSettings(
        styles=[str(s) for s in config.get("lint", "styles")],
        styles_paths=[(root / f).resolve() for f in folders],
        min_level=config.get("lint", "min_level"),
        rules={str(k): str(v) for k, v in config.get("lint", "rules").items()},
        accept=[str(t) for t in config.get("lint", "accept")],
        reject=[str(t) for t in config.get("lint", "reject")],
        vocab=[str(v) for v in config.get("lint", "vocab")],
        infer=bool(config.get("lint", "infer")),
        source=path,
        root=root,
        problems=list(config.problems),
    )
    if settings.min_level not in SEVERITIES:
        settings.problems.append(
            ConfigError(
                f"'lint.min_level' must be one of {', '.join(SEVERITIES)}", path, None, "min_level"
            )
        )
        settings.min_level = "suggestion"
    for key, value in list(settings.rules.items()):
        if value.lower() not in _OFF | _ON and value not in SEVERITIES:
            settings.problems.append(
                ConfigError(
                    f"'lint.rules.{key}' must be off, on or a level, not '{value}'", path, None, key
                )
            )
            del settings.rules[key]
    _add_workspace_vocab(settings)
    return settings


def _load_other_toml(path: Path) -> Config:
    """A kbeditor.toml under another name (``--config``): same schema, same checks."""
    return read_config(path)


def _add_workspace_vocab(settings: LintSettings) -> None:
    if WORKSPACE_VOCAB not in settings.vocab and settings.vocab_file().parent.is_dir():
        settings.vocab.append(WORKSPACE_VOCAB)


def find_vale_ini(start: Path) -> Path | None:
    """The Vale config Vale would use from ``start``: $VALE_CONFIG_PATH, then upwards."""
    env = os.environ.get("VALE_CONFIG_PATH")
    if env and Path(env).is_file():
        return Path(env)
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        for name in VALE_INI_NAMES:
            path = candidate / name
            if path.is_file():
                return path
    return None


def from_vale_ini(path: Path) -> LintSettings:
    """Read the parts of a Vale config we use: StylesPath, MinAlertLevel, Vocab, [*] / [*.md]."""
    parser = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        text = config_text(path.read_bytes(), path, "Vale configuration")
        parser.read_string("[__global__]\n" + text, source=str(path))
    except OSError as exc:
        raise ConfigError(f"cannot be read ({exc.strerror or exc})", path) from None
    except configparser.Error as exc:
        raise ConfigError(
            f"not a valid Vale configuration: {str(exc).splitlines()[0]}", path
        ) from None
    glob = parser["__global__"]
    root = path.parent.resolve()
    styles_path = glob.get("StylesPath", "").strip()
    settings = LintSettings(styles=[], root=root, source=path)
    if styles_path:
        settings.styles_paths = [(root / os.path.expanduser(styles_path)).resolve()]
    level = glob.get("MinAlertLevel", "suggestion").strip().lower()
    if level in SEVERITIES:
        settings.min_level = level
    else:
        settings.problems.append(
            ConfigError(
                f"MinAlertLevel must be one of {', '.join(SEVERITIES)}", path, None, "MinAlertLevel"
            )
        )
    settings.vocab = _split(glob.get("Vocab", ""))
    for section in parser.sections():
        if section == "__global__" or not _applies_to_markdown(section):
            continue
        table = parser[section]
        for style in _split(table.get("BasedOnStyles", "")):
            if style not in settings.styles:
                settings.styles.append(style)
        for key, value in table.items():
            if "." in key or key in ("BasedOnStyles",):
                if key != "BasedOnStyles":
                    settings.rules[key] = _vale_value(value)
            elif value.strip().upper() in ("YES", "NO") and key[:1].isupper():
                settings.rules[key] = _vale_value(value)  # a whole style: 'Microsoft = NO'
    return settings


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _vale_value(value: str) -> str:
    v = value.strip().lower()
    if v in _OFF:
        return "off"
    if v in _ON:
        return "on"
    return v


def _applies_to_markdown(section: str) -> bool:
    """Does a Vale section glob ([*], [*.md], [*.{md,txt}], [docs/**/*.md]) cover Markdown files?"""
    patterns = [section]
    if "{" in section and "}" in section:
        head, rest = section.split("{", 1)
        options, tail = rest.split("}", 1)
        patterns = [head + o + tail for o in options.split(",")]
    return any(fnmatch.fnmatch("article.md", p.split("/")[-1]) for p in patterns)
