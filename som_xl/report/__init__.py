"""The decision report (beslutningsoplæg): one structured document of Danish text, laid
out on the Oplæg sheet (and its PDF) and as Markdown.

* :func:`build_document` — computation + uncertainty analysis → :class:`Document`
* :func:`to_markdown` — the document as Markdown
* :func:`write_oplaeg` / :func:`clear_oplaeg` — fill or clear the Oplæg sheet (any backend)
* :func:`make_report` — ``som-xl report``: a case file or workbook → PDF or Markdown
"""

from som_xl.report.content import build_document
from som_xl.report.document import Document, Section, Table
from som_xl.report.markdown import to_markdown
from som_xl.report.sheet import clear_oplaeg, sheet_rows, write_oplaeg

__all__ = ["Document", "Section", "Table", "build_document", "clear_oplaeg", "make_report", "sheet_rows",
           "to_markdown", "write_oplaeg"]


def make_report(source, output, fmt: str = "pdf", knowledge=None):
    """See :func:`som_xl.report.export.make_report` (imported lazily: it needs the workbook layer)."""
    from som_xl.report.export import make_report as _make

    return _make(source, output, fmt=fmt, knowledge=knowledge)
