"""The Portefølje workbook (``som-xl portfolio -o FILE.xlsx``): its own two sheets, built
from the same building blocks as the case template.

* Portefølje: a status, two native charts, one row per intervention and the combined
  net per year (the budget year and the three following years marked);
* Resumé: the one-page summary (the report room's portfolio document), which is also
  what the PDF shows.

These blocks are not part of the case template (:data:`som_xl.workbook.layout.ALL_BLOCKS`);
:func:`portfolio_defined_names` gives their names for the portfolio workbook.
"""

from __future__ import annotations

from som_xl.core.entities import ACTORS_WITH_TOTAL
from som_xl.workbook.layout.spec import INT, MONEY, NUMBER, PERCENT, TEXT, YEAR, Block, Column

PORTEFOELJE = "Portefølje"
RESUME = "Resumé"
MAX_INTERVENTIONS = 100
"""Rows of the interventions table (the exact selection takes at most 40 of them)."""

PF_STATUS = Block("som_pf_status", PORTEFOELJE, first_row=3, first_col=3, rows=3, output=True,
                  columns=(Column("text", "Status", width=36),))
PF_CHART_COSTS_ANCHOR = "B7"
PF_CHART_CUMULATIVE_ANCHOR = "I7"
PF_INTERVENTIONS = Block(
    "som_pf_indsatser", PORTEFOELJE, first_row=28, first_col=2, rows=MAX_INTERVENTIONS, output=True,
    columns=(
        Column("nr", "Nr.", kind=INT, width=6),
        Column("title", "Indsats", kind=TEXT, width=36),
        Column("owner", "Ejer", kind=TEXT, width=18),
        Column("price_year", "Prisniveau", kind=YEAR, width=10),
        *(Column(f"npv_{a.key}", f"Nutidsværdi {a.label.lower()}", kind=MONEY, width=14) for a in ACTORS_WITH_TOTAL),
        Column("pv_costs", "Omkostninger i alt (nutidsværdi)", kind=MONEY, width=15),
        Column("budget_cost", "Nettoudgift i budgetårene", kind=MONEY, width=14),
        Column("return", "Afkast pr. kr. (i alt)", kind=NUMBER, width=10),
        Column("break_even_year", "Break-even-år (i alt)", kind=YEAR, width=11),
        Column("break_even_rate", "Break-even-succesrate (i alt)", kind=PERCENT, width=12),
        Column("probability", "Sandsynlighed ≥ 0 (i alt)", kind=PERCENT, width=12),
        Column("chosen", "Valgt", kind=TEXT, width=8),
        Column("greedy", "Grådig", kind=TEXT, width=8),
        Column("knowledge", "Viden", kind=TEXT, width=22),
        Column("sourcing", "Grundlag (hvad gevinsterne bygger på)", kind=TEXT, width=40),
    ),
    title="Indsatserne (nutidsværdi i kr., tilbagediskonteret til det første startår)",
    help="Valgt: det præcise valg inden for budgettet. Grådig: valget efter nutidsværdi pr. budgetkrone.",
)
PF_YEARS = Block(
    "som_pf_aar", PORTEFOELJE, first_row=PF_INTERVENTIONS.first_row + PF_INTERVENTIONS.rows + 4, first_col=2,
    rows=100, output=True,
    columns=(
        Column("year", "År", kind=YEAR, width=6),
        Column("period", "Budget", kind=TEXT, width=36),
        *(Column(f"net_{a.key}", f"Netto {a.label.lower()}", kind=MONEY, width=14) for a in ACTORS_WITH_TOTAL),
        *(Column(f"cum_{a.key}", f"Akkumuleret {a.label.lower()}", kind=MONEY, width=14) for a in ACTORS_WITH_TOTAL),
    ),
    title="Alle indsatser tilsammen pr. år (kr., ikke diskonteret)",
    help="Budgetåret og de tre følgende år (overslagsår) er markeret.",
)
PORTFOLIO_BLOCKS = (PF_STATUS, PF_INTERVENTIONS, PF_YEARS)

RESUME_WIDTHS = (34, 15, 15, 11, 12, 12, 8)
"""Column widths of the Resumé sheet (columns B…H); tables use as many as they have."""


def portfolio_defined_names() -> dict[str, str]:
    """Every defined name of the portfolio workbook → its destination."""
    return {b.name: b.destination for b in PORTFOLIO_BLOCKS}
