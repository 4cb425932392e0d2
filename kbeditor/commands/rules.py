"""``kbeditor rules [PATH] [--json] [--test]``: list the rules a workspace uses, or run their examples."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="list the lint rules in use, or test their examples")
    p.add_argument(
        "path",
        nargs="?",
        default=".",
        metavar="PATH",
        help="workspace folder (default: the current folder)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument(
        "--test", action="store_true", help="run every rule's examples; exit 1 if one fails"
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help="a kbeditor.toml or .vale.ini to use instead of the one found",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kbeditor.errors import KbError
    from kbeditor.lint.engine import Linter
    from kbeditor.lint.settings import from_file, settings_for

    path = Path(args.path)
    if not path.exists():
        raise KbError("no such file or folder", path)
    settings = from_file(args.config) if args.config else settings_for(path)
    for problem in settings.problems:
        print(f"kbeditor: {problem}", file=sys.stderr)
    linter = Linter.from_settings(settings)
    for notice in linter.notices:
        print(f"kbeditor: notice: {notice}", file=sys.stderr)
    for error in linter.errors:
        print(f"kbeditor: {error}", file=sys.stderr)
    if not linter.rules and linter.errors:
        raise KbError("no rules could be loaded", settings.source)
    if args.test:
        return _test(linter, args.json)
    rows: list[dict[str, Any]] = [
        {
            "id": r.id,
            "kind": r.kind,
            "category": r.category,
            "level": r.level if r in linter.rules else "off",
            "description": r.description or r.message,
            "examples": len(r.examples.flag) + len(r.examples.passing),
        }
        for r in (*linter.rules, *linter.shipped_off)
    ]
    if args.json:
        json.dump(
            {
                "rules": rows,
                "errors": [str(e) for e in linter.errors],
                "notices": [str(n) for n in linter.notices],
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
    else:
        width = max((len(r["id"]) for r in rows), default=10)
        for r in rows:
            print(
                f"{r['id']:<{width}}  {r['kind']:<14} {r['category']:<13} {r['level']:<10} {' '.join(str(r['description']).split())}"
            )
        print(f"\n{len(rows)} rules.")
    return 1 if linter.errors else 0


def _test(linter, as_json: bool) -> int:
    from kbeditor.lint.examples import run_examples

    every = (*linter.rules, *linter.shipped_off)  # a rule that ships off must still work
    results = run_examples(every, linter.vocab)
    failed = [r for r in results if not r.ok]
    tested = len({r.rule for r in results})
    untested = [r.id for r in every if not r.examples]
    if as_json:
        json.dump(
            {
                "examples": len(results),
                "rules_tested": tested,
                "rules_without_examples": untested,
                "failures": [
                    {
                        "rule": r.rule,
                        "expect": r.expect,
                        "index": r.index,
                        "text": r.text,
                        "alerts": r.alerts,
                    }
                    for r in failed
                ],
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
    else:
        for r in failed:
            print(r.describe())
        print(
            f"{len(results) - len(failed)} of {len(results)} examples passed ({tested} rules with examples, {len(untested)} without)."
        )
    return 1 if failed else 0
