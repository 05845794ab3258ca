"""The Følsomhed sheet: the ranges of the sensitivity analysis and Monte Carlo (inputs with defaults) and
their results."""

from __future__ import annotations

from som_xl.core.entities import ACTORS_WITH_TOTAL
from som_xl.workbook.layout.spec import FOELSOMHED, INT, LIST, MONEY, NUMBER, PERCENT, Block, Column, Field

# Følsomhed: the ranges of the sensitivity analysis and Monte Carlo (inputs with
# defaults), and their results (outputs). Every distribution is shown beside them.

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
          default=20260101, number_format="0"),
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
                        columns=(Column("sentence", "Break-even-succesrate", width=30),),
                        title="Hvor stor skal succesraten være?")
SENS_NOTES = Block("som_foel_noter", FOELSOMHED, first_row=SENS_BREAK_EVEN.first_row + 7, first_col=2, rows=4,
                   output=True, columns=(Column("note", "Justeringer og bemærkninger", width=30),),
                   title="Justeringer (kun når de er slået til)")
TORNADO = Block("som_tornado", FOELSOMHED, first_row=SENS_NOTES.first_row + 7, first_col=2, rows=6, output=True,
                columns=(Column("factor", "Faktor", width=30), Column("low", "Lav ende", width=30),
                         Column("high", "Høj ende", width=30),
                         *(Column(f"low_{a.key}", f"Nutidsværdi lav: {a.label.lower()}", kind=MONEY)
                           for a in ACTORS_WITH_TOTAL),
                         *(Column(f"high_{a.key}", f"Nutidsværdi høj: {a.label.lower()}", kind=MONEY)
                           for a in ACTORS_WITH_TOTAL),
                         Column("swing", "Udsving i alt", kind=MONEY)),
                title="Tornado: nutidsværdi ved én ændring ad gangen (kr.)")
MC_SUMMARY = Block("som_mc_resultat", FOELSOMHED, first_row=TORNADO.first_row + TORNADO.rows + 4, first_col=2,
                   rows=6, output=True,
                   columns=(Column("what", "Monte Carlo", width=30),
                            *(Column(a.key, a.label, kind=MONEY) for a in ACTORS_WITH_TOTAL)),
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
                                            Column("count", "Antal træk", kind=INT),
                                            Column("share", "Andel", kind=PERCENT)),
                      title="Break-even-år på tværs af træk")
CHART_TORNADO_ANCHOR = "H3"
