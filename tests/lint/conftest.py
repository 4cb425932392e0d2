"""Fixtures for lint tests: real rule files written to a temporary styles folder, real articles."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kbeditor.article import parse_article
from kbeditor.lint.engine import Linter


def _write_rule(root: Path, style: str, name: str, body: str) -> Path:
    folder = root / style
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yml"
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


def _lint_text(root: Path, text: str, style: str = "Test", **kwargs) -> list:
    linter = Linter.from_styles([root / style], **kwargs)
    assert not linter.errors, [str(e) for e in linter.errors]
    return linter.lint(parse_article(textwrap.dedent(text).lstrip()))


def found(diags: list, rule: str | None = None) -> list[str]:
    return [d.match for d in diags if rule is None or d.rule == rule]


class StyleBox:
    """A styles folder in tmp_path: write rules into it, lint text with them."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def rule(self, name: str, body: str, style: str = "Test") -> Path:
        return _write_rule(self.root, style, name, body)

    def lint(self, text: str, style: str = "Test", **kwargs) -> list:
        return _lint_text(self.root, text, style, **kwargs)

    def linter(self, style: str = "Test", **kwargs) -> Linter:
        return Linter.from_styles([self.root / style], **kwargs)


@pytest.fixture
def styles(tmp_path: Path) -> StyleBox:
    root = tmp_path / "styles"
    root.mkdir()
    return StyleBox(root)
