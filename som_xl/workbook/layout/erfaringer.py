"""The Erfaringer sheet: search and share fields (inputs) and the search results (outputs)."""

from __future__ import annotations

from som_xl.workbook.layout.spec import ERFARINGER, INT, LIST, MONEY, TEXT, YEAR, Block, Column, Field

# Erfaringer: search the shared experience database, share this calculation, import one.

EXPERIENCE_FIELDS = (
    Field("text", "som_erf_tekst", "Søg i tekst", "Fritekst på dansk; bøjninger findes også (bolig/boligerne).", TEXT),
    Field("target_group", "som_erf_maalgruppe", "Målgruppe", "Hele eller en del af målgruppens navn/id.", TEXT),
    Field("material_type", "som_erf_materiale", "Materialetype", "", LIST, "liste_materialetype"),
    Field("actor_type", "som_erf_aktoertype", "Aktørtype", "", LIST, "liste_aktoertype_erfaring"),
    Field("year", "som_erf_aar", "År", "", YEAR),
    Field("summary", "som_erf_resume", "Resumé (ved deling)", "Kort beskrivelse til andre kommuner, når du deler.",
          TEXT),
    Field("contact", "som_erf_kontakt", "Kontakt (ved deling)", "Navn og e-mail, så andre kan spørge.", TEXT),
    Field("import_id", "som_erf_import_id", "Id der skal importeres", "Id fra listen nedenfor; "
          "'Importér beregning' henter dens input til arket Indsats.", INT),
)
EXPERIENCE_SEARCH = Block("som_erfaringer_soeg", ERFARINGER, first_row=5, first_col=3, rows=len(EXPERIENCE_FIELDS),
                          fields=EXPERIENCE_FIELDS, title="Søg og del")
EXPERIENCE_STATUS = Block("som_erf_status", ERFARINGER,
                          first_row=EXPERIENCE_SEARCH.first_row + EXPERIENCE_SEARCH.rows + 1, first_col=3, rows=1,
                          output=True, columns=(Column("status", "Status", width=60),))
EXPERIENCE_RESULTS = Block(
    "som_erfaringer", ERFARINGER, first_row=EXPERIENCE_STATUS.first_row + 4, first_col=2, rows=50, output=True,
    columns=(Column("id", "Id", kind=INT, width=6), Column("title", "Titel", width=40),
             Column("target_group", "Målgruppe", width=24), Column("material", "Materiale", width=18),
             Column("actor", "Aktør", width=24), Column("year", "År", kind=YEAR, width=7),
             Column("status", "Status", width=14), Column("npv", "Nettoresultat i alt (kr.)", kind=MONEY),
             Column("quality", "Kvalitet", width=26)),
    title="Fundne erfaringer (ikke kvalitetssikret)",
    help="Materialet er delt af brugerne selv og er ikke kvalitetssikret af Social- og Boligstyrelsen.",
)
