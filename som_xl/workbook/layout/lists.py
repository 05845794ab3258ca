"""Drop-down lists on the hidden sheet Lister, and the words the sheets use for yes and no.

The fixed lists come from the actor axis (:mod:`som_xl.core.entities`) and the
vocabularies (:mod:`som_xl.vocabulary`); the lists that depend on the knowledge package
are filled by the builder and by Opdatér viden.
"""

from __future__ import annotations

from som_xl.core.entities import ACTOR_KEYS
from som_xl.vocabulary.actor_types import ACTOR_TYPES, SHARING_ACTOR_TYPES
from som_xl.vocabulary.areas import AREAS
from som_xl.vocabulary.costs import BASIS_LABELS, KIND_LABELS
from som_xl.vocabulary.evidence import EVIDENCE_LEVELS
from som_xl.vocabulary.materials import MATERIAL_TYPES
from som_xl.workbook.layout.spec import LISTER, Block, Column, get_column_letter

YES, NO = "Ja", "Nej"

LIST_ROWS = 200
# name → (column, header, values); values () are filled from the knowledge package.
LISTS: dict[str, tuple[int, str, tuple]] = {
    "liste_maalgrupper": (1, "Målgruppe", ()),  # names from knowledge + OWN_TARGET_GROUP
    "liste_maalgruppe_id": (2, "Målgruppe-id", ()),  # ids in the same order as the names
    "liste_succesmaal": (3, "Succesmål", ()),
    "liste_varer": (4, "Vare", ()),
    "liste_betaler": (5, "Betaler", ACTOR_KEYS),
    "liste_art": (6, "Art", tuple(KIND_LABELS.values())),
    "liste_grundlag": (7, "Grundlag", tuple(BASIS_LABELS.values())),
    "liste_omraade": (8, "Område", AREAS),
    "liste_janej": (9, "Medtag", (YES, NO)),
    "liste_evidens": (10, "Evidensniveau", tuple(EVIDENCE_LEVELS)),
    "liste_aktoertype": (11, "Aktørtype", tuple(ACTOR_TYPES)),
    "liste_fordeling": (12, "Fordeling", ("pert", "trekant")),
    "liste_materialetype": (13, "Materialetype", tuple(MATERIAL_TYPES.values())),
    "liste_aktoertype_erfaring": (14, "Aktørtype (erfaring)", tuple(SHARING_ACTOR_TYPES)),
    "liste_diskontering": (15, "Diskonteringsregime", ()),  # schedule ids from knowledge
}


LISTS_BLOCK = Block(
    "som_lister", LISTER, first_row=2, first_col=1, rows=LIST_ROWS, output=True,
    columns=tuple(Column(name, header) for name, (_, header, _) in sorted(LISTS.items(), key=lambda kv: kv[1][0])),
    title="Lister til rullemenuer (udfyldes af Opdatér viden)",
)
"""All the lists as one output range, so Opdatér viden rewrites them in one write."""


def list_ref(name: str) -> str:
    """A list's defined name: the filled cells of its column (it grows and shrinks with
    the knowledge package, so the drop-downs never show blanks or miss new entries)."""
    col = get_column_letter(LISTS[name][0])
    first, last = LISTS_BLOCK.first_row, LISTS_BLOCK.first_row + LIST_ROWS - 1
    return (f"OFFSET('{LISTER}'!${col}${first},0,0,"
            f"MAX(1,COUNTA('{LISTER}'!${col}${first}:${col}${last})),1)")
