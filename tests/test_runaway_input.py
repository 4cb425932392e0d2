"""Runaway input: articles and rules that once took minutes (or never finished) now finish.

Each case runs in a process of its own under a generous time limit, a guard
against hangs, not a speed target: every input here took minutes before its
fix (the figures are in bench/runaway_inputs.py), and seconds after.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

LIMIT = 30  # seconds; each case took several minutes before its fix


def bounded(code: str, limit: float = LIMIT) -> str:
    """Run Python code in a fresh process; fail on an error or when it outlives ``limit``."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=limit,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {limit} s")
    assert done.returncode == 0, done.stderr
    return done.stdout


PARSE = """
from kbeditor.article import parse_article
article = parse_article("# Title\\n\\n" + BODY + "\\n")
print(len(article.sentences), len(article.code_spans), len(article.links))
"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # About cubic in the code-span regex: 2,000 backticks took 27 s, 4,000 minutes.
        ('"Type " + "`" * 4000', "0 0"),
        # Every link was checked against every earlier one: 20,000 links took 66 s.
        ('" ".join(f"[link {i}](page{i}.md)" for i in range(40_000))', "0 40000"),
        # A lazy comment regex rescanned to the end for every opener.
        ('"Text " + "<!--" * 40_000', "0 0"),
        # A tag's blanks were tried at every split of the run.
        ('"Text <a" + " " * 100_000', "0 0"),
    ],
    ids=["backticks", "links", "comment-openers", "tag-blanks"],
)
def test_inline_scan_is_linear(body: str, expected: str) -> None:
    out = bounded(f"BODY = {body}\n" + PARSE)
    assert out.split()[1:] == expected.split()
