"""Runaway inputs: seconds and peak memory of parse, lint and render on hostile articles.

Run: .venv/bin/python bench/runaway_inputs.py [--timeout S] [--only NAME ...]

Each case runs in a process of its own with a time limit (``>S`` in the table
means it had not finished). Beside the seconds are the CPU seconds: on a
shared machine, compare those. The peak memory is that process's maximum
resident size, imports included. The inputs are the ones reported as freezing the
editor or the command line: a long word under KB.HardSentence's skip pattern,
a run of backticks, thousands of links in one paragraph, a very long article
of numbered lists under skipped sections (parsed, linted and previewed),
unbalanced ``[`` and a paragraph crowded with emphasis in the renderer, and a
user rule with catastrophic backtracking.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLE = ROOT / "lint_rules" / "KB"
HEX = "0123456789abcdef"


def _hex_word(size: int) -> str:
    return "".join(HEX[(i * 7 + i // 16) % 16] for i in range(size))


def _article(body: str) -> str:
    return f"---\ntitle: Runaway\naudience: it-staff\ntype: how-to\n---\n# Runaway\n\n{body}\n"


def _steps_article(megabytes: float) -> str:
    unit = (
        "## Symptoms\n\n1. The app stops.\n2. Nothing opens.\n\n"
        "## Resolution\n\n1. Open Settings.\n2. Select Save, then restart the app.\n\n"
    )
    return _article(unit * int(megabytes * 1e6 / len(unit)))


def _lint(text: str, **rules: str) -> Callable[[], object]:
    """Parse and lint, as ``kbeditor lint`` and the editor do."""
    from kbeditor.article import parse_article
    from kbeditor.lint.engine import Linter

    linter = Linter.from_styles([STYLE], rules=rules)
    return lambda: linter.lint(parse_article(text))


def _lint_only(text: str, *rule_ids: str) -> Callable[[], object]:
    """Lint an article parsed beforehand, with the given rules only (all when none given)."""
    from kbeditor.article import parse_article
    from kbeditor.lint.engine import Linter
    from kbeditor.lint.rules import load_style

    rules = [r for r in load_style(STYLE).rules if not rule_ids or r.id in rule_ids]
    linter = Linter(rules, max_chars=None)  # measure the rules, not the size limit
    article = parse_article(text)
    return lambda: linter.lint(article)


def _parse(text: str) -> Callable[[], object]:
    from kbeditor.article import parse_article

    return lambda: len(parse_article(text).sentences)


def _render(text: str, max_chars: int | None = None) -> Callable[[], object]:
    from kbeditor.article import parse_article
    from kbeditor.export.render import render_article

    article = parse_article(text)
    return lambda: render_article(article, max_chars=max_chars)


def _preview(text: str) -> Callable[[], object]:
    """Render as the editor's preview does (its length bound), the article parsed beforehand."""
    from kbeditor.export.bounds import PREVIEW_CHARS

    return _render(text, PREVIEW_CHARS)


def _skip_pattern(size: int) -> Callable[[], object]:
    import yaml

    from kbeditor.lint.regexes import compile_vale

    spec = yaml.safe_load((STYLE / "HardSentence.yml").read_text(encoding="utf-8"))
    patterns = [compile_vale(p) for p in spec["skip_patterns"]]
    word = _hex_word(size)
    return lambda: [p.search(word) for p in patterns]


def _user_rule(length: int, pattern: str = "(a+)+$") -> Callable[[], object]:
    from kbeditor.article import parse_article
    from kbeditor.lint.engine import Linter

    folder = Path(tempfile.mkdtemp()) / "Mine"
    folder.mkdir()
    (folder / "Runaway.yml").write_text(
        f"extends: existence\nmessage: 'runaway'\nnonword: true\nraw:\n  - '{pattern}'\n",
        encoding="utf-8",
    )
    linter = Linter.from_styles([folder])
    article = parse_article(_article("a" * length + "!"))
    return lambda: linter.lint(article)


CASES: dict[str, tuple[str, Callable[[], Callable[[], object]]]] = {
    "hardsentence-skip-100KB": (
        "KB.HardSentence skip patterns on one 100 KB word",
        lambda: _skip_pattern(100_000),
    ),
    "hardsentence-skip-1MB": (
        "KB.HardSentence skip patterns on one 1 MB word",
        lambda: _skip_pattern(1_000_000),
    ),
    "lint-hex-100KB": (
        "lint (HardSentence on) an article with a 100 KB hex word",
        lambda: _lint(
            _article(f"Error code {_hex_word(100_000)} appears."), **{"KB.HardSentence": "warning"}
        ),
    ),
    "parse-backticks-2000": (
        "parse 2,000 backticks",
        lambda: _parse(_article("Type " + "`" * 2000)),
    ),
    "parse-full-stops-40000": (
        "sentences of a paragraph of 40,000 'word. '",
        lambda: _parse(_article("word. " * 40_000)),
    ),
    "parse-links-20000": (
        "parse one paragraph of 20,000 links",
        lambda: _parse(_article(" ".join(f"[link {i}](page{i}.md)" for i in range(20_000)))),
    ),
    "lint-steps-1.5MB": (
        "parse + lint a 1.5 MB article of steps",
        lambda: _lint(_steps_article(1.5)),
    ),
    "lint-steps-15MB": ("parse + lint a 15 MB article of steps", lambda: _lint(_steps_article(15))),
    "parse-steps-15MB": ("parse only, the 15 MB article", lambda: _parse(_steps_article(15))),
    "steps-rules-1.5MB": (
        "step rules only, 1.5 MB parsed beforehand",
        lambda: _lint_only(_steps_article(1.5), "KB.OneActionPerStep", "KB.StepStartsWithVerb"),
    ),
    "lint-abbreviations-4000": (
        "KB.Abbreviations, 4,000 capitalised words in a paragraph",
        lambda: _lint_only(
            _article("the printer and the tray " * 4000 + "QWZ and XKCD, " * 2000),
            "KB.Abbreviations",
        ),
    ),
    "preview-steps-15MB": ("preview of the 15 MB article", lambda: _preview(_steps_article(15))),
    "render-bold-40000": (
        "render one paragraph of 40,000 **a**",
        lambda: _render(_article(" ".join(["**a**"] * 40_000))),
    ),
    "render-brackets-16000": (
        "render 16,000 unbalanced [",
        lambda: _render(_article("[" * 16_000)),
    ),
    "lint-user-rule-31": (
        "lint with a user rule (a+)+$ on 31 a's",
        lambda: _user_rule(31),
    ),
    "lint-user-rule-branches-60": (
        "lint with a user rule (a|aa)+$ on 60 a's",
        lambda: _user_rule(60, "(a|aa)+$"),
    ),
}


def run_case(name: str) -> None:
    """Child side: build the input, time the operation, print seconds and peak MB as JSON."""
    sys.setrecursionlimit(10_000)
    operation = CASES[name][1]()
    start, cpu = time.perf_counter(), time.process_time()
    operation()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak}))


def measure(name: str, timeout: float) -> tuple[str, str, str]:
    """Parent side: one case in its own process: (seconds, CPU seconds, peak MB);
    ('>timeout', '-', '-') when it did not finish."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--case", name],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return f">{timeout:.0f}", "-", "-"
    if done.returncode != 0:
        return "error", "-", done.stderr.strip().splitlines()[-1][:60]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return f"{figures['seconds']:.2f}", f"{figures['cpu']:.2f}", f"{figures['peak_mb']:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        run_case(args.case)
        return
    print(f"{'case':26} {'seconds':>9} {'CPU s':>8} {'peak MB':>8}  what")
    for name, (what, _) in CASES.items():
        if args.only and name not in args.only:
            continue
        seconds, cpu, peak = measure(name, args.timeout)
        print(f"{name:26} {seconds:>9} {cpu:>8} {peak:>8}  {what}", flush=True)


if __name__ == "__main__":
    main()
