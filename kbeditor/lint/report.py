"""Lint reports: text (for people), line (Vale's ``--output=line``), JSON, SARIF 2.1.0 and
GitLab Code Quality (``codequality``, which GitLab shows in merge requests; it reads no SARIF).

All formats take the same input: a list of (display path, diagnostics) pairs,
paths already relative to the current folder, diagnostics sorted by position.
The JSON and SARIF shapes are a public interface (documented in the README).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence

from kbeditor import __version__
from kbeditor.lint.diagnostic import SEVERITIES, Diagnostic, Fix
from kbeditor.lint.rules import Rule

FileReport = tuple[str, Sequence[Diagnostic]]
FORMATS = ("text", "line", "json", "sarif", "codequality")
_SARIF_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}
_CODE_QUALITY_SEVERITY = {"error": "major", "warning": "minor", "suggestion": "info"}
_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def summary(files: Sequence[FileReport]) -> dict[str, int]:
    counts = Counter(d.severity for _, diags in files for d in diags)
    out = {"files": len(files), "files_with_findings": sum(1 for _, d in files if d)}
    out.update({f"{s}s": counts.get(s, 0) for s in SEVERITIES})
    return out


def render(fmt: str, files: Sequence[FileReport], rules: Sequence[Rule] = ()) -> str:
    if fmt == "line":
        return render_line(files)
    if fmt == "json":
        return render_json(files)
    if fmt == "sarif":
        return render_sarif(files, rules)
    if fmt == "codequality":
        return render_code_quality(files)
    return render_text(files)


def render_line(files: Sequence[FileReport]) -> str:
    """``path:line:col:Style.Rule:message``, sorted by path, line and column (as Vale)."""
    return line_rows((path, d) for path, diags in files for d in diags)


def line_rows(found: Iterable[tuple[str, Diagnostic]]) -> str:
    rows = sorted((path, d.line, d.column, d.rule, d.message) for path, d in found)
    return "".join(f"{p}:{ln}:{col}:{rule}:{msg}\n" for p, ln, col, rule, msg in rows)


def render_text(files: Sequence[FileReport]) -> str:
    blocks = [text_block(path, diags) for path, diags in sorted(files, key=lambda f: f[0])]
    return "".join(blocks) + text_summary(summary(files))


def text_block(path: str, diags: Sequence[Diagnostic]) -> str:
    """One file's part of the text report (nothing for a file without findings)."""
    if not diags:
        return ""
    lines = [path]
    for d in diags:
        where = f"{d.line}:{d.column}"
        lines.append(f"  {where:<8} {d.severity:<10}  {d.message}  [{d.rule}]")
        if d.fix is not None:
            lines.append(f"  {'':<8} {'':<10}  fix: {d.fix.title}")
    return "\n".join(lines) + "\n\n"


def text_summary(s: dict[str, int]) -> str:
    return (
        f"{s['errors']} errors, {s['warnings']} warnings and {s['suggestions']} suggestions "
        f"in {s['files']} files.\n"
    )


def render_json(files: Sequence[FileReport]) -> str:
    data = {
        "files": [
            {"path": path, "diagnostics": [d.as_dict() for d in diags]}
            for path, diags in sorted(files, key=lambda f: f[0])
        ],
        "summary": summary(files),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_sarif(files: Sequence[FileReport], rules: Sequence[Rule] = ()) -> str:
    """One SARIF 2.1.0 run; rules used by results are listed in the driver."""
    used = sorted({d.rule for _, diags in files for d in diags})
    index = {rid: i for i, rid in enumerate(used)}
    results = [
        sarif_result(path, d, index)
        for path, diags in sorted(files, key=lambda f: f[0])
        for d in diags
    ]
    return json.dumps(sarif_document(used, rules, results), indent=2, ensure_ascii=False) + "\n"


def sarif_document(
    used: Sequence[str], rules: Sequence[Rule], results: Sequence[object]
) -> dict[str, object]:
    """The SARIF log around ``results``; ``used`` are the rule ids results refer to, sorted."""
    known = {r.id: r for r in rules}
    return {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kbeditor",
                        "version": __version__,
                        "rules": [_sarif_rule(rid, known.get(rid)) for rid in used],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _sarif_rule(rid: str, rule: Rule | None) -> dict[str, object]:
    entry: dict[str, object] = {"id": rid, "name": rid.replace(".", "")}
    if rule is not None:
        entry["shortDescription"] = {"text": rule.message}
        if rule.description:
            entry["fullDescription"] = {"text": rule.description}
        if rule.link:
            entry["helpUri"] = rule.link
        entry["defaultConfiguration"] = {"level": _SARIF_LEVEL[rule.level]}
        entry["properties"] = {"category": rule.category, "kind": rule.kind}
    return entry


def sarif_result(path: str, d: Diagnostic, index: dict[str, int]) -> dict[str, object]:
    """One finding as a SARIF result; ``index`` maps rule ids to their place in the driver."""
    result: dict[str, object] = {
        "ruleId": d.rule,
        "ruleIndex": index[d.rule],
        "level": _SARIF_LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": path},
                    "region": {
                        "startLine": d.line,
                        "startColumn": d.column,
                        "endLine": d.end_line,
                        "endColumn": max(d.end_column, d.column),
                        "snippet": {"text": d.match},
                    },
                }
            }
        ],
        "properties": {"category": d.category},
    }
    if d.fix is not None:  # the fix, then the other choices (spelling suggestions), best first
        result["fixes"] = [_sarif_fix(d, path, fix) for fix in (d.fix, *d.alternatives)]
    return result


def _sarif_fix(d: Diagnostic, path: str, fix: Fix) -> dict:
    return {
        "description": {"text": fix.title},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": path},
                "replacements": [
                    {
                        "deletedRegion": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                        "insertedContent": {"text": fix.replacement},
                    }
                ],
            }
        ],
    }


def render_code_quality(files: Sequence[FileReport]) -> str:
    """GitLab's Code Quality report (a subset of Code Climate's issue format)."""
    issues = [
        issue
        for path, diags in sorted(files, key=lambda f: f[0])
        for issue in code_quality_issues(path, diags)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def code_quality_issues(path: str, diags: Sequence[Diagnostic]) -> list[dict[str, object]]:
    """One file's Code Quality issues.

    GitLab compares a merge request's report with its target branch's by
    ``fingerprint``, so the fingerprint leaves out the line: a finding that only
    moved is neither new nor fixed. Repeats of the same text in a file are told
    apart by their order.
    """
    issues: list[dict[str, object]] = []
    seen: Counter[tuple[str, str, str]] = Counter()
    for d in diags:
        key = (d.rule, d.match, d.message)
        seen[key] += 1
        identity = "\0".join((path, *key, str(seen[key])))
        issues.append(
            {
                "description": d.message,
                "check_name": d.rule,
                "fingerprint": hashlib.sha256(identity.encode()).hexdigest(),
                "severity": _CODE_QUALITY_SEVERITY[d.severity],
                "location": {"path": path, "lines": {"begin": d.line, "end": d.end_line}},
            }
        )
    return issues
