"""The public Vale styles' own test suites, run with our engine: lines matched and extra, per package.

Each package in the shared ``vale-styles`` folder has ``features/*.feature``
scenarios (``When I test "<Rule>"`` then exactly the listed
``file:line:col:Style.Rule:message`` lines, as Vale prints them with
``--output=line``) and ``fixtures/<Rule>/`` holding the files and the
``.vale.ini`` each scenario runs with. Only Markdown files are run (we lint
Markdown). For each package this prints how many expected lines we produce
exactly (matched), how many we do not (missed) and how many we print that Vale
does not (extra); ``--show`` lists the differences.

Some expected lines are out of date: Vale itself no longer prints them (see
``OUT_OF_DATE``, with the reason). They are counted, and also shown apart, so
the figure for what current Vale prints is clear.

Usage: .venv/bin/python bench/vale_fixtures.py [--show] [--package Microsoft]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from _corpus import SHARED

from kbeditor.article import load_article
from kbeditor.lint.engine import Linter

VALE = SHARED / "vale-styles"
# Scenarios whose expected output current Vale would not print, and why.
OUT_OF_DATE = {
    "Microsoft/Contractions": (
        "expects the replacement capitalised like the match ('Doesn't' for 'Does not'): Vale did"
        " that for ignorecase rules until 3.4 (commit 231fac2a, April 2024); since then only"
        " with 'capitalize: true', which the rule does not set. Google's suite, for a rule of"
        " the same shape, expects the current lower case ('it's' for 'It is')."
    ),
    "alex/basic": (
        "names alex.Profanity, a rule the package has since split into ProfanityLikely,"
        " ProfanityMaybe and ProfanityUnlikely, with other messages; and it predates alex.OCD,"
        " which flags line 15 of the fixture."
    ),
    "write-good/Weasel": (
        "Weasel.yml lists 'fairly', which line 5 of the fixture uses, but the suite expects"
        " only line 3: the word list grew after the suite was written."
    ),
}
_SCENARIO = re.compile(
    r'When I test "([^"]+)"\s+Then the output should contain exactly:\s+"""(.*?)"""', re.S
)


def scenarios(package: Path) -> list[tuple[str, list[str]]]:
    out = []
    for feature in sorted((package / "features").glob("*.feature")):
        for m in _SCENARIO.finditer(feature.read_text(encoding="utf-8")):
            lines = [ln.strip() for ln in m.group(2).splitlines() if ln.strip()]
            out.append((m.group(1), lines))
    return out


def run(fixture: Path) -> list[str]:
    linter = Linter.from_config_file(fixture / ".vale.ini")
    out = []
    for path in sorted(fixture.glob("*.md")):
        for d in linter.lint(load_article(path)):
            out.append(f"{path.name}:{d.line}:{d.column}:{d.rule}:{d.message}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--package", action="append")
    args = parser.parse_args()
    if not VALE.is_dir():
        print(f"Vale styles not found ({VALE}); set KBEDITOR_SHARED. Nothing measured.")
        return 0
    total = Counter()
    for package in sorted(p for p in VALE.iterdir() if (p / "features").is_dir()):
        if args.package and package.name not in args.package:
            continue
        counts = Counter()
        for rule, expected in scenarios(package):
            fixture = package / "fixtures" / rule
            if not (fixture / ".vale.ini").is_file():
                continue
            md = [e for e in expected if e.split(":", 1)[0].endswith(".md")]
            got = Counter(run(fixture))
            want = Counter(md)
            matched = sum((got & want).values())
            extra = sum((got - want).values())
            counts["expected"] += len(md)
            counts["matched"] += matched
            counts["extra"] += extra
            if f"{package.name}/{rule}" not in OUT_OF_DATE:
                counts["current expected"] += len(md)
                counts["current matched"] += matched
                counts["current extra"] += extra
            if args.show:
                for line in sorted((want - got).elements()):
                    print(f"  {package.name}/{rule} missed: {line}")
                for line in sorted((got - want).elements()):
                    print(f"  {package.name}/{rule} extra:  {line}")
        total.update(counts)
        print(
            f"{package.name}: {counts['matched']}/{counts['expected']} expected lines matched,"
            f" {counts['extra']} extra"
        )
    print(f"all: {total['matched']}/{total['expected']} matched, {total['extra']} extra")
    print(
        f"without the out-of-date scenarios: {total['current matched']}/"
        f"{total['current expected']} matched, {total['current extra']} extra"
    )
    for name, why in OUT_OF_DATE.items():
        print(f"  out of date: {name}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
