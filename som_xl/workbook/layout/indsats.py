"""The Indsats sheet: settings and effect, cohorts, cost lines (inputs)."""

from __future__ import annotations

from som_xl.workbook.layout.spec import INDSATS, INT, LIST, MONEY, PERCENT, TEXT, YEAR, Block, Column, Field

# Indsats: settings, cohorts, costs.

SETTINGS_FIELDS = (
    Field("title", "som_titel", "Titel", "Et kort navn på beregningen, fx 'Housing First 2025'.", TEXT, required=True),
    Field("description", "som_beskrivelse", "Beskrivelse", "Hvad indsatsen går ud på, og hvem den er for."),
    Field("owner.name", "som_ejer", "Kommune / ejer", "Hvem har lavet beregningen, fx 'Aalborg Kommune'."),
    Field("owner.type", "som_ejertype", "Aktørtype", "Kommune, region, stat, tilbud, organisation eller konsulent.",
          LIST, "liste_aktoertype"),
    Field("target_group", "som_maalgruppe", "Målgruppe",
          "Vælg en målgruppe fra vidensdatabasen, eller 'Egen målgruppe' og skriv egne konsekvenser.",
          LIST, "liste_maalgrupper", required=True),
    Field("effect.outcome", "som_succesmaal", "Succesmål",
          "Hvad tæller som succes (fx 'ude af hjemløshed'). Tom: målgruppens første succesmål.",
          LIST, "liste_succesmaal"),
    Field("settings.start_year", "som_startaar", "Startår",
          "Det første år i beregningen (år 0, tilbagediskonteres ikke).",
          YEAR, required=True),
    Field("settings.horizon_years", "som_horisont", "Tidshorisont (år)",
          "Antal år, der regnes på: 1–70 (SØM: op til 10).",
          INT, required=True),
    Field("settings.price_year", "som_prisniveau", "Prisniveau (år)",
          "Beløb er i dette års priser; videnspakkens priser fremskrives med nettoprisindekset "
          "(overførsler med satsreguleringen).",
          YEAR, required=True),
    Field("settings.discount_rate", "som_rente", "Diskonteringsrente",
          "Tom: Finansministeriets rente (3,5 % år 0–35, 2,5 % år 36–70). Eller en fast rente, fx 3,5 %.", PERCENT),
    Field("programme.duration_years", "som_varighed", "Indsatsens varighed (år)",
          "Hvor mange år hver deltager er i indsatsen. Effekten indtræffer i det sidste år.", INT, required=True),
    Field("effect.success_rate", "som_succesrate", "Succesrate (netto)",
          "Andel med succes ud over i dag; fx 12 % mod 2 % i dag: skriv 10 %.",
          PERCENT, required=True),
    Field("effect.low", "som_succes_lav", "Lav succesrate", "Forsigtigt skøn til følsomhedsanalysen (valgfri).",
          PERCENT),
    Field("effect.high", "som_succes_hoej", "Høj succesrate", "Optimistisk skøn til følsomhedsanalysen (valgfri).",
          PERCENT),
    Field("effect.evidence_level", "som_evidens", "Evidensniveau",
          "1: metaanalyse/RCT · 2: kvasi-eksperimentel · 3: før/efter uden kontrolgruppe.", LIST, "liste_evidens"),
    Field("effect.source", "som_effektkilde", "Kilde til effekten",
          "Studie, evaluering eller faglig vurdering bag succesraten."),
    # Appended, not inserted: a workbook made with an older template has a shorter block,
    # and reading it by position must still find every earlier field in its place.
    Field("owner.contact", "som_kontakt", "Kontaktperson",
          "Hvem kolleger i andre kommuner kan spørge om beregningen, fx navn og e-mail."),
    Field("settings.discount_schedule", "som_rentesats", "Diskonteringsregime",
          "Tom: vidensdatabasens standard (Finansministeriets rente fra 2021). Bruges kun uden fast rente.",
          LIST, "liste_diskontering"),
)

SETTINGS = Block("som_indstillinger", INDSATS, first_row=5, first_col=3, rows=len(SETTINGS_FIELDS),
                 fields=SETTINGS_FIELDS, title="Indstillinger og effekt")

BENCHMARK_LINE = Block(
    "som_andre_kommuner", INDSATS,
    first_row=SETTINGS.first_row + [f.key for f in SETTINGS_FIELDS].index("effect.success_rate"), first_col=8,
    rows=1, output=True, columns=(Column("line", "Andre kommuner", width=40),))
"""Beside the success rate (its help text ends before column H): what other municipalities
assumed and realised, as 'Søg erfaringer' last fetched it (the Erfaringer sheet has the rest)."""

COHORTS = Block(
    "som_kohorter", INDSATS, first_row=SETTINGS.first_row + SETTINGS.rows + 4, first_col=2, rows=20,
    columns=(
        Column("year", "Startår", "Året hvor holdet starter.", YEAR, width=14),
        Column("participants", "Deltagere", "Antal deltagere der starter det år (helt tal ≥ 0).", INT, width=14),
    ),
    title="Deltagere (kohorter)", help="Én linje pr. år, hvor et nyt hold starter.",
)

COSTS = Block(
    "som_omkostninger", INDSATS, first_row=COHORTS.first_row + COHORTS.rows + 4, first_col=2, rows=30,
    columns=(
        Column("label", "Betegnelse", "Hvad omkostningen dækker.", TEXT, width=40, required=True),
        Column("payer", "Betaler", "kommune, region eller stat.", LIST, "liste_betaler", required=True),
        Column("kind", "Art", "etablering, drift eller sparet (sparede udgifter som negativt beløb).", LIST,
               "liste_art", required=True),
        Column("basis", "Grundlag", "pr. deltager pr. år, pr. deltager (én gang) eller samlet beløb.", LIST,
               "liste_grundlag", width=22, required=True),
        Column("amount", "Beløb (kr.)", "I prisniveauets priser. Sparet: negativt beløb.", MONEY, width=16,
               required=True),
        Column("year", "År", "Kun ved 'samlet beløb': året beløbet falder i.", YEAR, width=10),
        Column("note", "Note", "Kilde eller forudsætning.", TEXT, width=40),
    ),
    title="Omkostninger", help="Én linje pr. omkostning. Beløb pr. deltager ganges med deltagerne.",
)
