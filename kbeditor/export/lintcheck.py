"""The one place export talks to the linter (``kbeditor.lint``), for ``--strict``.

Only errors are kept: warnings and suggestions are for the editor and
``kbeditor lint``, not for the release gate. Cached results are keyed by the
linter's rule-set identity (:mod:`kbeditor.lint.identity`), the same one the
editor's badges use, so a changed rule anywhere the workspace loads rules from
(``styles_path``, ``.vale.ini``) invalidates them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kbeditor.article import Article
from kbeditor.lint.engine import Linter
from kbeditor.lint.identity import ruleset_identity
from kbeditor.lint.memo import Memo
from kbeditor.lint.settings import settings_for

# root -> (rule-set identity, linter), or None once that identity is out of date.
# Process-wide on purpose: compiling a rule set takes about a second, and each
# worker process renders many batches and the editor exports again and again, all
# with the same workspace. A Memo keeps it bounded (a few workspaces) and safe
# to read from the editor's export thread while another thread exports too.
_LINTERS: Memo[str, tuple[str, Linter] | None] = Memo(size=4)


def _linter(root: Path) -> Linter:
    key = str(root)
    found = _LINTERS.get(key)
    if found is None:
        settings = settings_for(root)
        found = (ruleset_identity(settings)[:16], Linter.from_settings(settings))
        _LINTERS[key] = found
    return found[1]


def lint_article(root: Path, article: Article) -> list[list[Any]]:
    """Lint errors of one article as ``[line, rule, message]`` (plain data, cacheable)."""
    linter = _linter(root)
    return [
        [d.line, d.rule, d.message]
        for d in linter.lint(article)
        if getattr(d, "severity", "") == "error"
    ]


def lint_fingerprint(root: Path) -> str:
    """The workspace's rule-set identity now, read once per export (it hashes every rule file).

    When it differs from the one the cached linter was built with (an export after a rule
    edit in the same editor session), the linter is built again.
    """
    identity = ruleset_identity(settings_for(root))[:16]
    cached = _LINTERS.get(str(root))
    if cached is not None and cached[0] != identity:
        _LINTERS[str(root)] = None
    return identity
