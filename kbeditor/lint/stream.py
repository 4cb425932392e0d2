"""Lint reports written as results arrive, byte for byte what :mod:`kbeditor.lint.report` prints.

The in-memory renderers need every result before the first byte; at 10^4
articles that is over a gigabyte held until the end. A writer here takes one
file's diagnostics at a time, in the report's order (the caller sorts the
paths first), writes what it can and keeps only the counts. SARIF lists the
rules used before the results, so its results wait in a temporary file, not in
memory. ``tests/lint/test_stream.py`` checks every format against the
in-memory renderers.
"""

from __future__ import annotations

import json
import pickle
import tempfile
from collections import Counter
from collections.abc import Sequence
from typing import IO

from kbeditor.lint.diagnostic import SEVERITIES, Diagnostic
from kbeditor.lint.report import (
    code_quality_issues,
    line_rows,
    sarif_document,
    sarif_result,
    text_block,
    text_summary,
)
from kbeditor.lint.rules import Rule

_MARK = "\x00results\x00"


class ReportWriter:
    """Base: counts what passes through, for the summary and the exit code."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.files = 0
        self.with_findings = 0
        self.severities: Counter[str] = Counter()

    def add(self, path: str, diags: Sequence[Diagnostic]) -> None:
        self.files += 1
        self.with_findings += bool(diags)
        self.severities.update(d.severity for d in diags)
        self._add(path, diags)

    def _add(self, path: str, diags: Sequence[Diagnostic]) -> None:
        raise NotImplementedError

    def finish(self, rules: Sequence[Rule] = ()) -> None:
        """Write the end of the report; ``rules`` are the loaded rules (SARIF describes them)."""

    def summary(self) -> dict[str, int]:
        out = {"files": self.files, "files_with_findings": self.with_findings}
        out.update({f"{s}s": self.severities.get(s, 0) for s in SEVERITIES})
        return out


class TextWriter(ReportWriter):
    def _add(self, path: str, diags: Sequence[Diagnostic]) -> None:
        self.out.write(text_block(path, diags))

    def finish(self, rules: Sequence[Rule] = ()) -> None:
        self.out.write(text_summary(self.summary()))


class LineWriter(ReportWriter):
    """Vale's line format is sorted by path, then position: rows of one path are sorted together."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self._path: str | None = None
        self._rows: list[tuple[str, Diagnostic]] = []

    def _add(self, path: str, diags: Sequence[Diagnostic]) -> None:
        if path != self._path:
            self._flush()
            self._path = path
        self._rows.extend((path, d) for d in diags)

    def _flush(self) -> None:
        self.out.write(line_rows(self._rows))
        self._rows = []

    def finish(self, rules: Sequence[Rule] = ()) -> None:
        self._flush()


class JsonWriter(ReportWriter):
    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        head, self._indent, self._tail = _split(json.dumps({"files": [_MARK]}, indent=2))
        self.out.write(head.rstrip(" \n"))

    def _add(self, path: str, diags: Sequence[Diagnostic]) -> None:
        entry = {"path": path, "diagnostics": [d.as_dict() for d in diags]}
        self.out.write(_item(entry, self._indent, first=self.files == 1))

    def finish(self, rules: Sequence[Rule] = ()) -> None:
        closing = f"\n{self._indent[:-2]}]" if self.files else "]"
        summary = json.dumps({"summary": self.summary()}, indent=2, ensure_ascii=False)
        self.out.write(closing + ",\n" + summary.split("\n", 1)[1] + "\n")


class SarifWriter(ReportWriter):
    """Results wait in a temporary file until the rules they use are known."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by finish)
        self._used: set[str] = set()

    def _add(self, path: str, diags: Sequence[Diagnostic]) -> None:
        if diags:
            self._used.update(d.rule for d in diags)
            pickle.dump((path, list(diags)), self._spool, protocol=pickle.HIGHEST_PROTOCOL)

    def finish(self, rules: Sequence[Rule] = ()) -> None:
        used = sorted(self._used)
        index = {rid: i for i, rid in enumerate(used)}
        if not used:
            doc = sarif_document(used, rules, [])
            self.out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
            return
        text = json.dumps(sarif_document(used, rules, [_MARK]), indent=2, ensure_ascii=False)
        head, indent, tail = _split(text)
        self.out.write(head.rstrip(" \n"))
        first = True
        for path, diags in self._results():
            for d in diags:
                self.out.write(_item(sarif_result(path, d, index), indent, first))
                first = False
        self.out.write("\n" + tail)
        self._spool.close()

    def _results(self):
        self._spool.seek(0)
        while True:
            try:
                yield pickle.load(self._spool)
            except EOFError:
                return


class CodeQualityWriter(ReportWriter):
    """GitLab Code Quality: one JSON list of issues, written as each file's arrive."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.out.write("[")
        self._issues = 0

    def _add(self, path: str, diags: Sequence[Diagnostic]) -> None:
        for issue in code_quality_issues(path, diags):
            self.out.write(_item(issue, "  ", first=self._issues == 0))
            self._issues += 1

    def finish(self, rules: Sequence[Rule] = ()) -> None:
        self.out.write("\n]\n" if self._issues else "]\n")


def _split(doc: str) -> tuple[str, str, str]:
    """Text before the marker's line, the marker's indentation, and the text after it."""
    before, after = doc.split(json.dumps(_MARK), 1)
    indent = before[before.rindex("\n") + 1 :]
    return before, indent, after.lstrip("\n") + ("\n" if not after.endswith("\n") else "")


def _item(value: object, indent: str, first: bool) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)
    return ("\n" if first else ",\n") + indent + text


WRITERS = {
    "text": TextWriter,
    "line": LineWriter,
    "json": JsonWriter,
    "sarif": SarifWriter,
    "codequality": CodeQualityWriter,
}


def writer_for(fmt: str, out: IO[str]) -> ReportWriter:
    return WRITERS[fmt](out)
