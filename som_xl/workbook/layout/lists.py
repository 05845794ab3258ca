"""Drop-down lists on the hidden sheet Lister, and the labels the sheets show."""

from __future__ import annotations

from som_xl.workbook.layout.spec import LISTER, get_column_letter


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
    "liste_maalgruppe_id": (2, "Målgruppe-id", ()),
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


def list_ref(name: str, n: int | None = None) -> str:
    col = get_column_letter(LISTS[name][0])
    last = 1 + (n if n else LIST_ROWS)
    return f"'{LISTER}'!${col}$2:${col}${last}"
