"""Ribbon entry point ``Lav beslutningsoplæg``: recalculate, then save the Oplæg sheet as PDF.

Runs as ``som_xl.excel.report_entry.lav_beslutningsoplaeg()`` through xlwings
``RunPython``. The calling workbook is recalculated first (so the Oplæg sheet is
current), then Excel itself exports only that sheet (``Sheet.to_pdf``, i.e.
``ExportAsFixedFormat``) to ``<workbook>_oplaeg.pdf`` beside the workbook. Every error
becomes a Danish message in the status cell and a message box (the shared
:func:`~som_xl.service.ribbon.run_entry_point`); xlwings is imported only inside Excel.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from som_xl.errors import SomError
from som_xl.excel.ribbon import ExcelCaller
from som_xl.service import ribbon as actions

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge
    from som_xl.workbook.backend import Backend

NO_EXCEL = ("Beslutningsoplæg som PDF fra båndet kræver Excel. Uden for Excel: brug "
            "'som-xl report PROJEKTMAPPE -o OPLAEG.pdf'.")


def pdf_path(book) -> Path:
    """``C:/.../Housing First.xlsm`` → ``C:/.../Housing First_oplaeg.pdf``."""
    full = Path(str(book.fullname))
    return full.with_name(f"{full.stem}_oplaeg.pdf")


def export_oplaeg(book, path: Path) -> Path:
    """Let Excel save the Oplæg sheet alone as PDF (xlwings ``Sheet.to_pdf``, else the
    COM call ``ExportAsFixedFormat(xlTypePDF, path)``)."""
    from som_xl.workbook import layout as L  # lazy: as the ribbon's entry points (numpy when a button is pressed)

    sheet = book.sheets[L.OPLAEG]
    if hasattr(sheet, "to_pdf"):
        sheet.to_pdf(path=str(path), show=False)
    else:
        sheet.api.ExportAsFixedFormat(0, str(path))
    return path


def _report(session: actions.Session, knowledge: Knowledge) -> Path | None:
    """Recalculate, then let Excel export the Oplæg sheet (None when the calculation failed)."""
    from som_xl.workbook.recalc import recalculate  # lazy: as the ribbon's entry points

    book = session.backend.book
    if book is None:
        raise SomError(NO_EXCEL)
    outcome = recalculate(session.backend, knowledge)
    if not outcome.ok:
        n = sum(1 for p in outcome.problems if p.severity == "error")
        session.alert(f"Beslutningsoplægget er ikke lavet: {n} fejl i input. Se 'Fejl og advarsler' på arket "
                      "Resultater; hver fejl nævner cellen.", "SØM – Lav beslutningsoplæg")
        return None
    path = export_oplaeg(book, pdf_path(book))
    session.show(f"Beslutningsoplæg gemt som PDF: {path}", outcome.problems)
    return path


def lav_beslutningsoplaeg(backend: Backend | None = None, knowledge: Knowledge | None = None) -> Path | None:
    """Recalculate the calling workbook and export its Oplæg sheet as PDF; returns the PDF's path
    (None when the calculation failed: the problems are on Resultater)."""
    return actions.run_entry_point("Lav beslutningsoplæg", _report, backend, knowledge, ExcelCaller())
