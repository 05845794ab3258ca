"""Drop-down lists on the hidden sheet Lister, and the labels the sheets show."""

from __future__ import annotations

from som_xl.workbook.layout.spec import LISTER, Block, Column, get_column_letter

# Lists for drop-downs, on the hidden sheet "Lister": name → (column, header, values).
# Values that depend on the knowledge package are filled by the builder / Opdatér viden.

BASIS_LABELS = {
    "per_participant_year": "pr. deltager pr. år",
    "per_participant_once": "pr. deltager (én gang)",
    "total": "samlet beløb",
}
KIND_LABELS = {"etablering": "etablering", "drift": "drift", "sparet": "sparet"}
YES, NO = "Ja", "Nej"
OWN_TARGET_GROUP = "Egen målgruppe"

LIST_ROWS = 200
LISTS: dict[str, tuple[int, str, tuple]] = {
    "liste_maalgrupper": (1, "Målgruppe", ()),  # names from knowledge + OWN_TARGET_GROUP
    "liste_maalgruppe_id": (2, "Målgruppe-id", ()),  # ids in the same order as the names
    "liste_succesmaal": (3, "Succesmål", ()),
    "liste_varer": (4, "Vare", ()),
    "liste_betaler": (5, "Betaler", ("kommune", "region", "stat")),
    "liste_art": (6, "Art", tuple(KIND_LABELS.values())),
    "liste_grundlag": (7, "Grundlag", tuple(BASIS_LABELS.values())),
    "liste_omraade": (8, "Område", ("socialt", "sundhed", "beskaeftigelse", "retsvaesen", "skat", "uddannelse")),
    "liste_janej": (9, "Medtag", (YES, NO)),
    "liste_evidens": (10, "Evidensniveau", (1, 2, 3)),
    "liste_aktoertype": (11, "Aktørtype", ("kommune", "region", "stat", "tilbud", "organisation", "konsulent")),
    "liste_fordeling": (12, "Fordeling", ("pert", "trekant")),
    "liste_materialetype": (13, "Materialetype", ("Beregning", "Omkostningsvurdering",
                                                  "Erfaring med vidensindsamling", "Organisering og opfølgning")),
    "liste_aktoertype_erfaring": (14, "Aktørtype (erfaring)", ("kommune", "region", "stat", "tilbud",
                                                               "organisation")),
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
