"""The report's charts, drawn as SVG by pygal.

Why pygal: it is a pure-Python SVG charting library (about 1.3 MB installed,
no compiled parts, no dependencies beyond the standard library), whose output
is plain SVG text that can be inlined in the HTML. matplotlib's SVG backend
draws as well but installs some 30 MB with numpy, Pillow and compiled
extensions, for charts this size.

How the charts stay readable in light and dark schemes and on paper: every
colour of text, axes and grid is a CSS variable (``--chart-fg``,
``--chart-grid``) that the report's stylesheet sets per scheme and for print;
the series colours are mid-tone blue, orange and green that keep contrast on
white and on near-black. pygal's tooltips need its JavaScript from the web,
so it is turned off (``js=[]``): values are printed on the bars instead, and
every chart has the same figures in a table beside it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pygal
from pygal.style import Style

SERIES = ("#3a78c9", "#d9772b", "#2f9a5a", "#a15fc4", "#c94a5a")
_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="var(--chart-fg)",
    foreground_strong="var(--chart-fg)",
    foreground_subtle="var(--chart-grid)",
    colors=SERIES,
    font_family="inherit",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    value_label_font_size=13,
    legend_font_size=13,
    title_font_size=15,
    opacity="1",
    opacity_hover="0.85",
    transition="0ms",
)
_COMMON = {
    "style": _STYLE,
    "js": [],  # pygal's tooltips load a script from the web: never from a report
    "disable_xml_declaration": True,
    "pretty_print": False,
    "margin": 8,
}


# pygal always writes a script holding its configuration (for its tooltips), even with
# js=[]; the report carries no script at all, so it is cut from the SVG text.
_SCRIPT = re.compile(r"<script\b[^>]*?(?:/>|>.*?</script>)", re.DOTALL)


def _render(chart: pygal.graph.graph.Graph) -> str:
    return _SCRIPT.sub("", str(chart.render(is_unicode=True)))


def bars(counts: Mapping[str, int | float], *, width: int = 560, limit: int = 12) -> str:
    """Horizontal bars of ``counts`` (largest first, at most ``limit``), values printed."""
    items = list(counts.items())[:limit]
    height = 40 + 30 * max(len(items), 1)
    chart = pygal.HorizontalBar(
        width=width,
        height=height,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        show_y_guides=False,
        show_x_guides=True,
        **_COMMON,
    )
    # pygal draws the first label at the bottom; reverse so the largest is on top.
    chart.x_labels = [_short(k) for k, _ in reversed(items)]
    chart.add("", [v for _, v in reversed(items)])
    return _render(chart)


def histogram(bins: Sequence[int], marks: Sequence[float] = (), *, width: int = 560) -> str:
    """Reading grades: one bar per grade point (the last one open-ended)."""
    labels = [str(i) for i in range(len(bins) - 1)] + [f"{len(bins) - 1}+"]
    chart = pygal.Bar(
        width=width,
        height=280,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        x_title="Reading grade (Flesch-Kincaid)",
        y_title="Articles",
        **_COMMON,
    )
    chart.x_labels = labels
    chart.add("Articles", [b or None for b in bins])
    return _render(chart)


def lines(
    dates: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    width: int = 560,
    top: float | None = None,
) -> str:
    """One line per series over ``dates`` (ISO date-times); the y axis starts at 0.

    ``top`` fixes the top of the axis (100 for a score), so a flat line near
    the top does not look like a dramatic change.
    """
    highest = max((v for values in series.values() for v in values), default=0)
    chart = pygal.Line(
        range=(0, top if top is not None else max(highest * 1.15, 4)),
        include_x_axis=True,
        width=width,
        height=260,
        show_legend=True,
        legend_at_bottom=True,
        x_label_rotation=0,
        show_minor_x_labels=False,
        dots_size=3,
        truncate_label=-1,
        margin_left=24,
        margin_right=44,
        stroke_style={"width": 2.5},
        **_COMMON,
    )
    chart.x_labels = time_labels(dates)
    chart.x_labels_major_count = 6
    for name, values in series.items():
        chart.add(name, list(values))
    return _render(chart)


def time_labels(stamps: Sequence[str]) -> list[str]:
    """Dates; month, day and time when one day holds several runs (short enough to fit)."""
    days = [s[:10] for s in stamps]
    if len(set(days)) == len(days):
        return days
    return [s[5:16].replace("T", " ") for s in stamps]


def _short(label: str, width: int = 28) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"
