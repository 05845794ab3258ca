"""Assumed against realised success rates as a small SVG box plot, drawn on the server.

One row per figure (assumed; realised at follow-up): a whisker from the lowest to the
highest organisation value, a box from the 25 % to the 75 % quantile and a thick line at
the median, on a 0–100 % axis cut at the next 10 % above the largest value. It draws only
the figures the page's table shows (a withheld figure is a line of text), so the chart
never shows more than the disclosure rules allow. No script, no style attributes (the
site's CSP); a title and a description for screen readers.
"""

from __future__ import annotations

import math
from html import escape

from som_xl import fmt
from som_xl.experience.benchmark import Benchmark, Summary

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, ROW = 200, 24, 24, 60
ROWS = (("Antaget", "#0b5394", "#cfe2f3"), ("Realiseret ved opfølgning", "#a64d00", "#fce5cd"))


def _axis_top(values: list[float]) -> float:
    """The axis' upper end: the next 10 % at or above the largest value (at least 10 %, at most 100 %)."""
    top = max(values, default=0.1)
    return min(1.0, max(0.1, math.ceil(round(top * 10, 9)) / 10))


def rates_chart_svg(b: Benchmark) -> str:
    """The chart of ``b``'s assumed and realised success rates ("" when neither is shown)."""
    shown = [(label, s, line, fill) for (label, line, fill), s in
             zip(ROWS, (b.success_rate, b.realised_success_rate), strict=True)]
    values = [v for _, s, _, _ in shown if s is not None for v in (s.min, s.max)]
    if not values:
        return ""
    top = _axis_top(values)
    plot_w = WIDTH - LEFT - RIGHT

    def x(v: float) -> float:
        return LEFT + plot_w * v / top

    desc = "; ".join(_describe(label, s) for label, s, _, _ in shown)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             'aria-labelledby="rates-title rates-desc" class="chart">',
             '<title id="rates-title">Succesrater: antaget og realiseret</title>',
             f'<desc id="rates-desc">{escape(desc)}. Tallene står også i tabellen.</desc>']
    step = 0.1 if top <= 0.5 else 0.2
    for i in range(int(round(top / step)) + 1):
        t = i * step
        parts.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{TOP}" y2="{TOP + 2 * ROW}" stroke="#dddddd"/>')
        parts.append(f'<text x="{x(t):.1f}" y="{TOP + 2 * ROW + 18}" text-anchor="middle" font-size="12" '
                     f'fill="#222222">{fmt.number(100 * t)} %</text>')
    for i, (label, s, line, fill) in enumerate(shown):
        mid = TOP + ROW * i + ROW / 2
        parts.append(f'<text x="{LEFT - 10}" y="{mid + 4:.1f}" text-anchor="end" font-size="13" '
                     f'fill="#222222">{escape(label)}</text>')
        parts += _box(s, mid, x, line, fill) if s is not None else [
            f'<text x="{LEFT + 6}" y="{mid + 4:.1f}" font-size="13" fill="#555555">vises ikke</text>']
    parts.append("</svg>")
    return "\n".join(parts)


def _box(s: Summary, mid: float, x, line: str, fill: str) -> list[str]:
    half = 14
    return [
        f'<line x1="{x(s.min):.1f}" x2="{x(s.max):.1f}" y1="{mid:.1f}" y2="{mid:.1f}" stroke="{line}" '
        'stroke-width="2"/>',
        *(f'<line x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{mid - 8:.1f}" y2="{mid + 8:.1f}" stroke="{line}" '
          'stroke-width="2"/>' for v in (s.min, s.max)),
        f'<rect x="{x(s.p25):.1f}" y="{mid - half:.1f}" width="{max(1.0, x(s.p75) - x(s.p25)):.1f}" '
        f'height="{2 * half}" fill="{fill}" stroke="{line}" stroke-width="2"/>',
        f'<line x1="{x(s.median):.1f}" x2="{x(s.median):.1f}" y1="{mid - half:.1f}" y2="{mid + half:.1f}" '
        f'stroke="{line}" stroke-width="5"/>',
    ]


def _describe(label: str, s: Summary | None) -> str:
    if s is None:
        return f"{label}: vises ikke"
    return (f"{label}: median {fmt.percent(s.median)}, midterste halvdel {fmt.percent(s.p25)} til "
            f"{fmt.percent(s.p75)}, fra {fmt.percent(s.min)} til {fmt.percent(s.max)} "
            f"({fmt.count(s.n, 'organisation', 'organisationer')})")
