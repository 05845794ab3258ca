"""The Resultater sheet (outputs): status, headline, key figures, messages, per-year table, areas, items,
provenance, charts."""

from __future__ import annotations

from som_xl.core.entities import ACTORS_WITH_TOTAL
from som_xl.workbook.layout.spec import MONEY, RESULTATER, YEAR, Block, Column

# Resultater (all outputs). One column per actor and the total, from the actor axis.
# The sheet prints one page wide: its columns are as narrow as their numbers allow; a
# message, an item's name or a provenance value stands last in its row and runs on into
# the empty cells beside it.
KEY_WIDTH = 17
"""Columns C–F: the key figures ("ikke i horisonten" fits), and what shares their columns."""
MONEY_WIDTH = 13
"""The per-year table's amounts (-99.999.999 fits)."""

ACTOR_HEADERS = tuple(a.label for a in ACTORS_WITH_TOTAL)
KEY_FIGURE_ROWS = (
    "Omkostninger (nutidsværdi)",
    "Gevinster (nutidsværdi)",
    "Nettoresultat (nutidsværdi)",
    "Nettoresultat pr. deltager",
    "Break-even-år",
    "Afkast pr. krone",
    "Break-even-succesrate",
)

STATUS = Block("som_status", RESULTATER, first_row=3, first_col=3, rows=1, output=True,
               columns=(Column("status", "Status", width=60),))
HEADLINE = Block("som_overskrift", RESULTATER, first_row=4, first_col=3, rows=1, output=True,
                 columns=(Column("headline", "Overskrift", width=60),))
GROUNDS = Block("som_grundlag", RESULTATER, first_row=5, first_col=3, rows=1, output=True,
                columns=(Column("grounds", "Grundlag", width=60),))
"""What the result rests on: the share resting on illustrative figures, and how the
package made its consequences (its own words)."""
KEY_FIGURES = Block(
    "som_noegletal", RESULTATER, first_row=8, first_col=3, rows=len(KEY_FIGURE_ROWS), output=True,
    columns=tuple(Column(a.key, a.label, kind=MONEY) for a in ACTORS_WITH_TOTAL), title="Nøgletal",
)
MESSAGES = Block(
    "som_meddelelser", RESULTATER, first_row=KEY_FIGURES.first_row + KEY_FIGURES.rows + 3, first_col=2, rows=15,
    output=True, columns=(Column("where", "Sted", width=28), Column("severity", "Type", width=KEY_WIDTH),
                          Column("message", "Meddelelse", width=KEY_WIDTH)),
    title="Fejl og advarsler",
)
YEAR_COLUMNS = (
    Column("year", "År", kind=YEAR, width=8),
    *(Column(f"{what}_{a.key}", f"{header} {a.label.lower()}", kind=MONEY, width=MONEY_WIDTH)
      for what, header in (("cost", "Omkostninger"), ("gain", "Gevinster"), ("net", "Netto"),
                           ("cdn", "Akk. diskonteret netto"))
      for a in ACTORS_WITH_TOTAL),
)
YEARS = Block("som_aar", RESULTATER, first_row=MESSAGES.first_row + MESSAGES.rows + 3, first_col=2, rows=70,
              output=True, columns=YEAR_COLUMNS, title="Resultat pr. år (kr.)")
AREAS = Block("som_omraader", RESULTATER, first_row=YEARS.first_row + YEARS.rows + 3, first_col=2, rows=8,
              output=True, columns=(Column("area", "Område", width=16),
                                    *(Column(a.key, a.label, kind=MONEY) for a in ACTORS_WITH_TOTAL)),
              title="Gevinster pr. område (nutidsværdi)")
ITEMS = Block("som_varer", RESULTATER, first_row=AREAS.first_row + AREAS.rows + 3, first_col=2, rows=120,
              output=True, columns=(Column("item", "Vare", width=28),
                                    *(Column(a.key, a.label, kind=MONEY) for a in ACTORS_WITH_TOTAL),
                                    Column("name", "Navn", width=MONEY_WIDTH)),
              title="Gevinster pr. vare (nutidsværdi)")
PROVENANCE = Block("som_oprindelse", RESULTATER, first_row=ITEMS.first_row + ITEMS.rows + 3, first_col=2, rows=9,
                   output=True, columns=(Column("what", "Oplysning", width=28),
                                         Column("value", "Værdi", width=KEY_WIDTH)),
                   title="Oprindelse (versioner og tidspunkt)")
PROVENANCE_NOTE_ROW = 7
"""The PROVENANCE row (from 0) of the long note on what the result is and is not."""
FINGERPRINT_LABEL = "Input-fingeraftryk"
"""The PROVENANCE row holding the fingerprint of the inputs the results belong to
(written by every successful calculation, compared by :mod:`som_xl.workbook.freshness`)."""

# Where the charts sit (top-left anchors) on Resultater.
CHART_NET_ANCHOR = "H3"
CHART_CDN_ANCHOR = "H19"
