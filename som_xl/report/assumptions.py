"""The assumptions part of the decision report: the case's inputs, the consequence lines
and prices used, and their sources, as Danish-formatted text rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from som_xl import fmt
from som_xl.report.document import Table
from som_xl.report.outline import capacity
from som_xl.vocabulary import origins
from som_xl.vocabulary.costs import BASIS_LABELS, KIND_LABELS
from som_xl.vocabulary.evidence import EVIDENCE_LEVELS
from som_xl.vocabulary.qualities import ILLUSTRATIVE
from som_xl.vocabulary.sources import PRIMARY, SourceKind
from som_xl.vocabulary.target_groups import OWN_TARGET_GROUP

if TYPE_CHECKING:
    from som_xl.case import Computation
    from som_xl.knowledge import ResolvedPrice

MAX_SOURCE = 140
"""Characters of one source in the report (the full text stays on the sheets Priser and Konsekvenser)."""
MAX_EFFECT_SOURCE = 220
MAX_WEAK = 230
"""Characters of the list of weaker sources (two lines on the printed page)."""
MAX_NAME = 48
"""Characters of a cost label or item name in the tables (one line on the printed page)."""
SOURCES_ROW = 150
"""Characters of numbered sources packed into one row of the Kilder section."""


def fit_rows(rows: Sequence[tuple[str, ...]], key: str, more: str) -> tuple[tuple[str, ...], ...]:
    """``rows`` cut to the block's capacity; the last row then says how many are left out.

    ``more`` is a format string with ``{n}`` (the number of rows not shown).
    """
    n = capacity(key)
    if len(rows) <= n:
        return tuple(rows)
    kept = rows[: n - 1]
    width = len(rows[0])
    return (*kept, (more.format(n=len(rows) - len(kept)),) + ("",) * (width - 1))


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _qty(v: float) -> str:
    return fmt.number(v, 0 if float(v).is_integer() else 1)


def _outcome_name(comp: Computation) -> str:
    outcome = comp.resolution.outcome
    if not outcome:
        return ""
    for o in comp.knowledge.outcomes():
        if o.outcome == outcome:
            return o.name_da
    return outcome


def _target_group(comp: Computation) -> str:
    case = comp.case
    outcome = _outcome_name(comp)
    success = f"; succes: {outcome}" if outcome else ""
    if not case.target_group:
        return f"{OWN_TARGET_GROUP} med egne konsekvenslinjer{success}"
    try:
        name = comp.knowledge.target_group(case.target_group).name_da
    except (KeyError, LookupError):
        name = case.target_group
    return f"{name}{success}"


def _participants(comp: Computation) -> str:
    cohorts = comp.case.programme.cohorts
    total = sum(c.participants for c in cohorts)
    parts = [f"{_qty(c.participants)} i {c.year}" for c in cohorts[:6]]
    if len(cohorts) > 6:
        parts.append(f"og {len(cohorts) - 6} hold mere")
    return f"{_qty(total)} i alt: " + ", ".join(parts)


def _discount(comp: Computation) -> str:
    schedule = comp.case_input.discount
    horizon = comp.case.settings.horizon_years
    bands = [b for b in schedule.bands if b.year_from < horizon]
    parts = []
    for b in bands:
        to = "" if b.year_to is None else f"–{b.year_to}"
        parts.append(f"{fmt.percent(b.rate)} år {b.year_from}{to}" if b.year_to is not None or b.year_from
                     else f"{fmt.percent(b.rate)} alle år")
    name = schedule.name
    who = "fast rente" if name.startswith("konstant") else f"Finansministeriets rente ({name})"
    return f"{who}: " + ", ".join(parts) + "; startåret tilbagediskonteres ikke."


def _local_prices(comp: Computation) -> str:
    local = [p.name for p in comp.prices if p.origin == origins.LOCAL]
    if not local:
        return "ingen: alle priser er vidensdatabasens eller egne varer"
    return "LOKAL PRIS for " + ", ".join(local) + " (erstatter vidensdatabasens pris)"


def assumption_rows(comp: Computation) -> tuple[tuple[str, str], ...]:
    """Target group, participants, duration, success rate, evidence, discounting, price level."""
    case = comp.case
    s, e = case.settings, case.effect
    last = s.start_year + s.horizon_years - 1
    rng = ""
    if e.low is not None or e.high is not None:
        rng = f" (lav {fmt.percent(e.low)}, høj {fmt.percent(e.high)})"
    level = (f"Evidensniveau {e.evidence_level} ({EVIDENCE_LEVELS.get(e.evidence_level, '')})"
             if e.evidence_level else "Evidensniveau ikke angivet")
    source = f"Kilde: {shorten(e.source, MAX_EFFECT_SOURCE)}" if e.source else "Kilde ikke angivet"
    return (
        ("Målgruppe", _target_group(comp)),
        ("Deltagere", _participants(comp)),
        ("Varighed og horisont", f"{case.programme.duration_years} år pr. deltager (effekten indtræffer i "
                                 f"forløbets sidste år); horisont {s.horizon_years} år ({s.start_year}–{last})"),
        ("Succesrate", f"{fmt.percent(e.success_rate)} netto ud over i dag{rng}"),
        ("Evidens og kilde", f"{level}. {source}"),
        ("Diskonteringsrente", _discount(comp)),
        ("Prisniveau", f"{s.price_year}-priser; priser fra andre år er fremskrevet med nettoprisindekset, "
                       "overførsler med satsreguleringen"),
        ("Lokale priser", _local_prices(comp)),
        ("Svagere kilder", weak_sources(comp)),
    )


def weak_sources(comp: Computation) -> str:
    """The prices in use that rest on a secondary source or an inferred price year, or that
    change to an illustrative price from a year on (a reform), listed apart; the
    illustrative prices themselves are marked in the price table."""
    entries = []
    for p in comp.prices:
        if p.origin != origins.KNOWLEDGE:
            continue
        marks = []
        if p.quality != ILLUSTRATIVE and p.source_kind != PRIMARY:
            marks.append("sekundær kilde")
        if p.quality != ILLUSTRATIVE and p.price_year_basis == "inferred":
            marks.append("prisår antaget")
        marks += [f"illustrativ fra {c.from_year} (reform)" for c in p.changes if c.quality == ILLUSTRATIVE]
        if marks:
            entries.append(f"{p.name}: {', '.join(marks)}")
    text = "; ".join(entries) or "ingen: alle brugte priser med kilde har en primær kilde og et angivet prisår"
    return shorten(text[0].upper() + text[1:], MAX_WEAK)


def cost_rows(comp: Computation) -> Table:
    """The case's cost lines as typed (amounts at the price level)."""
    rows = [(shorten(c.label, MAX_NAME), c.payer, KIND_LABELS.get(c.kind, c.kind),
             BASIS_LABELS.get(c.basis, c.basis), fmt.kroner(c.amount), str(c.year) if c.year else "")
            for c in comp.case.costs]
    if not rows:
        rows = [("Ingen omkostninger", "", "", "", "", "")]
    return Table(("Omkostning", "Betaler", "Art", "Grundlag", "Beløb", "År"),
                 fit_rows(rows, "omkostninger", "… og {n} linjer mere (se arket Indsats)"))


def _source_of_price(comp: Computation, p) -> str:
    if p.source_id:
        try:
            src = comp.knowledge.source(p.source_id)
            return " – ".join(x for x in (src.title, src.publisher) if x)
        except (KeyError, LookupError):
            pass
    return p.source_text


def _source_of_line(comp: Computation, c) -> str:
    """A knowledge consequence line names its source by title; show it as its price sources are."""
    text = c.source
    if c.origin == origins.USER and text.startswith("Viden (") and "): " in text:
        text = text.split("): ", 1)[1]  # a knowledge line as 'Opdatér viden' wrote it on the sheet
    if c.origin == origins.KNOWLEDGE or text != c.source:
        for src in comp.knowledge.sources():
            if src.title == text:
                return " – ".join(x for x in (src.title, src.publisher) if x)
    return c.source


def source_lines(comp: Computation) -> tuple[tuple[str, ...], dict[str, int]]:
    """Numbered sources of the prices and consequence lines, and text → number."""
    refs: dict[str, int] = {}
    for p, c in zip(comp.prices, comp.resolution.consequences, strict=True):
        for text in (_source_of_price(comp, p), _source_of_line(comp, c)):
            text = shorten(text, MAX_SOURCE) or "ingen kilde angivet"
            refs.setdefault(text, len(refs) + 1)
    entries = [f"[{n}] {text}" for text, n in refs.items()]
    return pack_sources(entries, capacity("kilder")), refs


def pack_sources(entries: list[str], rows: int) -> tuple[str, ...]:
    """Numbered sources packed into at most ``rows`` rows of about one printed line each;
    the last row says how many are left out when they do not all fit."""
    out: list[str] = []
    i = 0
    while i < len(entries) and len(out) < rows:
        line = entries[i]
        i += 1
        while i < len(entries) and len(line) + 2 + len(entries[i]) <= SOURCES_ROW:
            line += "  " + entries[i]
            i += 1
        out.append(line)
    if i < len(entries):
        out[-1] = f"… og {len(entries) - i + 1} kilder mere; se kilderne på arkene Priser og Konsekvenser."
    return tuple(out)



def _quality_mark(p: ResolvedPrice) -> str:
    """``", illustrativ"`` or ``", sekundær"`` beside a knowledge price's origin."""
    if p.quality == ILLUSTRATIVE:
        return f", {ILLUSTRATIVE}"
    if p.origin == origins.KNOWLEDGE and p.source_kind != PRIMARY:
        return f", {SourceKind.SECONDARY.label}"
    return ""


def price_rows(comp: Computation, refs: dict[str, int]) -> Table:
    """Each consequence line used: its change per success, unit price, price year, origin, sources."""
    rows = []
    for p, c in zip(comp.prices, comp.resolution.consequences, strict=True):
        q = c.per_success_by_year
        origin = origins.ORIGIN_LABELS.get(p.origin, p.origin) + _quality_mark(p)
        price_ref = refs[shorten(_source_of_price(comp, p), MAX_SOURCE) or "ingen kilde angivet"]
        line_ref = refs[shorten(_source_of_line(comp, c), MAX_SOURCE) or "ingen kilde angivet"]
        ref = f"[{price_ref}]" if price_ref == line_ref else f"[{price_ref}] / [{line_ref}]"
        unit = f" {c.unit}" if c.unit else ""
        rows.append((shorten(c.name or c.item, MAX_NAME), f"{_qty(sum(q))}{unit} (år 0–{len(q) - 1})",
                     fmt.kroner(sum(p.uprated), 0 if abs(sum(p.uprated)) >= 100 else 2), str(p.price_year),
                     origin, ref))
    if not rows:
        rows = [("Ingen konsekvenslinjer", "", "", "", "", "")]
    return Table(("Konsekvens (vare)", "Ændring pr. succes i alt", "Pris pr. enhed (prisniveau)", "Prisår",
                  "Oprindelse", "Kilde (pris / konsekvens)"),
                 fit_rows(rows, "priser", "… og {n} linjer mere (se arket Konsekvenser og Priser)"))
