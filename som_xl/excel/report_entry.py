"""Ribbon entry point ``Lav beslutningsoplæg``: recalculate, then save the Oplæg sheet as PDF.

Runs as ``som_xl.excel.report_entry.lav_beslutningsoplaeg()`` through xlwings
``RunPython``. The calling workbook is recalculated first (so the Oplæg sheet is
current), then Excel itself exports only that sheet (``Sheet.to_pdf``, i.e.
``ExportAsFixedFormat``) to ``<workbook>_oplaeg.pdf`` beside the workbook. Every error
becomes a Danish message in the status cell and a message box (the shared
:func:`~som_xl.excel.ribbon.entry_point`); xlwings is imported only inside Excel.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from som_xl.errors import SomError
from som_xl.excel.ribbon import _Session, entry_point

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge

NO_EXCEL = ("Beslutningsoplæg som PDF fra båndet kræver Excel. Uden for Excel: brug "
            "'som-xl report PROJEKTMAPPE -o OPLAEG.pdf'.")


def pdf_path(book) -> Path:
    """``C:/.../Housing First.xlsm`` → ``C:/.../Housing First_oplaeg.pdf``."""
    full = Path(str(book.fullname))
    return full.with_name(f"{full.stem}_oplaeg.pdf")


def export_oplaeg(book, path: Path) -> Path:
    """Let Excel save the Oplæg sheet alone as PDF (xlwings ``Sheet.to_pdf``, else the
    COM call ``ExportAsFixedFormat(xlTypePDF, path)``)."""
    from som_xl.workbook import layout as L

    sheet = book.sheets[L.OPLAEG]
    if hasattr(sheet, "to_pdf"):
        sheet.to_pdf(path=str(path), show=False)
    else:
        sheet.api.ExportAsFixedFormat(0, str(path))
    return path


@entry_point("Lav beslutningsoplæg")
def lav_beslutningsoplaeg(session: _Session, knowledge: Knowledge):
    """Recalculate the calling workbook and export its Oplæg sheet as PDF; returns the PDF's path
    (None when the calculation failed: the problems are on Resultater)."""
    from som_xl.workbook.recalc import recalculate

    book = getattr(session.backend, "book", None)
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
