"""The decision report (beslutningsoplæg): one structured document of Danish text.

The report room builds documents and renders them; it knows nothing of workbooks
(the Oplæg sheet is laid out by :mod:`som_xl.workbook.oplaeg_sheet`, and the PDF made
by :mod:`som_xl.workbook.oplaeg_export`):

* :data:`OUTLINE` — the sections, their kinds and capacities (:mod:`~som_xl.report.outline`);
* :func:`build_document` — computation + uncertainty analysis → :class:`Document`;
* :func:`case_document` — a case computed directly, with the default uncertainty settings;
* :func:`portfolio_document` — a portfolio (several interventions, a budget) → its one-page summary;
* :func:`to_markdown` — the document as Markdown.

The names are loaded on first use (PEP 562), so importing the outline alone stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from som_xl.report.case_report import case_document
    from som_xl.report.content import build_document
    from som_xl.report.document import Document, Section, Table
    from som_xl.report.markdown import to_markdown
    from som_xl.report.outline import OUTLINE
    from som_xl.report.portfolio_report import portfolio_document

_HOME = {
    "OUTLINE": "outline", "Document": "document", "Section": "document", "Table": "document",
    "build_document": "content", "case_document": "case_report", "to_markdown": "markdown",
    "portfolio_document": "portfolio_report",
}

__all__ = ["OUTLINE", "Document", "Section", "Table", "build_document", "case_document", "portfolio_document",
           "to_markdown"]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
