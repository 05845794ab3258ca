"""The Opfølgning sheet: what actually happened (a yellow grid, one row per past year)
beside what the plan said, the re-forecast's key figures and their chart (outputs).

The grid is the case file's ``actuals`` (docs/method.md, "Follow-up"): one row per year
from the start year to the last year with actual figures.
"""

from __future__ import annotations

from som_xl.core.entities import ACTORS, ACTORS_WITH_TOTAL
from som_xl.workbook.layout.spec import INT, MONEY, OPFOELGNING, PERCENT, YEAR, Block, Column

FOLLOW_UP_STATUS = Block("som_opf_status", OPFOELGNING, first_row=4, first_col=3, rows=3, output=True,
                         columns=(Column("note", "Status", width=100),))
FOLLOW_UP_ROWS = (
    ("Nettoresultat, plan (nutidsværdi)", MONEY),
    ("Nettoresultat, ny prognose (nutidsværdi)", MONEY),
    ("Break-even-år, plan", YEAR),
    ("Break-even-år, ny prognose", YEAR),
    ("Break-even-succesrate, plan", PERCENT),
    ("Break-even-succesrate, ny prognose", PERCENT),
    ("Sandsynlighed for at betale sig, plan", PERCENT),
    ("Sandsynlighed for at betale sig, ny prognose", PERCENT),
)
"""The rows of the key-figure block (label, format); its columns are the actors and the total."""
FOLLOW_UP_KEY_FIGURES = Block(
    "som_opf_noegletal", OPFOELGNING, first_row=10, first_col=3, rows=len(FOLLOW_UP_ROWS), output=True,
    columns=tuple(Column(a.key, a.label, kind=MONEY, width=16) for a in ACTORS_WITH_TOTAL),
    title="Plan og ny prognose")
FOLLOW_UP_CHART_ANCHOR = "I3"

ACTUALS = Block(
    "som_faktiske", OPFOELGNING, first_row=FOLLOW_UP_KEY_FIGURES.first_row + FOLLOW_UP_KEY_FIGURES.rows + 5,
    first_col=2, rows=70,
    columns=(
        Column("year", "År", "Et år med faktiske tal. Én linje pr. år fra startåret, uden huller.", YEAR, width=30,
               required=True),
        Column("participants", "Deltagere (startet)", "Antal borgere, der startede i indsatsen det år (helt tal).",
               INT, width=16, required=True),
        *(Column(f"cost_{a.key}", f"Betalt af {a.definite} (kr.)",
                 f"Hvad {a.definite} faktisk betalte for indsatsen det år, i prisniveauets priser.", MONEY,
                 width=16, required=True) for a in ACTORS),
        Column("successes", "Succeser (netto)", "Succeser det år blandt holdet, der sluttede det år, ud over hvad "
               "der var sket uden indsatsen (som succesraten). 0 når intet hold sluttede.", INT, width=16,
               required=True),
    ),
    title="Faktiske tal pr. år",
    help="Skriv de faktiske tal for hvert år, der er gået, og tryk Beregn. Tomme linjer tæller ikke.",
)
_COMPARE_COL = ACTUALS.first_col + ACTUALS.width + 1
FOLLOW_UP_COMPARISON = Block(
    "som_opf_sammenligning", OPFOELGNING, first_row=ACTUALS.first_row, first_col=_COMPARE_COL, rows=ACTUALS.rows,
    output=True,
    columns=(
        Column("year", "År", kind=YEAR, width=8),
        Column("participants", "Deltagere, plan", kind=INT, width=12),
        Column("successes", "Succeser, plan", kind=MONEY, width=12),
        *(Column(f"plan_{a.key}", f"Omkostninger {a.label.lower()}, plan", kind=MONEY, width=16)
          for a in ACTORS_WITH_TOTAL),
        Column("actual_total", "Omkostninger i alt, faktisk", kind=MONEY, width=16),
        Column("difference", "Forskel i alt (faktisk − plan)", kind=MONEY, width=16),
    ),
    title="Plan for de samme år", help="Udfyldes af Beregn: hvad planen regnede med for årene med faktiske tal.",
)
FOLLOW_UP_YEARS = Block(
    "som_opf_aar", OPFOELGNING, first_row=ACTUALS.first_row,
    first_col=FOLLOW_UP_COMPARISON.first_col + FOLLOW_UP_COMPARISON.width + 1, rows=70, output=True,
    columns=(
        Column("year", "År", kind=YEAR, width=8),
        Column("plan", "Plan", kind=MONEY, width=16),
        Column("reforecast", "Ny prognose", kind=MONEY, width=16),
    ),
    title="Akkumuleret diskonteret nettoresultat i alt (kr.)", help="Udfyldes af Beregn; grundlag for diagrammet.",
)
