"""The Erfaringer sheet: search and share fields (inputs) and the search results (outputs)."""

from __future__ import annotations

from som_xl.experience.benchmark_figures import FIGURES
from som_xl.workbook.layout.spec import ERFARINGER, INT, LIST, MONEY, NUMBER, TEXT, YEAR, Block, Column, Field

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
# Andre kommuner (issue 25): written by Søg erfaringer, never by Beregn (which reads them for the report).
BENCHMARK_INFO_ROWS = ("Andre kommuner", "Målgruppe", "Succesmål", "Hentet", "Fra", "Tallene som data")
"""The labels of :data:`EXPERIENCE_BENCHMARK_INFO`'s rows; the last holds the figures as
JSON (the JSON API's form), which the decision report reads back."""
EXPERIENCE_BENCHMARK_INFO = Block(
    "som_erf_andre", ERFARINGER, first_row=EXPERIENCE_STATUS.first_row + 5, first_col=2,
    rows=len(BENCHMARK_INFO_ROWS), output=True,
    columns=(Column("label", "Oplysning", width=28), Column("value", "Værdi", width=40)),
    title="Andre kommuner: samme målgruppe og succesmål som på arket Indsats",
    help="'Søg erfaringer' henter tallene fra erfaringsdatabasen på nettet (kun offentliggjorte beregninger; "
         "vises fra 3 organisationer). Beregn henter intet, men bruger dem i beslutningsoplægget.")
EXPERIENCE_BENCHMARK = Block(
    "som_erf_andre_tal", ERFARINGER, first_row=EXPERIENCE_BENCHMARK_INFO.first_row + EXPERIENCE_BENCHMARK_INFO.rows + 4,
    first_col=2, rows=len(FIGURES), output=True,
    columns=(Column("figure", "Tal", width=28), Column("organisations", "Organisationer", kind=INT),
             Column("median", "Median", kind=NUMBER), Column("p25", "25 %-fraktil", kind=NUMBER),
             Column("p75", "75 %-fraktil", kind=NUMBER), Column("min", "Lavest", kind=NUMBER),
             Column("max", "Højest", kind=NUMBER)),
    title="Andre kommuners tal (hver organisation tæller én gang: medianen af dens beregninger)")
EXPERIENCE_RESULTS = Block(
    "som_erfaringer", ERFARINGER, first_row=EXPERIENCE_BENCHMARK.first_row + EXPERIENCE_BENCHMARK.rows + 4,
    first_col=2, rows=50, output=True,
    columns=(Column("id", "Id", kind=INT, width=6), Column("title", "Titel", width=40),
             Column("target_group", "Målgruppe", width=24), Column("material", "Materiale", width=18),
             Column("actor", "Aktør", width=24), Column("year", "År", kind=YEAR, width=7),
             Column("status", "Status", width=14), Column("npv", "Nettoresultat i alt (kr.)", kind=MONEY),
             Column("quality", "Kvalitet", width=26)),
    title="Fundne erfaringer (ikke kvalitetssikret)",
    help="Materialet er delt af brugerne selv og er ikke kvalitetssikret af Social- og Boligstyrelsen.",
)
