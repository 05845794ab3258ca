"""The layout contract: every sheet, input field, table and output range of the SØM
workbook, declared once.

The template builder places things where this module says; the headless reader/writer
(openpyxl), the Excel entry points (xlwings) and the VBA all find them through the
*defined names* declared here, never through hard-coded addresses. Because Excel moves
a defined name when a user inserts rows, a moved range is still found.

Naming: every defined name starts with ``som_``; lists on the hidden sheet start with
``liste_``. Input names are read by recalculation and never written by it; output
names are written by recalculation and never read as input.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def get_column_letter(col: int) -> str:
    """1 → "A", 27 → "AA" (kept here so the layout imports nothing heavy)."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """"A" → 1, "AA" → 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


# Sheet names (Danish, as the users see them).
FORSIDE = "Forside"
INDSATS = "Indsats"
KONSEKVENSER = "Konsekvenser"
PRISER = "Priser"
RESULTATER = "Resultater"
OPLAEG = "Oplæg"
FOELSOMHED = "Følsomhed"
ERFARINGER = "Erfaringer"
VIDEN = "Viden"
LISTER = "Lister"
XLWINGS_CONF = "xlwings.conf"

SHEET_ORDER = (FORSIDE, INDSATS, KONSEKVENSER, PRISER, RESULTATER, OPLAEG, FOELSOMHED, ERFARINGER, VIDEN,
               LISTER, XLWINGS_CONF)
HIDDEN_SHEETS = (LISTER, XLWINGS_CONF)

# Value kinds: how a cell is validated, formatted and converted.
TEXT, INT, YEAR, PERCENT, MONEY, NUMBER, LIST = "text", "int", "year", "percent", "money", "number", "list"


@dataclass(frozen=True)
class Field:
    """One input cell of a settings block."""

    key: str
    """Path in the case data, e.g. ``"settings.start_year"``."""
    name: str
    """Defined name of the cell."""
    label: str
    help: str
    kind: str = TEXT
    options: str = ""
    """For kind LIST: the name of the list (see :data:`LISTS`)."""
    required: bool = False
    default: object = None
    """Value the template is built with (settings that have a sensible default)."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: str = ""
    kind: str = TEXT
    options: str = ""
    width: float = 14
    required: bool = False


@dataclass(frozen=True)
class Block:
    """A contiguous range with one defined name: a settings column or a table body."""

    name: str
    sheet: str
    first_row: int
    first_col: int
    rows: int
    columns: tuple[Column, ...] = ()
    fields: tuple[Field, ...] = ()
    output: bool = False
    title: str = ""
    help: str = ""

    @property
    def width(self) -> int:
        return 1 if self.fields else len(self.columns)

    @property
    def ref(self) -> str:
        """``"$C$5:$C$20"`` (absolute, as defined names hold it)."""
        c1 = get_column_letter(self.first_col)
        c2 = get_column_letter(self.first_col + self.width - 1)
        return f"${c1}${self.first_row}:${c2}${self.first_row + self.rows - 1}"

    @property
    def destination(self) -> str:
        return f"'{self.sheet}'!{self.ref}"


# ---------------------------------------------------------------------------------
# Lists for drop-downs, on the hidden sheet "Lister": name → (column, header, values).
# Values that depend on the knowledge package are filled by the builder / Opdatér viden.
# ---------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------
# Indsats: settings, cohorts, costs.
# ---------------------------------------------------------------------------------

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
    Field("settings.start_year", "som_startaar", "Startår", "Det første år i beregningen (år 0, tilbagediskonteres ikke).",
          YEAR, required=True),
    Field("settings.horizon_years", "som_horisont", "Tidshorisont (år)", "Antal år, der regnes på: 1–70 (SØM: op til 10).",
          INT, required=True),
    Field("settings.price_year", "som_prisniveau", "Prisniveau (år)",
          "Beløb er i dette års priser; vidensdatabasens priser fremskrives med nettoprisindekset.", YEAR, required=True),
    Field("settings.discount_rate", "som_rente", "Diskonteringsrente",
          "Tom: Finansministeriets rente (3,5 % år 0–35, 2,5 % år 36–70). Eller en fast rente, fx 3,5 %.", PERCENT),
    Field("programme.duration_years", "som_varighed", "Indsatsens varighed (år)",
          "Hvor mange år hver deltager er i indsatsen. Effekten indtræffer i det sidste år.", INT, required=True),
    Field("effect.success_rate", "som_succesrate", "Succesrate (netto)",
          "Andel af deltagerne, der får succes ud over i dag. Fx 12 % mod 2 % i dag: skriv 10 %.", PERCENT, required=True),
    Field("effect.low", "som_succes_lav", "Lav succesrate", "Forsigtigt skøn til følsomhedsanalysen (valgfri).", PERCENT),
    Field("effect.high", "som_succes_hoej", "Høj succesrate", "Optimistisk skøn til følsomhedsanalysen (valgfri).", PERCENT),
    Field("effect.evidence_level", "som_evidens", "Evidensniveau",
          "1: metaanalyse/RCT · 2: kvasi-eksperimentel · 3: før/efter uden kontrolgruppe.", LIST, "liste_evidens"),
    Field("effect.source", "som_effektkilde", "Kilde til effekten", "Studie, evaluering eller faglig vurdering bag succesraten."),
)

SETTINGS = Block("som_indstillinger", INDSATS, first_row=5, first_col=3, rows=len(SETTINGS_FIELDS),
                 fields=SETTINGS_FIELDS, title="Indstillinger og effekt")

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
        Column("amount", "Beløb (kr.)", "I prisniveauets priser. Sparet: negativt beløb.", MONEY, width=16, required=True),
        Column("year", "År", "Kun ved 'samlet beløb': året beløbet falder i.", YEAR, width=10),
        Column("note", "Note", "Kilde eller forudsætning.", TEXT, width=40),
    ),
    title="Omkostninger", help="Én linje pr. omkostning. Beløb pr. deltager ganges med deltagerne.",
)

# ---------------------------------------------------------------------------------
# Konsekvenser and Priser.
# ---------------------------------------------------------------------------------

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
        Column("kommune", "Kommune (kr.)", "Pris pr. enhed for kommunen.", MONEY),
        Column("region", "Region (kr.)", "", MONEY),
        Column("stat", "Stat (kr.)", "", MONEY),
        Column("source", "Kilde / begrundelse", "Hvorfor den lokale pris bruges.", TEXT, width=40),
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
        Column("kommune", "Kommune (kr.)", "", MONEY),
        Column("region", "Region (kr.)", "", MONEY),
        Column("stat", "Stat (kr.)", "", MONEY),
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
        Column("k0", "Kommune (prisår)", kind=MONEY), Column("r0", "Region (prisår)", kind=MONEY),
        Column("s0", "Stat (prisår)", kind=MONEY), Column("factor", "Fremskrivning", kind=NUMBER, width=12),
        Column("k", "Kommune (prisniveau)", kind=MONEY), Column("r", "Region (prisniveau)", kind=MONEY),
        Column("s", "Stat (prisniveau)", kind=MONEY), Column("origin", "Oprindelse", width=12),
        Column("quality", "Kvalitet", width=11), Column("source", "Kilde", width=60),
    ),
    title="Priser i brug (udfyldes af Beregn)",
)

# ---------------------------------------------------------------------------------
# Resultater (all outputs).
# ---------------------------------------------------------------------------------

ACTOR_HEADERS = ("Kommune", "Region", "Stat", "I alt")
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
KEY_FIGURES = Block(
    "som_noegletal", RESULTATER, first_row=8, first_col=3, rows=len(KEY_FIGURE_ROWS), output=True,
    columns=tuple(Column(h.lower(), h, kind=MONEY) for h in ACTOR_HEADERS), title="Nøgletal",
)
MESSAGES = Block(
    "som_meddelelser", RESULTATER, first_row=KEY_FIGURES.first_row + KEY_FIGURES.rows + 3, first_col=2, rows=15,
    output=True, columns=(Column("where", "Sted", width=28), Column("message", "Meddelelse", width=90),
                          Column("severity", "Type", width=10)),
    title="Fejl og advarsler",
)
YEAR_COLUMNS = (
    Column("year", "År", kind=YEAR, width=8),
    *(Column(f"cost_{a}", f"Omkostninger {h.lower()}", kind=MONEY) for a, h in zip("krst", ACTOR_HEADERS)),
    *(Column(f"gain_{a}", f"Gevinster {h.lower()}", kind=MONEY) for a, h in zip("krst", ACTOR_HEADERS)),
    *(Column(f"net_{a}", f"Netto {h.lower()}", kind=MONEY) for a, h in zip("krst", ACTOR_HEADERS)),
    *(Column(f"cdn_{a}", f"Akk. diskonteret netto {h.lower()}", kind=MONEY) for a, h in zip("krst", ACTOR_HEADERS)),
)
YEARS = Block("som_aar", RESULTATER, first_row=MESSAGES.first_row + MESSAGES.rows + 3, first_col=2, rows=70,
              output=True, columns=YEAR_COLUMNS, title="Resultat pr. år (kr.)")
AREAS = Block("som_omraader", RESULTATER, first_row=YEARS.first_row + YEARS.rows + 3, first_col=2, rows=8,
              output=True, columns=(Column("area", "Område", width=16),
                                    *(Column(h.lower(), h, kind=MONEY) for h in ACTOR_HEADERS)),
              title="Gevinster pr. område (nutidsværdi)")
ITEMS = Block("som_varer", RESULTATER, first_row=AREAS.first_row + AREAS.rows + 3, first_col=2, rows=120,
              output=True, columns=(Column("item", "Vare", width=28), Column("name", "Navn", width=30),
                                    *(Column(h.lower(), h, kind=MONEY) for h in ACTOR_HEADERS)),
              title="Gevinster pr. vare (nutidsværdi)")
PROVENANCE = Block("som_oprindelse", RESULTATER, first_row=ITEMS.first_row + ITEMS.rows + 3, first_col=2, rows=8,
                   output=True, columns=(Column("what", "Oplysning", width=28), Column("value", "Værdi", width=70)),
                   title="Oprindelse (versioner og tidspunkt)")

# Where the charts sit (top-left anchors) on Resultater.
CHART_NET_ANCHOR = "H3"
CHART_CDN_ANCHOR = "H19"

# ---------------------------------------------------------------------------------
# Viden and Forside (outputs), and the hidden xlwings.conf.
# ---------------------------------------------------------------------------------

KNOWLEDGE_VIEW = Block("som_viden", VIDEN, first_row=4, first_col=1, rows=200, output=True,
                       columns=tuple(Column(f"c{i}", "", width=w) for i, w in
                                     enumerate((30, 34, 12, 14, 12, 12, 12, 60, 12, 12))),
                       title="Viden for den valgte målgruppe (skrivebeskyttet visning)")
VERSIONS = Block("som_versioner", FORSIDE, first_row=16, first_col=3, rows=3, output=True,
                 columns=(Column("value", "Version", width=60),))

XLWINGS_CONF_ROWS = (
    # xlwings reads these key/value pairs, and a key present here overrides the user's
    # own xlwings.conf even when empty (GetConfig in xlwings.bas). So nothing
    # machine-specific is listed: the interpreter comes from the user's config, written
    # by `som-xl excel-setup --write`, and a mailed workbook works on any machine.
    ("UDF Modules", "som_xl.excel.udfs"),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
)

# ---------------------------------------------------------------------------------
# Følsomhed: the ranges of the sensitivity analysis and Monte Carlo (inputs with
# defaults), and their results (outputs). Every distribution is shown beside them.
# ---------------------------------------------------------------------------------

SENSITIVITY_FIELDS = (
    Field("success_relative", "som_foel_succes", "Succesrate ± (når lav/høj mangler)",
          "Bruges kun, hvis lav og høj succesrate ikke er udfyldt på Indsats.", PERCENT, default=0.5),
    Field("cost_relative", "som_foel_omk", "Omkostninger ±", "Alle omkostninger (også sparede) op og ned.", PERCENT,
          default=0.2),
    Field("price_relative", "som_foel_priser", "Priser ±", "Alle enhedspriser op og ned.", PERCENT, default=0.2),
    Field("years_short", "som_foel_aar_kort", "Kun de første … år af konsekvenserne", "Kort varighed.", INT, default=3),
    Field("years_long", "som_foel_aar_lang", "… og de første … år", "Længere varighed.", INT, default=5),
    Field("rate_1", "som_foel_rente1", "Diskonteringsrente 1", "", PERCENT, default=0.0),
    Field("rate_2", "som_foel_rente2", "Diskonteringsrente 2", "", PERCENT, default=0.035),
    Field("rate_3", "som_foel_rente3", "Diskonteringsrente 3", "", PERCENT, default=0.05),
    Field("draws", "som_mc_traek", "Monte Carlo: antal træk", "0 = ingen Monte Carlo.", INT, default=10_000),
    Field("seed", "som_mc_seed", "Monte Carlo: startværdi (seed)", "Samme seed giver samme resultat.", INT,
          default=20260101),
    Field("success_shape", "som_mc_fordeling", "Fordeling af succesrate", "pert eller trekant (lav–rate–høj).",
          LIST, "liste_fordeling", default="pert"),
    Field("cost_low", "som_mc_omk_lav", "Omkostninger: faktor lav", "Trekantfordeling lav–1–høj.", NUMBER, default=0.8),
    Field("cost_high", "som_mc_omk_hoej", "Omkostninger: faktor høj", "", NUMBER, default=1.2),
    Field("price_low", "som_mc_pris_lav", "Priser: faktor lav", "Trekantfordeling lav–1–høj.", NUMBER, default=0.8),
    Field("price_high", "som_mc_pris_hoej", "Priser: faktor høj", "", NUMBER, default=1.2),
    Field("haircut", "som_just_evidens", "Evidens-haircut", "Ja: succesraten nedskrives efter evidensniveau "
          "(1: 0 %, 2: 25 %, 3: 50 %).", LIST, "liste_janej", default="Nej"),
    Field("deadweight", "som_just_doedvaegt", "Dødvægt", "Andel af successerne, der ville være sket alligevel.",
          PERCENT, default=0.0),
    Field("drop_off", "som_just_frafald", "Frafald af effekten pr. år", "Pas på dobbelttælling: SØM's "
          "konsekvenser rummer allerede tilbagefald.", PERCENT, default=0.0),
)
SENSITIVITY = Block("som_foelsomhed_indstillinger", FOELSOMHED, first_row=5, first_col=3,
                    rows=len(SENSITIVITY_FIELDS), fields=SENSITIVITY_FIELDS, title="Indstillinger")
_S_END = SENSITIVITY.first_row + SENSITIVITY.rows
SENS_BREAK_EVEN = Block("som_foel_breakeven", FOELSOMHED, first_row=_S_END + 3, first_col=2, rows=4, output=True,
                        columns=(Column("sentence", "Break-even-succesrate", width=100),),
                        title="Hvor stor skal succesraten være?")
SENS_NOTES = Block("som_foel_noter", FOELSOMHED, first_row=SENS_BREAK_EVEN.first_row + 7, first_col=2, rows=4,
                   output=True, columns=(Column("note", "Justeringer og bemærkninger", width=100),),
                   title="Justeringer (kun når de er slået til)")
TORNADO = Block("som_tornado", FOELSOMHED, first_row=SENS_NOTES.first_row + 7, first_col=2, rows=6, output=True,
                columns=(Column("factor", "Faktor", width=30), Column("low", "Lav ende", width=22),
                         Column("high", "Høj ende", width=22),
                         *(Column(f"low_{h.lower()}", f"Nutidsværdi lav: {h.lower()}", kind=MONEY) for h in ACTOR_HEADERS),
                         *(Column(f"high_{h.lower()}", f"Nutidsværdi høj: {h.lower()}", kind=MONEY) for h in ACTOR_HEADERS),
                         Column("swing", "Udsving i alt", kind=MONEY)),
                title="Tornado: nutidsværdi ved én ændring ad gangen (kr.)")
MC_SUMMARY = Block("som_mc_resultat", FOELSOMHED, first_row=TORNADO.first_row + TORNADO.rows + 4, first_col=2,
                   rows=6, output=True,
                   columns=(Column("what", "Monte Carlo", width=30),
                            *(Column(h.lower(), h, kind=MONEY) for h in ACTOR_HEADERS)),
                   title="Monte Carlo: sandsynlighed og spænd for nutidsværdien")
MC_DISTRIBUTIONS = Block("som_mc_fordelinger", FOELSOMHED, first_row=MC_SUMMARY.first_row + MC_SUMMARY.rows + 4,
                         first_col=2, rows=6, output=True,
                         columns=(Column("name", "Størrelse", width=30), Column("shape", "Fordeling", width=22),
                                  Column("low", "Lav", kind=NUMBER), Column("mode", "Typisk", kind=NUMBER),
                                  Column("high", "Høj", kind=NUMBER), Column("mean", "Middel", kind=NUMBER)),
                         title="Fordelinger brugt i Monte Carlo (intet er skjult)")
MC_HISTOGRAM = Block("som_mc_histogram", FOELSOMHED, first_row=MC_DISTRIBUTIONS.first_row + MC_DISTRIBUTIONS.rows + 4,
                     first_col=2, rows=40, output=True,
                     columns=(Column("from", "Nutidsværdi i alt fra", kind=MONEY, width=22),
                              Column("to", "til", kind=MONEY, width=22), Column("count", "Antal træk", kind=INT)),
                     title="Histogram over samlet nutidsværdi")
MC_BREAK_EVEN = Block("som_mc_breakeven_aar", FOELSOMHED, first_row=MC_HISTOGRAM.first_row, first_col=7, rows=71,
                      output=True, columns=(Column("year", "Break-even-år (i alt)", width=22),
                                            Column("count", "Antal træk", kind=INT), Column("share", "Andel", kind=PERCENT)),
                      title="Break-even-år på tværs af træk")
CHART_TORNADO_ANCHOR = "H3"

# ---------------------------------------------------------------------------------
# Erfaringer: search the shared experience database, share this calculation, import one.
# ---------------------------------------------------------------------------------

EXPERIENCE_FIELDS = (
    Field("text", "som_erf_tekst", "Søg i tekst", "Fritekst på dansk; bøjninger findes også (bolig/boligerne).", TEXT),
    Field("target_group", "som_erf_maalgruppe", "Målgruppe", "Hele eller en del af målgruppens navn/id.", TEXT),
    Field("material_type", "som_erf_materiale", "Materialetype", "", LIST, "liste_materialetype"),
    Field("actor_type", "som_erf_aktoertype", "Aktørtype", "", LIST, "liste_aktoertype_erfaring"),
    Field("year", "som_erf_aar", "År", "", YEAR),
    Field("summary", "som_erf_resume", "Resumé (ved deling)", "Kort beskrivelse til andre kommuner, når du deler.", TEXT),
    Field("contact", "som_erf_kontakt", "Kontakt (ved deling)", "Navn og e-mail, så andre kan spørge.", TEXT),
    Field("import_id", "som_erf_import_id", "Id der skal importeres", "Id fra listen nedenfor; "
          "'Importér beregning' henter dens input til arket Indsats.", INT),
)
EXPERIENCE_SEARCH = Block("som_erfaringer_soeg", ERFARINGER, first_row=5, first_col=3, rows=len(EXPERIENCE_FIELDS),
                          fields=EXPERIENCE_FIELDS, title="Søg og del")
EXPERIENCE_STATUS = Block("som_erf_status", ERFARINGER, first_row=EXPERIENCE_SEARCH.first_row + EXPERIENCE_SEARCH.rows + 1,
                          first_col=3, rows=1, output=True, columns=(Column("status", "Status", width=60),))
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


# ---------------------------------------------------------------------------------
# Oplæg (the decision report): outputs only. Every text on the sheet, headings and
# table headers included, is written by som_xl.report from one structured document
# (Danish-formatted text, so it reads the same in any spreadsheet's locale), in ONE
# write over the block som_oplaeg. Each section has a fixed part of it: its heading
# row, a table header row (tables only), then a fixed number of body rows. The
# structure is fixed, so the template carries the styles, merged paragraph rows, row
# heights and the page break. A paragraph part is one column wide (its rows are merged
# across the sheet), a pairs part two.
# ---------------------------------------------------------------------------------

OPLAEG_COLUMNS = tuple(Column(f"c{i}", "", width=w) for i, w in enumerate((36, 17, 13, 13, 14, 13), start=1))


@dataclass(frozen=True)
class OplaegSection:
    """One section of the Oplæg sheet: its block, its kind and body capacity."""

    key: str
    kind: str
    """``paragraphs`` (each body row one paragraph, merged across the sheet), ``table``
    (header row, then rows), ``pairs`` (a two-column table whose value spans the rest)."""
    body_rows: int
    lines: tuple[int, ...] = ()
    """Text lines each body row is sized for (default one line per row)."""
    gap_after: int = 1
    """Blank rows after the block (the chart sits in the gap after ``diagram``)."""

    @property
    def name(self) -> str:
        return f"som_oplaeg_{self.key}"


OPLAEG_CHART_ROWS = 18
OPLAEG_SECTIONS = (
    OplaegSection("titel", "paragraphs", 2, (2, 1)),
    OplaegSection("kort", "paragraphs", 2, (3, 3)),
    OplaegSection("noegletal", "table", 6),
    OplaegSection("breakeven", "paragraphs", 4, (2, 2, 2, 2)),
    OplaegSection("diagram", "paragraphs", 1, (2,), gap_after=OPLAEG_CHART_ROWS),
    OplaegSection("usikkerhed", "table", 3),
    OplaegSection("montecarlo", "paragraphs", 3, (2, 2, 2)),
    OplaegSection("forudsaetninger", "pairs", 8, (1, 1, 1, 1, 3, 1, 1, 1)),
    OplaegSection("omkostninger", "table", 5),
    OplaegSection("priser", "table", 16),
    OplaegSection("kilder", "paragraphs", 7),
    OplaegSection("ikke_med", "paragraphs", 4),
    OplaegSection("oprindelse", "paragraphs", 1, (2,), gap_after=0),
)
OPLAEG_PAGE_BREAK_AFTER = "montecarlo"
"""The second page starts after this section's block and gap."""


def _oplaeg_parts() -> tuple[Block, ...]:
    blocks, row = [], 1
    for s in OPLAEG_SECTIONS:
        rows = 1 + (1 if s.kind in ("table", "pairs") else 0) + s.body_rows
        if s.key == "titel":
            rows = s.body_rows  # the title has no heading row
        width = {"paragraphs": 1, "pairs": 2}.get(s.kind, len(OPLAEG_COLUMNS))  # merged cells are not in a part
        blocks.append(Block(s.name, OPLAEG, first_row=row, first_col=2, rows=rows, output=True,
                            columns=OPLAEG_COLUMNS[:width]))
        row += rows + s.gap_after
    return tuple(blocks)


OPLAEG_PARTS = _oplaeg_parts()
"""Where each section sits (as blocks, but without defined names of their own)."""
OPLAEG_LAST_ROW = OPLAEG_PARTS[-1].first_row + OPLAEG_PARTS[-1].rows - 1
OPLAEG_BLOCK = Block("som_oplaeg", OPLAEG, first_row=1, first_col=2, rows=OPLAEG_LAST_ROW, output=True,
                     columns=OPLAEG_COLUMNS)


def oplaeg_part(key: str) -> Block:
    return next(b for b in OPLAEG_PARTS if b.name == f"som_oplaeg_{key}")


def oplaeg_section(key: str) -> OplaegSection:
    return next(s for s in OPLAEG_SECTIONS if s.key == key)


INPUT_BLOCKS = (SETTINGS, COHORTS, COSTS, CONSEQUENCES, LOCAL_PRICES, OWN_ITEMS, SENSITIVITY, EXPERIENCE_SEARCH)
SENSITIVITY_OUTPUTS = (SENS_BREAK_EVEN, SENS_NOTES, TORNADO, MC_SUMMARY, MC_DISTRIBUTIONS, MC_HISTOGRAM,
                       MC_BREAK_EVEN)
OUTPUT_BLOCKS = (PRICES_IN_USE, STATUS, HEADLINE, KEY_FIGURES, MESSAGES, YEARS, AREAS, ITEMS, PROVENANCE,
                 KNOWLEDGE_VIEW, VERSIONS, EXPERIENCE_STATUS, EXPERIENCE_RESULTS) + SENSITIVITY_OUTPUTS + (OPLAEG_BLOCK,)
ALL_BLOCKS = INPUT_BLOCKS + OUTPUT_BLOCKS


def field_by_key(key: str) -> Field:
    return next(f for f in SETTINGS_FIELDS if f.key == key)


FIELD_BLOCKS = (SETTINGS, SENSITIVITY, EXPERIENCE_SEARCH)


def field_block(f: Field) -> Block:
    return next(b for b in FIELD_BLOCKS if f in b.fields)


def field_cell(f: Field) -> tuple[int, int]:
    """(row, column) of a settings field in the template."""
    block = field_block(f)
    return block.first_row + block.fields.index(f), block.first_col


def defined_names() -> dict[str, str]:
    """Every defined name of the workbook → its destination in the template."""
    names = {b.name: b.destination for b in ALL_BLOCKS}
    for block in FIELD_BLOCKS:
        for f in block.fields:
            row, col = field_cell(f)
            names[f.name] = f"'{block.sheet}'!${get_column_letter(col)}${row}"
    for name in LISTS:
        names[name] = list_ref(name)
    return names
