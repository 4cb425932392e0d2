"""The health report as one self-contained HTML file.

Everything is inside the file: the stylesheet, the charts (inline SVG) and the
tables. It opens from ``file://``, makes no network request and needs no
JavaScript; it follows the reader's light or dark scheme and prints on white.
Article names link to the article files, relative to the report, so they open
from a report written next to the workspace.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from kbeditor.bundled import RESOURCES
from kbeditor.health import charts
from kbeditor.workspace import atomic_write

TEMPLATE_DIR = RESOURCES / "report"
HTML_NAME = "index.html"
JSON_NAME = "report.json"

PART_LABELS = {
    "structure": "Structure",
    "recovery": "Recovery path",
    "findability": "Findability",
    "readability": "Readability for the audience",
    "freshness": "Freshness and owner",
    "uniqueness": "No duplicate",
}


def write_report(report: dict[str, Any], out: Path, workspace_root: Path) -> Path:
    """Write ``index.html`` and ``report.json`` into ``out`` (created); returns the HTML file."""
    out.mkdir(parents=True, exist_ok=True)
    html = render_html(report, _article_base(out, workspace_root))
    target = out / HTML_NAME
    atomic_write(target, html.encode("utf-8"))
    data = json.dumps(report, indent=1, ensure_ascii=False) + "\n"
    atomic_write(out / JSON_NAME, data.encode("utf-8"))
    return target


def render_html(report: dict[str, Any], article_base: str | None = None) -> str:
    """The report page; ``article_base`` prefixes article paths in links (None: no links)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    css = (TEMPLATE_DIR / "report.css").read_text(encoding="utf-8")
    return env.get_template("report.html").render(
        r=report,
        css=Markup(css),
        charts=_charts(report),
        parts=PART_LABELS,
        href=lambda rel: f"{article_base}{rel}" if article_base is not None else None,
    )


def _charts(report: dict[str, Any]) -> dict[str, Markup]:
    glance = report["glance"]
    quality = report["quality"]
    trend = report["trend"]
    out = {
        key: Markup(charts.bars(glance[key]))
        for key in ("by_product", "by_type", "by_audience", "by_status")
    }
    top_rules = {e["rule"]: e["count"] for e in quality["by_rule"]}
    out["by_rule"] = Markup(charts.bars(top_rules, width=640))
    out["by_category"] = Markup(charts.bars(quality["by_category"]))
    out["grades"] = Markup(charts.histogram(quality["grades"]["histogram"]))
    dates = [s["at"] for s in trend]
    out["trend_score"] = Markup(
        charts.lines(dates, {"KB score": [s["score"] for s in trend]}, top=100)
    )
    out["trend_counts"] = Markup(
        charts.lines(
            dates,
            {
                "Lint errors": [s["errors"] for s in trend],
                "Articles past review": [s["stale"] for s in trend],
            },
        )
    )
    return out


def _article_base(out: Path, root: Path) -> str | None:
    try:
        rel = os.path.relpath(root.resolve(), out.resolve())
    except ValueError:  # another drive on Windows: no relative link possible
        return None
    return "" if rel == "." else Path(rel).as_posix() + "/"
