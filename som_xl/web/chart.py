"""The net result per year and actor as an SVG line chart, drawn on the server.

No script and no style attributes (the site's CSP forbids inline style): colours and
dash patterns are SVG presentation attributes, so the lines differ in more than colour.
The chart has a title and a description for screen readers, and the page shows the same
numbers as a table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from som_xl.core.entities import ACTORS_WITH_TOTAL
from som_xl.experience.render import danish_number


@dataclass(frozen=True)
class Layout:
    """The chart's size in SVG units and its text size. The page scales the SVG to its
    column, so the text shows at ``font × column width / width`` pixels: the wide layout
    for a desktop column (up to 48rem), the narrow one for a phone (about 360 px), each
    with text of at least 11 px."""

    width: int
    height: int
    left: int
    font: int
    legend_per_row: int
    name: str


WIDE = Layout(720, 320, 92, 12, 4, "wide")
NARROW = Layout(400, 330, 78, 14, 2, "narrow")
RIGHT, TOP = 16, 20
STYLES = {"kommune": ("#0b5394", ""), "region": ("#a64d00", "8 4"), "stat": ("#38761d", "2 3"),
          "total": ("#222222", "")}
"""Colour and dash pattern per actor key; an actor added later gets grey dots."""
SERIES = tuple((a.key, a.label, *STYLES.get(a.key, ("#666666", "1 2"))) for a in ACTORS_WITH_TOTAL)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``..``high`` (always including 0 in the range).

    >>> nice_ticks(-1_200_000, 3_400_000)
    [-2000000.0, -1000000.0, 0.0, 1000000.0, 2000000.0, 3000000.0, 4000000.0]
    >>> nice_ticks(0, 0), nice_ticks(0, 5e-324)
    ([-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0])
    """
    low, high = min(low, 0.0), max(high, 0.0)
    if not high - low >= 1e-6:  # flat (or nothing but a millionth of a krone; or not finite)
        return [-1.0, 0.0, 1.0]
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks, value = [], first
    while value < high + step * 1e-9:
        ticks.append(round(value, 6))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 6))
    return [float(t) for t in ticks]


def _short(value: float) -> str:
    if abs(value) >= 1_000_000:
        return danish_number(value / 1_000_000, 1) + " mio."
    return danish_number(value)


def _axis_text(layout: Layout, ticks: list[float], years: list[int], x, y) -> list[str]:
    parts = []
    for t in ticks:
        parts.append(f'<line x1="{layout.left}" x2="{layout.width - RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}" '
                     f'stroke="{"#555555" if t == 0 else "#dddddd"}" stroke-width="1"/>')
        parts.append(f'<text x="{layout.left - 6}" y="{y(t) + layout.font / 3:.1f}" text-anchor="end" '
                     f'font-size="{layout.font}" fill="#222222">{escape(_short(t))}</text>')
    # a year label is about three fonts wide: leave out years until they do not overlap
    room = (layout.width - layout.left - RIGHT) / max(1, len(years) - 1)
    step = max(1, math.ceil(3.2 * layout.font / room))
    base = _plot_bottom(layout, len(SERIES))
    for i, year in enumerate(years):
        if i % step == 0:
            parts.append(f'<text x="{x(i):.1f}" y="{base + layout.font + 6}" text-anchor="middle" '
                         f'font-size="{layout.font}" fill="#222222">{int(year)}</text>')
    return parts


def _plot_bottom(layout: Layout, series: int) -> float:
    """Where the plot ends: above the year labels and the legend's rows."""
    rows = math.ceil(series / layout.legend_per_row)
    return layout.height - (layout.font + 12) - rows * (layout.font + 10) - 4


def net_chart_svg(years: list[int], series: dict[str, list[float | None]], caption: str,
                  layout: Layout = WIDE) -> str:
    """An accessible SVG of ``series`` (actor → net kroner per year) over ``years``, laid
    out as ``layout`` says (its ids carry the layout's name, so two can share a page)."""
    values = [float(v) for actor, *_ in SERIES for v in series.get(actor, []) if v is not None]
    if not years or not values:
        return ""
    ticks = nice_ticks(min(values), max(values))
    y0, y1 = ticks[0], ticks[-1]
    bottom = _plot_bottom(layout, len(SERIES))
    plot_w, plot_h = layout.width - layout.left - RIGHT, bottom - TOP

    def x(i: int) -> float:
        return layout.left + (plot_w * i / max(1, len(years) - 1))

    def y(v: float) -> float:
        return TOP + plot_h * (y1 - v) / (y1 - y0)

    ids = f"chart-title-{layout.name} chart-desc-{layout.name}"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width} {layout.height}" '
             f'role="img" aria-labelledby="{ids}" class="chart chart-{layout.name}">',
             f'<title id="chart-title-{layout.name}">Nettoresultat pr. år</title>',
             f'<desc id="chart-desc-{layout.name}">{escape(caption)} Tallene står også i tabellen under '
             'grafen.</desc>', *_axis_text(layout, ticks, years, x, y)]
    for n, (actor, label, colour, dash) in enumerate(SERIES):
        points = [(x(i), y(v)) for i, v in enumerate(series.get(actor, [])) if v is not None]
        if not points:
            continue
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        width = 3 if actor == "total" else 2
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                     f'stroke-width="{width}"{dashes}/>')
        row, col = divmod(n, layout.legend_per_row)
        lx = layout.left + col * (layout.width - layout.left) / layout.legend_per_row
        ly = bottom + layout.font + 12 + (row + 1) * (layout.font + 10) - layout.font / 2
        parts.append(f'<line x1="{lx:.0f}" x2="{lx + 28:.0f}" y1="{ly:.0f}" y2="{ly:.0f}" '
                     f'stroke="{colour}" stroke-width="{width}"{dashes}/>')
        parts.append(f'<text x="{lx + 34:.0f}" y="{ly + layout.font / 3:.0f}" font-size="{layout.font + 1}" '
                     f'fill="#222222">{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
