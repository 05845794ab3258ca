"""The decision report as a structured document: sections of paragraphs and small tables.

One :class:`Document` is built by :func:`som_xl.report.content.build_document`; the
Oplæg sheet writer (:mod:`som_xl.workbook.oplaeg_sheet`) and the Markdown writer
(:mod:`som_xl.report.markdown`) only lay it out, so the Oplæg sheet, its PDF and the
Markdown text always carry the same words and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    """A small table of text cells (numbers already Danish-formatted).

    Parameters
    ----------
    headers : tuple of str
        Column headers; an empty string leaves a header cell blank.
    rows : tuple of tuple of str
        Body rows, each at most as wide as ``headers``.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Section:
    """One section of the report.

    Parameters
    ----------
    key : str
        Stable id; the Oplæg sheet has one block per key (``som_oplaeg_<key>``).
    title : str
        The Danish heading (empty for the title section).
    paragraphs : tuple of str
        Paragraphs, in order (before the table when there is one).
    table : Table, optional
        At most one table.
    chart : bool
        True where the sheet shows the chart; its paragraphs are the chart's caption.
    chart_data : Table, optional
        The numbers the chart draws: the Markdown text, which has no chart, shows them
        in the chart's place instead of a caption of nothing.
    """

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    chart: bool = False
    chart_data: Table | None = None


@dataclass(frozen=True)
class Document:
    """The whole report.

    Parameters
    ----------
    title : str
        The report's title line.
    subtitle : str
        Kommune, target group and date in one line.
    sections : tuple of Section
        The body, in reading order (the title section is not among them).
    header : tuple of str
        (left, centre, right) page-header texts: the title left; kommune and date right.
    """

    title: str
    subtitle: str
    sections: tuple[Section, ...] = ()
    header: tuple[str, str, str] = ("", "", "")
    meta: dict = field(default_factory=dict, compare=False)
    """Numbers behind the text (for tests and callers), never shown as such."""

    def section(self, key: str) -> Section:
        """The section with ``key`` (KeyError if there is none)."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def strings(self, markdown: bool = False) -> list[str]:
        """Every non-empty text of the document in reading order: title, subtitle, then
        per section its heading, paragraphs, table headers and cells, row by row. With
        ``markdown`` as the Markdown has them: a chart's numbers instead of its caption."""
        out = [t for t in (self.title, self.subtitle) if t]
        for s in self.sections:
            chart_table = markdown and s.chart
            out += [t for t in (s.title, *(() if chart_table else s.paragraphs)) if t]
            for table in (s.chart_data if chart_table else None, s.table):
                if table is not None:
                    out += [h for h in table.headers if h]
                    out += [c for row in table.rows for c in row if c]
        return out
