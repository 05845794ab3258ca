"""What the decision report says: a computation and its uncertainty analysis → a
:class:`~som_xl.report.document.Document` of Danish-formatted text.

This is the only place the report's words and numbers are made. The Oplæg sheet and
the Markdown text are layouts of the document, so they never disagree. Every section
fits its capacity in the report's outline (:data:`som_xl.report.outline.OUTLINE`):
lines beyond a section's capacity are summarised in its last row.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from som_xl import __version__, fmt
from som_xl.case.sourcing import costs_sentence
from som_xl.case.sourcing import sentence as sourcing_sentence
from som_xl.case.text import break_even_rate_text, break_even_year_text, headline
from som_xl.core.entities import ACTORS, ACTORS_WITH_TOTAL, TOTAL, TOTAL_INDEX
from som_xl.report.assumptions import (
    assumption_rows,
    cost_rows,
    price_rows,
    shorten,
    source_lines,
)
from som_xl.report.document import Document, Section, Table
from som_xl.report.followup_section import follow_up_section
from som_xl.report.others_sentence import Stored, others_sentence
from som_xl.report.outline import capacity
from som_xl.uncertainty import break_even
from som_xl.vocabulary.origins import Origin
from som_xl.vocabulary.target_groups import OWN_TARGET_GROUP

if TYPE_CHECKING:
    from som_xl.case import Computation
    from som_xl.uncertainty import UncertaintyReport

ACTOR_HEADERS = tuple(a.label for a in ACTORS_WITH_TOTAL)
MAX_DESCRIPTION = 420
"""Characters of the case's description in the report (three lines on the printed page)."""

ONLY_BUDGETS = ("Kun offentlige budgetter: tallene viser udgifter og indtægter i kommune, region og stat. Borgerens "
                "egen økonomi og gevinster for virksomheder og civilsamfund er ikke med.")
NO_WELLBEING = "Gevinster i livskvalitet, trivsel og helbred, som ikke ændrer de offentlige udgifter, er ikke med."


def danish_time(iso: str) -> tuple[str, str]:
    """``"2026-11-23T12:29:42+00:00"`` → (``"23.11.2026"``, ``"23.11.2026 kl. 12:29 UTC"``)."""
    try:
        t = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso), str(iso)
    zone = " UTC" if t.utcoffset() == dt.timedelta(0) else ""
    date = f"{t.day:02d}.{t.month:02d}.{t.year}"
    return date, f"{date} kl. {t.hour:02d}:{t.minute:02d}{zone}"


def _money(v: float) -> str:
    return fmt.kroner(float(v))


def key_figures(comp: Computation) -> Table:
    """Costs, gains, net (PV), break-even year, return per krone and break-even rate per actor."""
    r = comp.results
    return Table(("", *ACTOR_HEADERS), (
        ("Omkostninger (nutidsværdi)", *map(_money, r.pv_costs)),
        ("Gevinster (nutidsværdi)", *map(_money, r.pv_gains)),
        ("Nettoresultat (nutidsværdi)", *map(_money, r.npv)),
        ("Break-even-år", *(break_even_year_text(r, a) for a in range(len(r.actors)))),
        ("Afkast pr. krone", *(f"{fmt.number(v, 2)} kr." if v is not None else "–" for v in r.return_per_krone)),
        (f"Break-even-succesrate (regnet: {fmt.percent(r.success_rate)})",
         *(break_even_rate_text(r, a) for a in range(len(r.actors)))),
    ))


def break_even_sentences(comp: Computation) -> tuple[str, ...]:
    """The four sentences "Indsatsen betaler sig for kommunen, hvis mindst … lykkes; der er regnet med …"."""
    return tuple(b.sentence for b in break_even(comp.results))


def tornado_table(uncertainty: UncertaintyReport | None) -> Table:
    """The tornado's three largest swings of the total NPV."""
    headers = ("Faktor", "Lav ende", "Høj ende", "Nutidsværdi i alt ved lav", "Nutidsværdi i alt ved høj",
               "Udsving")
    if uncertainty is None:
        return Table(headers)
    rows = tuple((row.factor, row.low.variation.label, row.high.variation.label, _money(row.low.npv[TOTAL_INDEX]),
                  _money(row.high.npv[TOTAL_INDEX]), _money(row.swing[TOTAL_INDEX]))
                 for row in uncertainty.tornado.rows[: capacity("usikkerhed")])
    return Table(headers, rows)


def uncertainty_paragraphs(comp: Computation, uncertainty: UncertaintyReport | None) -> tuple[str, str, str]:
    """Probability of breaking even (with draws and seed), and the adjustments, if any."""
    if uncertainty is None:
        return ("Følsomhedsanalysen er ikke beregnet, fordi indstillingerne på arket Følsomhed har fejl; "
                "fejlene står på arket Resultater.", "", "")
    mc = uncertainty.monte_carlo
    if mc is None:
        first = ("Sandsynligheden for, at indsatsen betaler sig, er ikke beregnet: Monte Carlo er slået fra "
                 "(antal træk er 0 på arket Følsomhed).")
        second = "Tabellen ovenfor viser nutidsværdien i alt, når én forudsætning ændres ad gangen."
    else:
        p = mc.probability_positive
        shares = fmt.and_list(f"{fmt.percent(v)} for {a.definite}" for a, v in zip(ACTORS, p, strict=False))
        first = (f"Sandsynligheden for, at indsatsen betaler sig (nutidsværdi på 0 kr. eller mere), er "
                 f"{fmt.percent(p[TOTAL_INDEX])} for {TOTAL.in_sentence}: {shares}.")
        second = (f"Beregnet med Monte Carlo: {fmt.number(mc.draws)} træk med startværdi (seed) {mc.seed}. "
                  "Succesrate, omkostninger og priser trækkes fra fordelingerne på arket Følsomhed; samme "
                  "seed giver samme resultat.")
    if uncertainty.notes:
        adjusted = _money(uncertainty.results.npv[TOTAL_INDEX])
        third = ("Usikkerheden er regnet med justeringer: " + " ".join(uncertainty.notes)
                 + fmt.full_stop(f" Nutidsværdi i alt med justeringerne: {adjusted}"))
    else:
        third = ("Usikkerheden er regnet på beregningen, som den står, uden justeringer for evidens, dødvægt "
                 "eller frafald.")
    return first, second, third


def _subtitle(comp: Computation, date: str) -> str:
    case = comp.case
    who = case.owner.name or "Kommune ikke angivet"
    if case.target_group:
        try:
            group = comp.knowledge.target_group(case.target_group).name_da
        except (KeyError, LookupError):
            group = case.target_group
    else:
        group = OWN_TARGET_GROUP
    return f"{who} · {group} · beregnet {date}"


def provenance_sentence(comp: Computation) -> str:
    k = comp.knowledge
    _, when = danish_time(comp.computed_at)
    return (f"Beregnet {when} med som_xl {__version__} og vidensdatabasen {k.name} {k.version} "
            f"(indholds-hash {k.content_hash[:19]}…).")


def consequences_text(comp: Computation) -> str:
    """How the consequence lines were made: the knowledge package's own words for its lines
    (``som_xl_method``), never a claim of ours; the municipality's own lines say so."""
    if any(c.origin == Origin.KNOWLEDGE for c in comp.resolution.consequences):
        text = comp.knowledge.method("consequences").description_da
        return f"Konsekvenslinjerne er ikke beviste årsagsvirkninger af indsatsen. {text}"
    return ("Konsekvenslinjerne er kommunens egne tal (skøn over ændret forbrug pr. borger med succes), "
            "ikke beviste årsagsvirkninger af indsatsen.")


def grounds_paragraph(comp: Computation) -> str:
    """What the gains rest on (the sourcing share), for the report's summary."""
    return f"Grundlag: {sourcing_sentence(comp.sourcing)}"


def not_included(comp: Computation) -> tuple[str, ...]:
    """What the figures do not show, how the consequence lines were made, and what the
    costs rest on."""
    return (ONLY_BUDGETS, consequences_text(comp), NO_WELLBEING, costs_sentence(comp.sourcing))


def net_per_year_table(comp: Computation) -> Table:
    """What the report's chart draws: the net per year for each actor and the cumulative
    discounted net in total (kr.)."""
    r = comp.results
    headers = ("År", *(a.label for a in ACTORS), "Akkumuleret diskonteret i alt")
    rows = tuple((str(year), *(fmt.kroner(float(r.net[a, t])) for a in range(len(ACTORS))),
                  fmt.kroner(float(r.cumulative_discounted_net[TOTAL_INDEX, t])))
                 for t, year in enumerate(r.years.tolist()))
    return Table(headers, rows)


def build_document(comp: Computation, uncertainty: UncertaintyReport | None = None,
                   others: Stored | None = None) -> Document:
    """The decision report of a computation.

    Parameters
    ----------
    comp : som_xl.case.Computation
        A successful calculation.
    uncertainty : som_xl.uncertainty.UncertaintyReport, optional
        The Følsomhed analysis of ``comp`` (None when it could not run).
    others : Stored, optional
        Other municipalities' figures as the workbook stored them ('Søg erfaringer'); None:
        none fetched, which the report says (:mod:`som_xl.report.others_sentence`).

    Returns
    -------
    Document
        Danish text throughout, numbers formatted the Danish way (1.234.567 kr., 12,5 %).
    """
    case, r = comp.case, comp.results
    date, _ = danish_time(comp.computed_at)
    title = f"Beslutningsoplæg: {case.title}"
    price_year = case.settings.price_year
    sources, refs = source_lines(comp)
    sections = (
        Section("kort", "Kort fortalt", (headline(comp), grounds_paragraph(comp),
                                         shorten(case.description, MAX_DESCRIPTION))),
        Section("noegletal", f"Nøgletal pr. aktør (kr., {price_year}-priser, tilbagediskonteret til "
                             f"{case.settings.start_year})", table=key_figures(comp)),
        Section("breakeven", "Hvor stor skal succesraten være?",
                (*break_even_sentences(comp), others_sentence(comp, others))),
        Section("diagram", "Nettoresultat år for år", (
            "Søjler: nettoresultat pr. år for kommune, region og stat (kr.). Linje: akkumuleret diskonteret "
            "nettoresultat i alt; indsatsen har betalt sig, når linjen er over 0.",), chart=True,
            chart_data=net_per_year_table(comp)),
        Section("usikkerhed", "Usikkerhed: de tre forudsætninger, der flytter resultatet mest",
                table=tornado_table(uncertainty)),
        Section("montecarlo", "Sandsynlighed for at indsatsen betaler sig",
                uncertainty_paragraphs(comp, uncertainty)),
        *((follow_up,) if (follow_up := follow_up_section(comp)) is not None else ()),
        Section("forudsaetninger", "Forudsætninger", table=Table(("Forudsætning", "Værdi"),
                                                                 assumption_rows(comp))),
        Section("omkostninger", f"Omkostninger ({price_year}-priser)", table=cost_rows(comp)),
        Section("priser", "Konsekvenser pr. borger med succes og priser", table=price_rows(comp, refs)),
        Section("kilder", "Kilder", sources),
        Section("ikke_med", "Det viser tallene ikke, og det bygger de på", not_included(comp)),
        Section("oprindelse", "Oprindelse", (provenance_sentence(comp),)),
    )
    meta = {"npv": [float(v) for v in r.npv], "break_even_success_rate": list(r.break_even_success_rate)}
    who = " · ".join(x for x in (case.owner.name, date) if x)
    return Document(title, _subtitle(comp, date), sections, (title, "", who), meta)
