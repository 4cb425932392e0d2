"""The identity of a rule set: one hash of everything a lint result depends on besides the article.

Anything that keeps lint results between runs (the editor's workspace badges,
export's ``--strict`` cache) keys them by this value, so a cached result is
never used after a rule changed. It covers the rule files of every style that
is loaded (bundled, ``styles_path`` or ``.vale.ini`` ``StylesPath``), the
vocabularies, the configuration file that was read, the lint settings, the
workspace's words (:mod:`kbeditor.lint.workspace_words`) and kbeditor's own code and data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from kbeditor.lint.settings import LintSettings
from kbeditor.lint.workspace_words import for_settings

FORMAT = 1
_PACKAGE = Path(__file__).resolve().parents[1]  # kbeditor/


def ruleset_identity(settings: LintSettings) -> str:
    """A hex digest that changes whenever a lint result of the same article could change."""
    digest = hashlib.sha256(f"rules {FORMAT}\n".encode())
    described = (
        list(settings.styles),
        [str(p) for p in settings.styles_paths],
        settings.min_level,
        sorted(settings.rules.items()),
        list(settings.accept),
        list(settings.reject),
        list(settings.vocab),
        settings.infer,
    )
    digest.update(repr(described).encode())
    if settings.source is not None:
        _add_file(digest, Path(settings.source))
    styles = list(settings.styles) + [k.split(".", 1)[0] for k in settings.rules if "." in k]
    folders = [settings.find_style(s) for s in dict.fromkeys(styles)]
    folders += list(settings.vocab_dirs())
    for folder in folders:
        if folder is not None:
            _add_tree(digest, Path(folder))
    _add_tree(digest, _PACKAGE, suffixes=(".py", ".yml", ".yaml", ".txt", ".json"))
    words = for_settings(settings)  # the workspace's words, as every linter of it gets them
    if words is not None:
        digest.update(f"words {words.digest()}\n".encode())
    return digest.hexdigest()


def _add_tree(digest: Any, folder: Path, suffixes: tuple[str, ...] = ()) -> None:
    try:
        files = sorted(p for p in folder.rglob("*") if p.is_file())
    except OSError:
        return
    for path in files:
        if "__pycache__" in path.parts or (suffixes and path.suffix not in suffixes):
            continue
        digest.update(str(path.relative_to(folder)).encode())
        _add_file(digest, path)


def _add_file(digest: Any, path: Path) -> None:
    try:
        digest.update(path.read_bytes())
    except OSError:
        digest.update(b"<unreadable>")
    digest.update(b"\0")
