"""The one place export talks to the linter (``kbeditor.lint``), for ``--strict``.

Export must work without the linter (a checkout where it is missing or
broken), so every use goes through :func:`lint_article`, which returns an
empty list when the linter cannot be loaded. Only errors are kept: warnings
and suggestions are for the editor and ``kbeditor lint``, not for the release gate.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

from kbeditor.article import Article

_linters: dict[str, Any] = {}
_lock = threading.Lock()


def _linter(root: Path) -> Any | None:
    key = str(root)
    with _lock:
        if key not in _linters:
            try:
                from kbeditor.lint.engine import Linter
            except ImportError:
                _linters[key] = None
            else:
                _linters[key] = Linter.for_workspace(root)
        return _linters[key]


def lint_available() -> bool:
    try:
        import kbeditor.lint.engine  # noqa: F401
    except ImportError:
        return False
    return True


def lint_article(root: Path, article: Article) -> list[list[Any]]:
    """Lint errors of one article as ``[line, rule, message]`` (plain data, cacheable)."""
    linter = _linter(root)
    if linter is None:
        return []
    return [
        [d.line, d.rule, d.message]
        for d in linter.lint(article)
        if getattr(d, "severity", "") == "error"
    ]


def lint_fingerprint(root: Path) -> str:
    """Changes when the rules or the workspace's lint settings change (invalidates cached lint)."""
    digest = hashlib.sha256()
    config = root / "kbeditor.toml"
    if config.is_file():
        digest.update(config.read_bytes())
    rules = Path(__file__).resolve().parents[2] / "lint_rules"
    for folder in (rules, root / "styles"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    st = path.stat()
                    digest.update(
                        f"{path.relative_to(folder)}:{st.st_size}:{st.st_mtime_ns}".encode()
                    )
    digest.update(b"lint" if lint_available() else b"nolint")
    return digest.hexdigest()[:16]
