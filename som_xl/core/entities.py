"""The actor axis, declared once: who pays and who gains, in the order every array uses.

As OpenFisca declares its entities in one place (``country-template``'s
``entities.py``), som_xl declares its actors here. Every actor axis in the code is
derived from :data:`ACTORS`: the core's arrays (``(actors + total, years)``), the case
file's payer and price fields and their JSON Schema, the workbook's columns and drop-down
list, and the Danish words in results, reports and messages. Adding an actor (an
unemployment fund, the citizen's own economy) is a new entry here, plus tests; the
knowledge package's price tables then need a column of that name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """One position on the actor axis.

    >>> ACTORS[0].key, ACTORS[0].label, ACTORS[0].definite
    ('kommune', 'Kommune', 'kommunen')
    """

    key: str
    """Id in case files, JSON output, knowledge tables and cell keys (``kommune``)."""
    label: str
    """Danish column header (``Kommune``)."""
    definite: str
    """Danish definite form, used in sentences (``kommunen``)."""
    sentence: str = ""
    """The actor as a sentence names it, when that differs from ``definite``."""

    @property
    def in_sentence(self) -> str:
        """``kommunen`` … ``den offentlige sektor samlet``."""
        return self.sentence or self.definite


ACTORS: tuple[Actor, ...] = (
    Actor("kommune", "Kommune", "kommunen"),
    Actor("region", "Region", "regionen"),
    Actor("stat", "Stat", "staten"),
)
"""The public actors that pay and gain, in axis order."""
TOTAL = Actor("total", "I alt", "i alt", "den offentlige sektor samlet")
"""Their sum: the last position of every results array."""
ACTORS_WITH_TOTAL: tuple[Actor, ...] = (*ACTORS, TOTAL)

ACTOR_KEYS: tuple[str, ...] = tuple(a.key for a in ACTORS)
"""``("kommune", "region", "stat")``."""
ACTOR_KEYS_TOTAL: tuple[str, ...] = tuple(a.key for a in ACTORS_WITH_TOTAL)
"""``("kommune", "region", "stat", "total")``: the first axis of every results array."""
N_ACTORS = len(ACTORS)
TOTAL_INDEX = N_ACTORS
"""Index of the total on a results array's actor axis."""
