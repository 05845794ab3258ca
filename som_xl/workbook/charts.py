"""The native charts of the workbook. openpyxl drops charts when it loads a workbook,
so every headless save recreates them here, sized to the rows actually filled."""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference

from som_xl.core.entities import ACTOR_KEYS, TOTAL
from som_xl.workbook import layout as L
from som_xl.workbook import styles as S

_NET = tuple(f"net_{a}" for a in ACTOR_KEYS)
_CDN_TOTAL = f"cdn_{TOTAL.key}"


def add_tornado_chart(wb, n_rows: int) -> None:
    """(Re)create the tornado chart on Følsomhed: total NPV at each factor's two ends."""
    ws = wb[L.FOELSOMHED]
    ws._charts = []
    t = L.TORNADO
    col = {c.key: t.first_col + j for j, c in enumerate(t.columns)}
    first, last = t.first_row, t.first_row + max(1, n_rows) - 1
    chart = BarChart()
    chart.type, chart.grouping = "bar", "clustered"
    chart.title = "Tornado: samlet nutidsværdi ved lav og høj ende (kr.)"
    chart.x_axis.tickLblPos = "low"
    chart.y_axis.number_format = S.AMOUNT
    for key in (f"low_{TOTAL.key}", f"high_{TOTAL.key}"):
        chart.add_data(Reference(ws, min_col=col[key], min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=col["factor"], min_row=first, max_row=last))
    chart.height, chart.width = 8, 18
    ws.add_chart(chart, L.CHART_TORNADO_ANCHOR)


def add_oplaeg_chart(wb, n_years: int) -> None:
    """(Re)create the Oplæg chart: net per year by actor (bars) and the cumulative
    discounted net in total (line), from Resultater's per-year table."""
    ws, res = wb[L.OPLAEG], wb[L.RESULTATER]
    ws._charts = []
    y = L.YEARS
    first, last = y.first_row, y.first_row + max(1, n_years) - 1
    col = {c.key: y.first_col + j for j, c in enumerate(y.columns)}
    bar = BarChart()
    bar.type, bar.grouping = "col", "clustered"
    for key in (*_NET, _CDN_TOTAL):
        chart = bar if key != _CDN_TOTAL else LineChart()
        chart.add_data(Reference(res, min_col=col[key], min_row=first - 1, max_row=last), titles_from_data=True)
        if chart is not bar:
            chart.series[0].smooth = False
            chart.set_categories(Reference(res, min_col=col["year"], min_row=first, max_row=last))
            bar += chart
    bar.set_categories(Reference(res, min_col=col["year"], min_row=first, max_row=last))
    bar.y_axis.number_format = S.AMOUNT  # Danish separators in LibreOffice too
    bar.y_axis.delete = bar.x_axis.delete = False
    bar.x_axis.tickLblPos = "low"
    bar.legend.position = "b"
    diagram = L.oplaeg_part("diagram")
    bar.height, bar.width = 0.5 * L.OPLAEG_CHART_ROWS, 19
    ws.add_chart(bar, f"B{diagram.first_row + diagram.rows}")


def add_follow_up_chart(wb, n_years: int) -> None:
    """(Re)create the Opfølgning chart: cumulative discounted net in total, plan and re-forecast."""
    ws = wb[L.OPFOELGNING]
    ws._charts = []
    y = L.FOLLOW_UP_YEARS
    first, last = y.first_row, y.first_row + max(1, n_years) - 1
    line = LineChart()
    line.title = "Akkumuleret diskonteret nettoresultat i alt: plan og ny prognose (kr.)"
    line.y_axis.number_format = S.AMOUNT
    for j in (1, 2):
        line.add_data(Reference(ws, min_col=y.first_col + j, min_row=first - 1, max_row=last), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=y.first_col, min_row=first, max_row=last))
    for series in line.series:
        series.smooth = False
    line.x_axis.tickLblPos = "low"
    line.y_axis.delete = line.x_axis.delete = False
    line.legend.position = "b"
    line.height, line.width = 8, 18
    ws.add_chart(line, L.FOLLOW_UP_CHART_ANCHOR)


def add_charts(wb, n_years: int, n_tornado: int = 5) -> None:
    """(Re)create every native chart: two on Resultater for ``n_years`` rows of results,
    the tornado on Følsomhed, the chart of the Oplæg sheet and the Opfølgning chart."""
    add_tornado_chart(wb, n_tornado)
    if L.OPLAEG in wb.sheetnames:
        add_oplaeg_chart(wb, n_years)
    if L.OPFOELGNING in wb.sheetnames:
        add_follow_up_chart(wb, n_years)
    add_result_charts(wb, n_years)


def add_result_charts(wb, n_years: int) -> None:
    """Net per year by actor (columns) and the cumulative discounted net (lines)."""
    ws = wb[L.RESULTATER]
    ws._charts = []
    y = L.YEARS
    n = max(1, n_years)
    first, last = y.first_row, y.first_row + n - 1
    col = {c.key: y.first_col + j for j, c in enumerate(y.columns)}
    cats = Reference(ws, min_col=col["year"], min_row=first, max_row=last)

    bar = BarChart()
    bar.type, bar.grouping = "col", "clustered"
    bar.title = "Nettoresultat pr. år fordelt på aktør (kr.)"
    bar.y_axis.title = "kr."
    bar.y_axis.number_format = S.AMOUNT
    for key in _NET:
        bar.add_data(Reference(ws, min_col=col[key], min_row=first - 1, max_row=last), titles_from_data=True)
    bar.set_categories(cats)
    bar.x_axis.tickLblPos = "low"  # year labels below the bars, also when they are negative
    bar.height, bar.width = 7.5, 18
    ws.add_chart(bar, L.CHART_NET_ANCHOR)

    line = LineChart()
    line.title = "Akkumuleret diskonteret nettoresultat (kr.)"
    line.y_axis.title = "kr."
    line.y_axis.number_format = S.AMOUNT
    for key in (*(f"cdn_{a}" for a in ACTOR_KEYS), _CDN_TOTAL):
        line.add_data(Reference(ws, min_col=col[key], min_row=first - 1, max_row=last), titles_from_data=True)
    line.set_categories(cats)
    line.x_axis.tickLblPos = "low"
    line.height, line.width = 7.5, 18
    ws.add_chart(line, L.CHART_CDN_ANCHOR)
