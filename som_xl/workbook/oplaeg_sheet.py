"""The Oplæg sheet: the decision report's document (:mod:`som_xl.report`) written into its blocks.

Works on any backend (openpyxl headless, xlwings in Excel, memory in tests): one write
of the whole block ``som_oplaeg``, values only, so the template's styles, merged paragraph rows, page break
and chart stay as built. The page header (title, kommune, date) is set where the
backend gives access to the sheet's page setup.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from som_xl.errors import InputError, Problem
from som_xl.report.content import build_document
from som_xl.report.document import Document
from som_xl.workbook import layout as L
from som_xl.workbook.backend import Backend, is_missing_block
from som_xl.workbook.benchmark_sheet import read_stored
from som_xl.workbook.oplaeg_heights import fit_row_heights
from som_xl.workbook.writer import write_output

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from som_xl.case import Computation
    from som_xl.uncertainty import UncertaintyReport

log = logging.getLogger(__name__)

NOT_COMPUTED = ("Oplægget er ikke opdateret, fordi beregningen fejlede. Ret fejlene, der står på arket "
                "Resultater, og tryk Beregn igen.")
TEMPLATE_HEADER = ("Beslutningsoplæg (SØM)", "", "&D")
"""The page header of the template (before any calculation): left, centre, right."""
FOOTER = ("som_xl · SØM", "Side &P af &N", "")


def sheet_rows(doc: Document) -> dict[str, list[list[str | None]]]:
    """Part name → the rows written there (heading row, header row, body)."""
    out: dict[str, list[list[str | None]]] = {L.oplaeg_part("titel").name: [[doc.title], [doc.subtitle]]}
    for s in doc.sections:
        spec = L.oplaeg_section(s.key)
        rows: list[list[str | None]] = [[s.title]]
        if spec.kind == "paragraphs":
            if s.table is not None:
                raise ValueError(f"section {s.key} is laid out as paragraphs but has a table")
            rows += [[p or None] for p in s.paragraphs]
        else:
            table = s.table
            if table is None or s.paragraphs:
                raise ValueError(f"section {s.key} is laid out as a table but has paragraphs or no table")
            rows.append([h or None for h in table.headers])
            rows += [[c or None for c in row] for row in table.rows]
        part = L.oplaeg_part(s.key)
        if len(rows) > part.rows or any(len(r) > part.width for r in rows):
            raise ValueError(f"section {s.key} does not fit its part of the Oplæg sheet ({part.rows} × {part.width})")
        out[spec.name] = rows
    missing = {b.name for b in L.OPLAEG_PARTS} - set(out) - {s.name for s in L.OPLAEG_SECTIONS if s.optional}
    if missing:
        raise ValueError(f"the document has no section for {sorted(missing)}")
    return out


def sheet_rectangle(parts: dict[str, list[list[str | None]]]) -> list[list[str | None]]:
    """The whole ``som_oplaeg`` block: every part's rows at its place, blanks elsewhere."""
    block = L.OPLAEG_BLOCK
    rect: list[list[str | None]] = [[None] * block.width for _ in range(block.rows)]
    for part in L.OPLAEG_PARTS:
        for i, row in enumerate(parts.get(part.name, [])):
            for j, v in enumerate(row):
                rect[part.first_row - block.first_row + i][part.first_col - block.first_col + j] = v
    return rect


def write_oplaeg(backend: Backend, doc: Document) -> None:
    """Write the report ``doc`` on the Oplæg sheet (one write)."""
    parts = sheet_rows(doc)
    _write_rectangle(backend, sheet_rectangle(parts))
    set_page_header(backend, doc.header)
    ws = _openpyxl_sheet(backend)
    if ws is not None:
        fit_row_heights(ws, parts)


def clear_oplaeg(backend: Backend, message: str = NOT_COMPUTED) -> None:
    """Blank the Oplæg sheet and say why (no stale figure survives a failure)."""
    parts: dict[str, list[list[str | None]]] = {L.oplaeg_part("titel").name: [["Beslutningsoplæg"], [message]]}
    _write_rectangle(backend, sheet_rectangle(parts))
    set_page_header(backend, TEMPLATE_HEADER)
    ws = _openpyxl_sheet(backend)
    if ws is not None:
        fit_row_heights(ws, parts)


def _openpyxl_sheet(backend: Backend) -> Worksheet | None:
    """The Oplæg sheet when the backend is an openpyxl workbook that has it."""
    wb = backend.wb
    if wb is not None and L.OPLAEG in wb.sheetnames:
        return wb[L.OPLAEG]
    return None


def _write_rectangle(backend: Backend, rect: list[list[str | None]]) -> None:
    """One write of the whole block. openpyxl refuses values in the covered cells of a merged
    range (Excel and the in-memory backend ignore them), so there the block's defined name is
    resolved and the anchor cells written directly, text always as text."""
    if _openpyxl_sheet(backend) is None:
        write_output(backend, L.OPLAEG_BLOCK, rect)
        return
    # lazy: reached only with an openpyxl workbook (already loaded); Beregn in Excel never imports openpyxl
    from openpyxl.cell.cell import MergedCell

    from som_xl.workbook.openpyxl_backend import OpenpyxlBackend  # lazy: as MergedCell

    if not isinstance(backend, OpenpyxlBackend) or L.OPLAEG_BLOCK.name not in backend.wb.defined_names:
        write_output(backend, L.OPLAEG_BLOCK, rect)
        return

    # the block's paragraphs are merged by design; the name is checked like every other
    sheet, r1, c1, _, _ = backend.destination(L.OPLAEG_BLOCK.name, written_rows=len(rect), merged_ok=True)
    ws = backend.wb[sheet]
    backend.writes += 1
    for i, row in enumerate(rect):
        for j, v in enumerate(row):
            cell = ws.cell(row=r1 + i, column=c1 + j)
            if isinstance(cell, MergedCell):
                continue
            cell.value = v
            if isinstance(v, str):
                cell.data_type = "s"  # never a formula


MISSING = ("Arket Oplæg mangler; projektmappen er lavet med en ældre skabelon. Kør 'som-xl upgrade' på filen "
           "for at få en ny projektmappe med dine input og beslutningsoplægget (den gamle ændres ikke).")


def update_oplaeg(backend: Backend, comp: Computation | None,
                  uncertainty: UncertaintyReport | None = None) -> tuple[list[Problem], Document | None]:
    """After a calculation: build the report of ``comp`` and write it on the Oplæg sheet
    (``comp`` None: clear the sheet).

    Returns the problems and the report (None when ``comp`` is None), so whoever shows it
    elsewhere (Markdown, PDF) uses this one rather than building it again. The problems
    are a warning instead of a failure when the workbook has no Oplæg sheet (made from an
    older template); the calculation's results, and the report, stand either way.
    """
    doc = None
    try:
        if comp is None:
            clear_oplaeg(backend)
        else:
            doc = build_document(comp, uncertainty, read_stored(backend))  # stored by Søg erfaringer
            write_oplaeg(backend, doc)
    except InputError as exc:
        if not is_missing_block(exc):
            raise
        return [Problem("missing-sheet", L.OPLAEG, MISSING, "warning")], doc
    return [], doc


def header_code(text: str) -> str:
    """Text for an Excel page header: ``&`` doubled (a lone ``&`` starts a code)."""
    return text.replace("&", "&&")


def apply_header(ws, header: tuple[str, str, str], escape: bool = True) -> None:
    """Set an openpyxl worksheet's page header (left, centre, right) and footer."""
    parts = [header_code(t) if escape else t for t in header]
    for part, text in zip((ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right), parts, strict=True):
        part.text = text or None
        part.size = 9
    for part, text in zip((ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right), FOOTER, strict=True):
        part.text = text or None
        part.size = 8


def set_page_header(backend: Backend, header: tuple[str, str, str]) -> None:
    """Put ``header`` on the Oplæg sheet's pages, where the backend allows it."""
    escape = header is not TEMPLATE_HEADER
    ws = _openpyxl_sheet(backend)
    if ws is not None:
        apply_header(ws, header, escape)
        return
    book = backend.book
    if book is None:
        return
    try:  # Excel on Windows (COM); elsewhere best effort
        setup = book.sheets[L.OPLAEG].api.PageSetup
        texts = [header_code(t) if escape else t for t in header]
        setup.LeftHeader, setup.CenterHeader, setup.RightHeader = texts
    except Exception:  # noqa: BLE001 - the header is cosmetic; the sheet's text is what counts
        log.debug("could not set the Oplæg page header", exc_info=True)
