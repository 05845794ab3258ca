"""The decision report's outline: its sections in reading order, each with its kind and
how many body rows it may fill.

The report owns this shape: :func:`som_xl.report.content.build_document` cuts every
section to its capacity (summarising what is left out in the last row), the Markdown
writer follows it, and the workbook lays the Oplæg sheet out from it
(:mod:`som_xl.workbook.layout.oplaeg`), so the printed page and the Markdown text hold
the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from som_xl.core.entities import ACTORS_WITH_TOTAL

PARAGRAPHS, TABLE, PAIRS = "paragraphs", "table", "pairs"


@dataclass(frozen=True)
class SectionShape:
    """One section of the report."""

    key: str
    """Stable id (``noegletal``); the document's :class:`~som_xl.report.document.Section` has the same key."""
    kind: str
    """``paragraphs`` (one paragraph per row), ``table`` (a header row, then rows) or
    ``pairs`` (a two-column table of label and value)."""
    capacity: int
    """Body rows the section may fill (paragraphs, or table rows below the header)."""
    optional: bool = False
    """Present only when the case has what it reports (the follow-up: actual figures)."""


OUTLINE: tuple[SectionShape, ...] = (
    SectionShape("titel", PARAGRAPHS, 2),
    SectionShape("kort", PARAGRAPHS, 3),
    SectionShape("noegletal", TABLE, 6),
    # one sentence per actor and the total, and one on other municipalities' rates (issue 25)
    SectionShape("breakeven", PARAGRAPHS, len(ACTORS_WITH_TOTAL) + 1),
    SectionShape("diagram", PARAGRAPHS, 1),
    SectionShape("usikkerhed", TABLE, 3),
    SectionShape("montecarlo", PARAGRAPHS, 3),
    SectionShape("opfoelgning", TABLE, 7, optional=True),
    SectionShape("forudsaetninger", PAIRS, 9),
    SectionShape("omkostninger", TABLE, 5),
    SectionShape("priser", TABLE, 16),
    SectionShape("kilder", PARAGRAPHS, 7),
    SectionShape("ikke_med", PARAGRAPHS, 4),
    SectionShape("oprindelse", PARAGRAPHS, 1),
)
"""The title block first (no heading), then the sections in reading order."""


def shape(key: str) -> SectionShape:
    """The shape of section ``key`` (StopIteration for an unknown key is a programming error)."""
    return next(s for s in OUTLINE if s.key == key)


def capacity(key: str) -> int:
    """Body rows section ``key`` may fill."""
    return shape(key).capacity
