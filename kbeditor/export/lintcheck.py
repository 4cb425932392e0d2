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
from kbeditor.lint.linters import drop_stale, identity_of, workspace_linter


def lint_article(root: Path, article: Article) -> list[list[Any]]:
    """Lint errors of one article as ``[line, rule, message]`` (plain data, cacheable)."""
    linter = workspace_linter(root)
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
    identity = identity_of(root)
    drop_stale(root, identity)
    return identity
