"""The decision report, as the CLI and the web site ask for it (a case file's Markdown loads no workbook)."""

from __future__ import annotations

from pathlib import Path

from som_xl.knowledge import Knowledge
from som_xl.report.document import Document
from som_xl.workbook import oplaeg_export

REPORT_FORMATS = oplaeg_export.FORMATS


def make_report(source: str | Path, output: str | Path, fmt: str = "pdf", knowledge: Knowledge | None = None,
                notice: str | None = None) -> Document:
    """Write the decision report of a case file or a workbook (``pdf`` or ``md``) to
    ``output`` atomically and return its document; a workbook is only read
    (:func:`som_xl.workbook.oplaeg_export.make_report`)."""
    return oplaeg_export.make_report(source, output, fmt=fmt, knowledge=knowledge, notice=notice)
