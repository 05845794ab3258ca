"""The Portefølje workbook and the portfolio's one-page PDF and Markdown
(``som-xl portfolio … -o FILE.xlsx|.pdf|.md``).

Built from the layout contract (:mod:`som_xl.workbook.layout.portefoelje`) with the
template's building blocks (titled sheet, tables, styles, print set-up), filled through
the same backend and writer as a recalculated case workbook, with two native charts.
The Resumé sheet is the report room's portfolio document; the PDF is that sheet alone,
rendered by LibreOffice on one A4 page. Files are written atomically; no macros.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.workbook.defined_name import DefinedName

from som_xl import fmt
from som_xl.case.text import break_even_year_words
from som_xl.core.entities import ACTORS_WITH_TOTAL, TOTAL_INDEX
from som_xl.errors import InputError, Problem
from som_xl.fileio import atomic_write_bytes, atomic_write_text
from som_xl.portfolio import Choice, Portfolio, budget_period, describe_budget
from som_xl.report import portfolio_document, to_markdown
from som_xl.report.portfolio_report import summary_paragraphs
from som_xl.workbook import styles as S
from som_xl.workbook.document_sheet import write_document
from som_xl.workbook.layout import portefoelje as P
from som_xl.workbook.openpyxl_backend import OpenpyxlBackend
from som_xl.workbook.oplaeg_export import sheet_pdf_bytes
from som_xl.workbook.sheet_parts import print_setup, table, titled_sheet
from som_xl.workbook.writer import write_output

FORMATS = (".xlsx", ".pdf", ".md")


def intervention_rows(portfolio: Portfolio, choice: Choice | None) -> list[list[Any]]:
    """One row per intervention, in the columns of :data:`P.PF_INTERVENTIONS`."""
    rows = []
    for k, i in enumerate(portfolio.interventions):
        year = i.break_even_year[TOTAL_INDEX]
        prob = i.probability_positive
        rows.append([
            k + 1, i.title, i.owner or None, i.price_year, *map(float, portfolio.npv[k]),
            float(portfolio.pv_costs[k, TOTAL_INDEX]),
            float(choice.net_costs[k]) if choice else None,
            i.return_per_krone[TOTAL_INDEX],
            year if year is not None else break_even_year_words(year, i.no_costs(TOTAL_INDEX)),
            i.break_even_success_rate[TOTAL_INDEX], None if prob is None else float(prob[TOTAL_INDEX]),
            ("ja" if k in choice.exact.chosen else "nej") if choice else None,
            ("ja" if k in choice.greedy.chosen else "nej") if choice else None,
            i.knowledge or None, i.sourcing or None,
        ])
    return rows


def year_rows(portfolio: Portfolio, budget_year: int) -> list[list[Any]]:
    """Combined net and cumulative net per actor and year, the budget period marked."""
    period = budget_period(budget_year)
    net = portfolio.combined_net()
    cum = net.cumsum(axis=1)
    return [[y, ("budgetår" if y == period[0] else "overslagsår") if y in period else None,
             *map(float, net[:, t]), *map(float, cum[:, t])]
            for t, y in enumerate(portfolio.years.tolist())]


def status_rows(portfolio: Portfolio, choice: Choice | None) -> list[list[Any]]:
    first = summary_paragraphs(portfolio)[0]
    if choice is None:
        second = "Intet budget angivet: alle indsatser er med i tallene pr. år."
        third = None
    else:
        names = fmt.and_list(str(k + 1) for k in choice.exact.chosen) if choice.exact.chosen else "ingen"
        second = (f"{describe_budget(choice.rule.actor, choice.rule.years, choice.rule.amount)} Valgt (præcist): "
                  f"indsats {names}, nutidsværdi {fmt.kroner(choice.exact.value)}")
        third = (f"Grådig rækkefølge giver {fmt.kroner(choice.difference)} mindre." if choice.greedy_differs
                 else "Grådig rækkefølge (nutidsværdi pr. budgetkrone) giver det samme valg.")
    return [[first], [second], [third or " ".join(portfolio.notes) or None]]


def _charts(ws, n: int, n_years: int) -> None:
    t = P.PF_INTERVENTIONS
    col = {c.key: t.first_col + j for j, c in enumerate(t.columns)}
    bar = BarChart()
    bar.type, bar.grouping = "col", "clustered"
    bar.title = "Omkostninger og nettoresultat pr. indsats (nutidsværdi, kr.)"
    for key in ("pv_costs", "npv_total"):
        bar.add_data(Reference(ws, min_col=col[key], min_row=t.first_row - 1, max_row=t.first_row + n - 1),
                     titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=col["nr"], min_row=t.first_row, max_row=t.first_row + n - 1))
    bar.y_axis.number_format = S.AMOUNT
    bar.x_axis.tickLblPos = "low"
    bar.y_axis.delete = bar.x_axis.delete = False
    bar.legend.position = "b"
    bar.height, bar.width = 8, 16
    ws.add_chart(bar, P.PF_CHART_COSTS_ANCHOR)
    ws.add_chart(cumulative_chart(ws, n_years), P.PF_CHART_CUMULATIVE_ANCHOR)


def cumulative_chart(ws, n_years: int) -> LineChart:
    """Combined cumulative net per actor (from the Portefølje sheet's years table)."""
    y = P.PF_YEARS
    col = {c.key: y.first_col + j for j, c in enumerate(y.columns)}
    last = y.first_row + max(1, n_years) - 1
    line = LineChart()
    line.title = "Alle indsatser: akkumuleret nettoresultat pr. aktør (kr.)"
    for a in ACTORS_WITH_TOTAL:
        line.add_data(Reference(ws, min_col=col[f"cum_{a.key}"], min_row=y.first_row - 1, max_row=last),
                      titles_from_data=True)
    for series in line.series:
        series.smooth = False
    line.set_categories(Reference(ws, min_col=col["year"], min_row=y.first_row, max_row=last))
    line.y_axis.number_format = S.AMOUNT
    line.x_axis.tickLblPos = "low"
    line.y_axis.delete = line.x_axis.delete = False
    line.legend.position = "b"
    line.height, line.width = 8, 16
    return line


def build_portfolio_workbook(portfolio: Portfolio, choice: Choice | None, doc, budget_year: int) -> Workbook:
    """The Portefølje workbook: the Portefølje sheet (values and charts) and the Resumé sheet (``doc``)."""
    wb = Workbook()
    wb.remove(wb.active)
    ws = titled_sheet(wb, P.PORTEFOELJE, doc.title, "Hver indsats' egen SØM-beregning på samme prisniveau; "
                      "udfyldt af som-xl portfolio (tal, ingen formler).")
    ws.column_dimensions["B"].width = 12
    for i in range(P.PF_STATUS.rows):
        row = P.PF_STATUS.first_row + i
        cell = ws.cell(row=row, column=P.PF_STATUS.first_col)
        cell.fill, cell.alignment = S.OUTPUT_FILL, S.WRAP
        ws.merge_cells(start_row=row, start_column=P.PF_STATUS.first_col, end_row=row, end_column=12)
        ws.row_dimensions[row].height = 30
    for block in (P.PF_INTERVENTIONS, P.PF_YEARS):
        table(ws, block, {})
        ws.row_dimensions[block.first_row - 1].height = 45  # headers of up to three lines
    for name, dest in P.portfolio_defined_names().items():
        wb.defined_names[name] = DefinedName(name, attr_text=dest)
    backend = OpenpyxlBackend(wb)
    write_output(backend, P.PF_STATUS, status_rows(portfolio, choice))
    write_output(backend, P.PF_INTERVENTIONS, intervention_rows(portfolio, choice))
    write_output(backend, P.PF_YEARS, year_rows(portfolio, budget_year))
    _charts(ws, len(portfolio.interventions), portfolio.years.size)
    print_setup(ws)
    resume = wb.create_sheet(P.RESUME)
    chart_row = write_document(resume, doc, P.RESUME_WIDTHS)
    if chart_row is not None:
        resume.add_chart(cumulative_chart(ws, portfolio.years.size), f"B{chart_row}")
    _one_page(resume)
    wb.active = 0
    return wb


def _one_page(ws) -> None:
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def save_portfolio(output: str | Path, portfolio: Portfolio, choice: Choice | None, budget_year: int | None,
                   knowledge: str = "") -> Path:
    """Write the portfolio to ``output`` (atomically): ``.xlsx`` the workbook, ``.pdf`` its
    one-page summary, ``.md`` the same summary as Markdown."""
    out = Path(output)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise InputError([Problem("unknown-file-type", str(out), "ukendt filtype; -o skal ende på .xlsx "
                                                                 "(projektmappe), .pdf eller .md (resumé).")])
    too_many = [(len(portfolio.interventions), P.MAX_INTERVENTIONS, "indsatser"),
                (portfolio.years.size, P.PF_YEARS.rows, "år")]
    for n, most, what in too_many:
        if n > most and suffix != ".md":
            raise InputError([Problem("too-many", str(out), f"porteføljen har {n} {what}; projektmappen og "
                                                            f"resuméet kan vise højst {most}. Brug .md eller færre.")])
    year = budget_year or (choice.rule.years[0] if choice else portfolio.base_year)
    doc = portfolio_document(portfolio, choice, year, knowledge)
    if suffix == ".md":
        return atomic_write_text(out, to_markdown(doc))
    wb = build_portfolio_workbook(portfolio, choice, doc, year)
    if suffix == ".xlsx":
        buf = io.BytesIO()
        wb.save(buf)
        return atomic_write_bytes(out, buf.getvalue())

    return atomic_write_bytes(out, sheet_pdf_bytes(wb, P.RESUME))
