"""Row heights of the Oplæg sheet sized to its text (headless path).

LibreOffice keeps the row heights stored in the file when it opens a workbook, so a
wrapped cell would be cut off at one line. Here every body row of the Oplæg parts
gets the height its longest cell needs (word-wrapped at the column's width), and an
empty row almost none, so the printed report is compact and nothing is cut. In Excel
the template's heights stand (Excel fits rows of wrapped cells itself).
"""

from __future__ import annotations

from som_xl.workbook import layout as L

LINE_PT = {9: 12.0, 10: 13.5, 16: 21.0}
EMPTY_PT = 3.0
PADDING = 1.2
"""Column-width units a cell loses to its margins."""

# Glyph widths in em of a wide sans (DejaVu Sans, LibreOffice's fallback for Calibri), by
# class. Column widths are measured in the default font's digit width (0.636 em at
# 11 pt), so the ratio, and hence where a line breaks, hardly depends on the font.
_DIGIT_EM = 0.636
_NARROW = set(".,:;'|!iljtfr ()[]-")


def _em(ch: str) -> float:
    if ch.isdigit():
        return _DIGIT_EM
    if ch in _NARROW:
        return 0.36
    if ch.isupper() or ch in "mwæøåÆØÅ%–—":
        return 0.72
    return 0.62


def text_units(text: str, size: int = 9) -> float:
    """Width of ``text`` at ``size`` pt in column-width units."""
    return sum(_em(ch) for ch in text) / _DIGIT_EM * size / 11


def lines_needed(text: str | None, width_units: float, size: int = 9) -> int:
    """Lines ``text`` takes when word-wrapped in a cell ``width_units`` wide."""
    if not text:
        return 0
    room = max(1.0, width_units - PADDING)
    lines = 0
    for part in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in part.split(" "):
            w = text_units(word, size)
            gap = text_units(" ", size) if used else 0.0
            if used and used + gap + w > room:
                lines += 1
                used = 0.0
                gap = 0.0
            while w > room:  # a word longer than the line breaks inside it
                lines += 1
                w -= room
            used += gap + w
    return lines


def _widths(kind: str, n: int) -> list[float]:
    w = [c.width for c in L.OPLAEG_COLUMNS]
    if kind == "paragraphs":
        return [sum(w)]
    if kind == "pairs":
        return [w[0], sum(w[1:])]
    return w[:n]


def _size(key: str, i: int) -> int:
    if key == "titel":
        return 16 if i == 0 else 10
    return 10 if key == "kort" else 9


def fit_row_heights(ws, parts: dict[str, list[list[str | None]]]) -> None:
    """Set the height of every header and body row of the Oplæg parts from ``parts``
    (part name → rows as written by :func:`som_xl.workbook.oplaeg_sheet.sheet_rows`)."""
    for spec, block in zip(L.OPLAEG_SECTIONS, L.OPLAEG_PARTS, strict=True):
        rows = parts.get(block.name, [])
        first_body = 0 if spec.key == "titel" else 1  # row 0 of the others is the heading
        if spec.optional and not rows:  # an absent optional section takes (almost) no room
            ws.row_dimensions[block.first_row].height = EMPTY_PT
        for i in range(first_body, block.rows):
            row = rows[i] if i < len(rows) else []
            size = _size(spec.key, i - first_body if spec.key != "titel" else i)
            widths = _widths(spec.kind, block.width)
            n = max((lines_needed(v, wd, size) for v, wd in zip(row, widths, strict=False)), default=0)
            ws.row_dimensions[block.first_row + i].height = n * LINE_PT[size] + 2 if n else EMPTY_PT
