"""The public Vale style packages' own test suites, run through ``kbeditor lint --format line``.

Each package beside the checkout (``vale-styles/<package>``) has Cucumber
scenarios (``features/*.feature``: ``When I test "<Rule>"``, then exactly the
``file:line:col:Style.Rule:message`` lines Vale prints) and a fixture folder
with the files and the ``.vale.ini`` of each scenario. Only Markdown lines
count. The floors below are what we match today: a change that loses a line
Vale prints fails here; one that gains lines should raise the floor.
``bench/vale_fixtures.py --show`` lists the differences and the expected
lines that are out of date (older Vale output, renamed rules).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from kbeditor.cli import main

_SCENARIO = re.compile(
    r'When I test "([^"]+)"\s+Then the output should contain exactly:\s+"""(.*?)"""', re.S
)
# package: (expected lines matched at least, extra lines at most)
FLOORS = {
    "Google": (49, 0),
    "Joblint": (25, 0),
    "Microsoft": (99, 25),
    "alex": (0, 6),
    "proselint": (36, 0),
    "write-good": (10, 1),
}


def _scenarios(package: Path) -> list[tuple[Path, list[str]]]:
    out = []
    for feature in sorted((package / "features").glob("*.feature")):
        for m in _SCENARIO.finditer(feature.read_text(encoding="utf-8")):
            fixture = package / "fixtures" / m.group(1)
            lines = [ln.strip() for ln in m.group(2).splitlines() if ln.strip()]
            if (fixture / ".vale.ini").is_file():
                out.append((fixture, [ln for ln in lines if ln.split(":", 1)[0].endswith(".md")]))
    return out


def _lint_lines(fixture: Path, monkeypatch, capsys) -> list[str]:
    monkeypatch.chdir(fixture)
    files = sorted(p.name for p in fixture.glob("*.md"))
    if not files:
        return []
    capsys.readouterr()
    main(["lint", *files, "--format", "line", "--fail-on", "never"])
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_vale_package_suite_keeps_its_matched_lines(name, vale_styles_dir, monkeypatch, capsys):
    package = vale_styles_dir / name
    if not (package / "features").is_dir():
        pytest.skip(f"{name} has no test suite beside the checkout")
    matched = extra = 0
    for fixture, expected in _scenarios(package):
        got, want = Counter(_lint_lines(fixture, monkeypatch, capsys)), Counter(expected)
        matched += sum((got & want).values())
        extra += sum((got - want).values())
    least, most = FLOORS[name]
    assert matched >= least, f"{name}: {matched} expected lines matched, was {least}"
    assert extra <= most, f"{name}: {extra} extra lines, was {most}"
