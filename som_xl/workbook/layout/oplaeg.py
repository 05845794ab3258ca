"""The Oplæg sheet (the decision report): outputs only."""

from __future__ import annotations

from dataclasses import dataclass

from som_xl.core.entities import ACTORS_WITH_TOTAL
from som_xl.report.outline import OUTLINE
from som_xl.workbook.layout.spec import OPLAEG, Block, Column

# Oplæg (the decision report): outputs only. Every text on the sheet, headings and
# table headers included, is written from one structured document (som_xl.report)
# (Danish-formatted text, so it reads the same in any spreadsheet's locale), in ONE
# write over the block som_oplaeg. Each section has a fixed part of it: its heading
# row, a table header row (tables only), then a fixed number of body rows. The
# structure is fixed, so the template carries the styles, merged paragraph rows, row
# heights and the page break. A paragraph part is one column wide (its rows are merged
# across the sheet), a pairs part two.

OPLAEG_COLUMNS = tuple(Column(f"c{i}", "", width=w) for i, w in enumerate((36, 17, 13, 13, 14, 13), start=1))


@dataclass(frozen=True)
class OplaegSection:
    """One section of the Oplæg sheet: its block, its kind and body capacity."""

    key: str
    kind: str
    """``paragraphs`` (each body row one paragraph, merged across the sheet), ``table``
    (header row, then rows), ``pairs`` (a two-column table whose value spans the rest)."""
    body_rows: int
    lines: tuple[int, ...] = ()
    """Text lines each body row is sized for (default one line per row)."""
    gap_after: int = 1
    """Blank rows after the block (the chart sits in the gap after ``diagram``)."""
    optional: bool = False
    """Blank unless the document has the section (the follow-up: only with actual figures)."""

    @property
    def name(self) -> str:
        return f"som_oplaeg_{self.key}"


OPLAEG_CHART_ROWS = 18
_LINES = {"titel": (2, 1), "kort": (3, 2, 3), "breakeven": (2,) * len(ACTORS_WITH_TOTAL) + (3,), "diagram": (2,),
          "montecarlo": (2, 2, 2), "forudsaetninger": (1, 1, 1, 1, 3, 1, 1, 1, 2), "ikke_med": (2, 2, 1, 2),
          "oprindelse": (2,)}
"""Text lines a body row is sized for, where a section's rows need more than one."""
_GAP_AFTER = {"diagram": OPLAEG_CHART_ROWS, "oprindelse": 0}
OPLAEG_SECTIONS = tuple(OplaegSection(s.key, s.kind, s.capacity, _LINES.get(s.key, ()), _GAP_AFTER.get(s.key, 1),
                                      s.optional) for s in OUTLINE)
"""The report's outline (:data:`som_xl.report.outline.OUTLINE`) as the sheet lays it out."""
OPLAEG_PAGE_BREAK_AFTER = "opfoelgning"
"""The second page starts after this section's block and gap."""


def _oplaeg_parts() -> tuple[Block, ...]:
    blocks, row = [], 1
    for s in OPLAEG_SECTIONS:
        rows = 1 + (1 if s.kind in ("table", "pairs") else 0) + s.body_rows
        if s.key == "titel":
            rows = s.body_rows  # the title has no heading row
        width = {"paragraphs": 1, "pairs": 2}.get(s.kind, len(OPLAEG_COLUMNS))  # merged cells are not in a part
        blocks.append(Block(s.name, OPLAEG, first_row=row, first_col=2, rows=rows, output=True,
                            columns=OPLAEG_COLUMNS[:width]))
        row += rows + s.gap_after
    return tuple(blocks)


OPLAEG_PARTS = _oplaeg_parts()
"""Where each section sits (as blocks, but without defined names of their own)."""
OPLAEG_LAST_ROW = OPLAEG_PARTS[-1].first_row + OPLAEG_PARTS[-1].rows - 1
OPLAEG_BLOCK = Block("som_oplaeg", OPLAEG, first_row=1, first_col=2, rows=OPLAEG_LAST_ROW, output=True,
                     columns=OPLAEG_COLUMNS)


def oplaeg_part(key: str) -> Block:
    return next(b for b in OPLAEG_PARTS if b.name == f"som_oplaeg_{key}")


def oplaeg_section(key: str) -> OplaegSection:
    return next(s for s in OPLAEG_SECTIONS if s.key == key)
