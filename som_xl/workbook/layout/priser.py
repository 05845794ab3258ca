"""The Konsekvenser and Priser sheets: consequence lines, local prices, own items (inputs) and prices in use
(output)."""

from __future__ import annotations

from som_xl.core.entities import ACTORS
from som_xl.workbook.layout.spec import KONSEKVENSER, LIST, MONEY, NUMBER, PRISER, TEXT, YEAR, Block, Column

# Konsekvenser and Priser.

PROFILE_YEARS = 21  # År 0 … År 20 on the sheet; the knowledge has up to 10.

CONSEQUENCES = Block(
    "som_konsekvenser", KONSEKVENSER, first_row=6, first_col=2, rows=60,
    columns=(
        Column("include", "Medtag", "Ja: linjen tælles med. Nej: den udelades.", LIST, "liste_janej", width=9),
        Column("item", "Vare", "Varens id (fra vidensdatabasen eller egne varer på arket Priser).", LIST,
               "liste_varer", width=28),
        Column("name", "Navn", "Udfyldes af 'Opdatér viden'.", TEXT, width=34),
        Column("unit", "Enhed", "", TEXT, width=10),
        *(Column(f"q{t}", f"År {t}", "Ændring pr. borger med succes (negativ = mindre forbrug).", NUMBER, width=8)
          for t in range(PROFILE_YEARS)),
        Column("source", "Kilde", "Hvor tallene kommer fra.", TEXT, width=40),
    ),
    title="Konsekvenser pr. borger med succes",
    help="År 0 er succesåret. Ret tallene eller skriv egne linjer; 'Opdatér viden' henter målgruppens linjer.",
)

LOCAL_PRICES = Block(
    "som_lokale_priser", PRISER, first_row=6, first_col=2, rows=20,
    columns=(
        Column("item", "Vare", "Varen hvis nationale pris erstattes.", LIST, "liste_varer", width=28),
        Column("price_year", "Prisår", "Året prisen gælder for.", YEAR, width=9),
        # One help text for the amounts, on the first actor's column.
        *(Column(a.key, f"{a.label} (kr.)", f"Pris pr. enhed for {a.definite}." if a is ACTORS[0] else "", MONEY)
          for a in ACTORS),
        Column("source", "Kilde / begrundelse", "Hvorfor den lokale pris bruges.", TEXT, width=40),
        # Kept from a case file (format 1 allows them); appended so older workbooks still read right.
        Column("name", "Navn (til orientering)", "Beregningen bruger vidensdatabasens navn og enhed.", TEXT,
               width=30),
        Column("unit", "Enhed (til orientering)", "", TEXT, width=12),
        Column("area", "Område (til orientering)", "", LIST, "liste_omraade", width=16),
    ),
    title="Lokale priser (erstatter vidensdatabasens pris; vises markeret)",
)

OWN_ITEMS = Block(
    "som_egne_varer", PRISER, first_row=LOCAL_PRICES.first_row + LOCAL_PRICES.rows + 4, first_col=2, rows=20,
    columns=(
        Column("item", "Vare-id", "Kort id uden mellemrum, fx 'egen_mentor_time'.", TEXT, width=28),
        Column("name", "Navn", "", TEXT, width=30),
        Column("unit", "Enhed", "fx 'time', 'døgn', 'måned'.", TEXT, width=10),
        Column("area", "Område", "", LIST, "liste_omraade", width=16),
        Column("price_year", "Prisår", "", YEAR, width=9),
        *(Column(a.key, f"{a.label} (kr.)", "", MONEY) for a in ACTORS),
        Column("source", "Kilde", "", TEXT, width=40),
    ),
    title="Egne varer (varer der ikke findes i vidensdatabasen)",
)

PRICES_IN_USE = Block(
    "som_priser_i_brug", PRISER, first_row=OWN_ITEMS.first_row + OWN_ITEMS.rows + 4, first_col=2, rows=120,
    output=True,
    columns=(
        Column("item", "Vare", width=28), Column("name", "Navn", width=30), Column("unit", "Enhed", width=10),
        Column("area", "Område", width=14), Column("price_year", "Prisår", kind=YEAR, width=9),
        *(Column(f"{a.key}_price_year", f"{a.label} (prisår)", kind=MONEY) for a in ACTORS),
        Column("factor", "Fremskrivning", kind=NUMBER, width=12),
        *(Column(a.key, f"{a.label} (prisniveau)", kind=MONEY) for a in ACTORS),
        Column("origin", "Oprindelse", width=12),
        Column("quality", "Kvalitet", width=11), Column("source", "Kilde", width=60),
    ),
    title="Priser i brug (udfyldes af Beregn)",
)
