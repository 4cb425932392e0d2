"""Every alert of the KB style on the corpus and the sample KB, one per line: diff two dumps.

A speed change must leave every alert as it was. This writes each diagnostic
(its rule, span, level, message and fixes) of:

- every corpus article as imported (types and audiences inferred, and each
  article's inferred profile);
- every corpus article again with a type and an audience written in its front
  matter (the three types and three audiences in turn), so the rules that stay
  silent on imported articles run too;
- every article of the bundled sample KB, with its own configuration.

Usage: .venv/bin/python bench/alert_dump.py OUT.txt   (then ``diff before.txt after.txt``)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _corpus import corpus_files

from kbeditor.article import load_article, parse_article
from kbeditor.lint.engine import Linter

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample_kb"
TYPES = ("troubleshooting", "how-to", "known-issue")
AUDIENCES = ("end-user", "it-staff", "developer")


def with_profile(text: str, n: int) -> str:
    """The article with ``type`` and ``audience`` written in its front matter (article n's turn)."""
    lines = [ln for ln in text.split("\n") if not ln.startswith("audience:")]
    lines.insert(1, f"type: {TYPES[n % 3]}\naudience: {AUDIENCES[(n // 3) % 3]}")
    return "\n".join(lines)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    paths = corpus_files()
    with tempfile.TemporaryDirectory() as empty:
        kb = Linter.for_workspace(empty)
    with open(sys.argv[1], "w", encoding="utf-8") as out:

        def dump(name: str, diagnostics) -> None:  # type: ignore[no-untyped-def]
            for d in diagnostics:
                out.write(f"{name} {d!r}".replace("\n", "\\n") + "\n")

        for path in paths:
            dump(path.name, kb.lint(load_article(path)))
        for n, path in enumerate(paths):
            article = load_article(path)
            out.write(f"{path.name} PROFILE {kb.profile(article)!r}\n")
            dump("forced/" + path.name, kb.lint(parse_article(with_profile(article.text, n), path)))
        sample = Linter.for_workspace(SAMPLE)
        for path in sorted(SAMPLE.rglob("*.md")):
            dump(str(path.relative_to(SAMPLE)), sample.lint(load_article(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
