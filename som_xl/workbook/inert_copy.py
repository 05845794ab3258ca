"""Make a loaded SØM workbook inert for ``som-xl share`` and the report's PDF.

The work is :mod:`ooxml_vba.inert`'s (values only; no VBA, names, links, validations,
conditional formats, tables, drawings or custom properties); this adds what is the
SØM workbook's own: the hidden ``xlwings.conf`` sheet goes too. The copy's charts are
made anew by :func:`som_xl.workbook.charts.add_charts`, over the copy's own cells.
"""

from __future__ import annotations

from ooxml_vba.inert import freeze_formulas
from ooxml_vba.inert import make_inert as strip
from som_xl.workbook import layout as L

__all__ = ["freeze_formulas", "make_inert"]


def make_inert(wb) -> None:
    """Strip ``wb`` (loaded with ``data_only=True``) down to values, styles and print set-up,
    and drop the ``xlwings.conf`` sheet."""
    strip(wb, drop_sheets=(L.XLWINGS_CONF,))
