"""Opdatér viden: show the chosen target group's knowledge and refresh its consequence lines.

Backend-agnostic (openpyxl, xlwings, memory), like :mod:`som_xl.workbook.recalc`.
:func:`refresh_knowledge` reads the settings, the Konsekvenser table and the own items
(three range reads), then writes the read-only Viden view, the refreshed Konsekvenser
table and the version lines (three writes), whatever the number of lines.

The Konsekvenser table is refreshed without losing anything the user typed:

* a row is an *unchanged knowledge line* when it is included (Medtag blank or "Ja") and
  its item and yearly quantities equal a consequence profile of **any** target group
  and outcome in the knowledge package; such rows are replaced by the chosen group's
  lines (names, units and sources as :func:`~som_xl.workbook.inputs_writer.consequence_rows`
  writes them);
* every other non-blank row (edited numbers, Medtag "Nej", own items, text the reader
  would reject) is kept exactly as typed. A kept row whose item is one of the chosen
  group's items stands in for that knowledge line, so no item appears twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from som_xl import fmt
from som_xl.case.resolve import unknown_outcome, unknown_price_year, unknown_target_group
from som_xl.core.entities import ACTORS
from som_xl.errors import Problem
from som_xl.knowledge import Knowledge
from som_xl.knowledge.prices import resolve_prices
from som_xl.knowledge.pricing import index_name_da
from som_xl.vocabulary.sources import LEVEL
from som_xl.vocabulary.target_groups import OWN_TARGET_GROUP
from som_xl.workbook import layout as L
from som_xl.workbook.backend import Backend, RangeValues
from som_xl.workbook.cells import is_blank, parse_number
from som_xl.workbook.inputs_writer import knowledge_rows
from som_xl.workbook.lists_sheet import list_rows
from som_xl.workbook.writer import write_output, write_versions

SUMMARY = "refresh-summary"
"""Problem type of the one-line summary :func:`refresh_knowledge` returns first."""

_WIDTH = L.KNOWLEDGE_VIEW.width
_FIELD_INDEX = {f.key: i for i, f in enumerate(L.SETTINGS_FIELDS)}
_ITEM_COL = 1
_Q0_COL = 4


@dataclass
class Choice:
    """What the settings block says the view and the table should show."""

    target_group: str | None
    """Knowledge id; None for 'Egen målgruppe' or when it could not be read."""
    outcome: str | None
    price_level: int
    own_group: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def read_choice(settings: RangeValues, knowledge: Knowledge) -> Choice:
    """Target group, outcome and price level from the settings block's values.

    Parameters
    ----------
    settings
        The ``som_indstillinger`` range (one value column in layout order).
    knowledge
        The knowledge package.

    Returns
    -------
    Choice
        Unreadable values give error problems naming the cell; a missing or unknown price
        level falls back to the latest year of the net price index (with a note).
    """
    def raw(key: str):
        i = _FIELD_INDEX[key]
        return settings.values[i][0] if i < len(settings.values) and settings.values[i] else None

    def where(key: str) -> str:
        return settings.address(_FIELD_INDEX[key], 0)

    years = knowledge.index_years()
    choice = Choice(None, None, max(years))
    level = parse_number(raw("settings.price_year"))
    if level is not None and int(level) == level and int(level) in years:
        choice.price_level = int(level)
    elif not is_blank(raw("settings.price_year")):
        shown = int(level) if level is not None and int(level) == level else raw("settings.price_year")
        choice.problems.append(unknown_price_year(shown, years, where("settings.price_year"), instead=max(years)))
    group = raw("target_group")
    if is_blank(group):
        choice.problems.append(Problem("required", where("target_group"),
                                       f"vælg en målgruppe (eller '{OWN_TARGET_GROUP}') og tryk 'Opdatér viden' "
                                       "igen."))
        return choice
    if str(group).strip().casefold() == OWN_TARGET_GROUP.casefold():
        choice.own_group = True
        return choice
    choice.target_group = knowledge.find_target_group(group)
    if choice.target_group is None:
        choice.problems.append(unknown_target_group(group, knowledge, where("target_group"), in_sheet=True))
        return choice
    outcomes = [(o.outcome, o.name_da) for o in knowledge.outcomes(choice.target_group)]
    outcome = raw("effect.outcome")
    if is_blank(outcome):
        choice.outcome = outcomes[0][0] if outcomes else None
    else:
        choice.outcome = knowledge.find_outcome(outcome, choice.target_group)
        if choice.outcome is None:
            choice.problems.append(unknown_outcome(outcome, choice.target_group, knowledge, where("effect.outcome"),
                                                   in_sheet=True))
    return choice


# ---------------------------------------------------------------------------------
# The Viden view
# ---------------------------------------------------------------------------------

def _source_text(knowledge: Knowledge, source_id: str) -> str:
    try:
        return knowledge.source(source_id).text
    except LookupError:
        return source_id


def _row(*cells: Any) -> list[Any]:
    return list(cells[:_WIDTH]) + [None] * (_WIDTH - len(cells[:_WIDTH]))


def _segments(values) -> list[tuple[int, int, float]]:
    """Runs of equal non-zero quantities: ``(year_from, year_to, per_success)``."""
    runs: list[tuple[int, int, float]] = []
    for t, v in enumerate(values):
        v = float(v)
        if runs and runs[-1][1] == t - 1 and runs[-1][2] == v:
            runs[-1] = (runs[-1][0], t, v)
        elif v != 0.0:
            runs.append((t, t, v))
    return [r for r in runs if r[2] != 0.0]


def _derivation_rows(knowledge: Knowledge, target_group: str, outcome: str | None, src) -> list[list[Any]]:
    """How the outcome's derived lines were made: the rule, the source's price year and published total."""
    derivations = [d for d in knowledge.derivations(target_group) if d.outcome == outcome]
    if not derivations:
        return []
    return [_row(), _row("AFLEDNING af konsekvenslinjerne (regnestykket: som-xl knowledge show)"),
            _row("Afledning", "Regel", None, None, None, "Prisår", "Offentliggjort total", "Kilde", "Kvalitet")] + [
        _row(d.derivation, d.rule_da, None, None, None, d.price_year,
             None if d.published_total is None else float(d.published_total), src(d.source), d.quality)
        for d in derivations]


def knowledge_view_rows(knowledge: Knowledge, target_group: str, outcome: str | None = None,
                        price_level: int | None = None) -> list[list[Any]]:
    """The rows of the read-only Viden view for ``target_group`` (10 columns each).

    Sections: the target group (name, description, source, quality), its outcomes, its
    effects (success rate, evidence level, study), the consequence lines of ``outcome``
    (default: the group's first outcome) as runs of years, and the prices of those items
    at their price year and uprated to ``price_level`` (default: the latest index year).
    Every number sits on a row that names its source and quality, and every price its
    price year. Raises ``LookupError`` for an unknown target group.
    """
    tg = knowledge.target_group(target_group)
    outcomes = knowledge.outcomes(target_group)
    outcome = outcome or (outcomes[0].outcome if outcomes else None)
    level = price_level or max(knowledge.index_years())
    src = lambda sid: _source_text(knowledge, sid)  # noqa: E731
    rows = [
        _row("Målgruppe", tg.name_da, tg.target_group, None, None, None, None, src(tg.source), tg.quality),
        _row("Beskrivelse", tg.description_da),
        _row("Vidensdatabase", f"{knowledge.name} {knowledge.version}", None, None, None, None, None,
             knowledge.content_hash),
        _row("Prisniveau", level, None, None, None, None, None,
             "Priser fremskrevet med nettoprisindekset (Danmarks Statistik), overførsler med satsreguleringen"),
        *([_row("Evidens", tg.evidence_da)] if tg.evidence_da else []),
        _row(),
        _row("SUCCESMÅL"),
        _row("Succesmål-id", "Succesmål", "Valgt", None, None, None, None, "Kilde", "Kvalitet"),
    ]
    rows += [_row(o.outcome, o.name_da, "valgt" if o.outcome == outcome else None, None, None, None, None,
                  src(o.source), o.quality) for o in outcomes]
    rows += [_row(), _row("EFFEKTER (succesrate = andel med succes ud over nuværende praksis)"),
             _row("Succesmål-id", "Indsats", "Succesrate", "Lav", "Høj", "Evidensniveau", None,
                  "Studie og kilde", "Kvalitet")]
    rows += [_row(e.outcome, e.intervention_da + (LEVEL_NOTE if e.effect_type == LEVEL else ""), e.success_rate,
                  e.low, e.high, e.evidence_level, None, f"{e.study} Kilde: {src(e.source)}", e.quality)
             for e in knowledge.effects(target_group)]
    profiles = knowledge.consequence_profiles(target_group, outcome) if outcome else []
    rows += [_row(), _row("KONSEKVENSER pr. borger med succes (år 0 = succesåret; negativ = mindre forbrug)"),
             _row("Vare", "Navn", "Enhed", "Område", "Fra år", "Til år", "Pr. borger med succes", "Kilde",
                  "Kvalitet")]
    for p in profiles:
        item = knowledge.item(p.item)
        for a, b, v in _segments(p.per_success_by_year):
            rows.append(_row(p.item, item.name_da, item.unit_da, item.area, a, b, v, src(p.source), p.quality))
    rows += _derivation_rows(knowledge, target_group, outcome, src)
    rows += [_row(), _row(f"PRISER pr. enhed (netto offentlige udgifter, kr.), fremskrevet til prisniveau {level}"),
             _row("Vare", "Navn", "Enhed", "Prisår", *(a.label for a in ACTORS), "Kilde", "Kvalitet",
                  "Fremskrivning")]
    for r in resolve_prices(knowledge, [p.item for p in profiles], level):
        rows.append(_row(r.item, r.name, r.unit, r.price_year, *map(float, r.original), r.source_text, r.quality))
        rows.append(_row(None, f"fremskrevet til {level}", r.unit, level, *map(float, r.uprated),
                         _uprating_text(r, level), r.quality, float(r.index_factor)))
    return rows


LEVEL_NOTE = " (udfaldsniveau uden kontrolgruppe, ikke en nettosuccesrate)"


def _uprating_text(p, level: int) -> str:
    """How the price reached the price level: its index, the state's refusion, later changes."""
    text = f"{index_name_da(p.index_name or 'net_price_index').capitalize()} {p.price_year}→{level}"
    if p.refusion is not None:
        text += f"; statsrefusion (særligt dyre enkeltsager) {fmt.percent(p.refusion.state_share)}"
    for c in p.changes:
        text += f"; fra {c.from_year}: {fmt.kroner(sum(c.uprated))} i alt ({c.quality})"
    return text


def _view_message(text: str) -> list[list[Any]]:
    return [_row("Viden", text)]


def _fit_view(rows: list[list[Any]]) -> list[list[Any]]:
    if len(rows) > L.KNOWLEDGE_VIEW.rows:
        rows = rows[: L.KNOWLEDGE_VIEW.rows - 1] + [_row("…", "Visningen er afkortet; se hele vidensdatabasen "
                                                               "med 'som-xl knowledge'.")]
    return rows + [[None] * _WIDTH for _ in range(L.KNOWLEDGE_VIEW.rows - len(rows))]


def view_for(knowledge: Knowledge, choice: Choice) -> list[list[Any]]:
    """The full ``som_viden`` rectangle for ``choice`` (a message when there is no group)."""
    if choice.own_group:
        rows = _view_message(f"'{OWN_TARGET_GROUP}' er valgt: konsekvenser og priser er dine egne "
                             "(arkene Konsekvenser og Priser).")
    elif choice.target_group is None:
        rows = _view_message("Vælg en målgruppe på arket Indsats og tryk 'Opdatér viden'.")
    else:
        rows = knowledge_view_rows(knowledge, choice.target_group, choice.outcome, choice.price_level)
    return _fit_view(rows)


def write_knowledge_view(backend: Backend, knowledge: Knowledge, settings: RangeValues | None = None) -> Choice:
    """Write the Viden view for the settings on ``backend`` (one read unless given, one write)."""
    choice = read_choice(settings or backend.read(L.SETTINGS.name), knowledge)
    backend.write(L.KNOWLEDGE_VIEW.name, view_for(knowledge, choice))
    return choice


# ---------------------------------------------------------------------------------
# The Konsekvenser table
# ---------------------------------------------------------------------------------

def _quantities(values) -> tuple[float, ...] | None:
    """Yearly quantities as a comparable tuple (blank = 0); None if a cell is not a number."""
    out = []
    for v in values:
        if is_blank(v):
            out.append(0.0)
            continue
        num = parse_number(v)
        if num is None:
            return None
        out.append(round(num, 9))
    while out and out[-1] == 0.0:
        out.pop()
    return tuple(out)


def _knowledge_keys(knowledge: Knowledge) -> set[tuple[str, tuple[float, ...] | None]]:
    keys: set[tuple[str, tuple[float, ...] | None]] = set()
    for tg in knowledge.target_groups():
        for p in knowledge.consequence_profiles(tg.target_group):
            keys.add((p.item, _quantities(p.per_success_by_year[: L.PROFILE_YEARS])))
    return keys


def _is_knowledge_line(row: list[Any], keys: set) -> bool:
    include = row[0]
    if not is_blank(include) and str(include).strip().casefold() not in (L.YES.casefold(), "true", "1"):
        return False
    item = row[_ITEM_COL]
    q = _quantities(row[_Q0_COL:_Q0_COL + L.PROFILE_YEARS])
    return isinstance(item, str) and q is not None and (item.strip(), q) in keys


def chosen_rows(knowledge: Knowledge, choice: Choice) -> list[list[Any]]:
    """The chosen group's consequence rows, exactly as a case import writes them."""
    if choice.target_group is None:
        return []

    return knowledge_rows(knowledge, choice.target_group, choice.outcome)


def merge_consequences(current: list[list[Any]], knowledge: Knowledge, choice: Choice,
                       own_names: dict[str, tuple[str, str]] | None = None):
    """Merge the table's rows with the chosen group's lines.

    Parameters
    ----------
    current
        The Konsekvenser rows as read (raw cell values).
    knowledge, choice
        The package and the chosen group/outcome.
    own_names
        Own item id → (name, unit), to fill blank names of kept rows.

    Returns
    -------
    rows, kept, removed, substituted
        The new rows; the number of user rows kept; the number of unchanged knowledge
        rows replaced; the items where a kept user row stands in for a knowledge line.
    """
    keys = _knowledge_keys(knowledge)
    width = L.CONSEQUENCES.width
    user, removed = [], 0
    for raw_row in current:
        row = list(raw_row[:width]) + [None] * (width - len(raw_row[:width]))
        if all(is_blank(v) for v in row):
            continue
        if _is_knowledge_line(row, keys):
            removed += 1
        else:
            user.append(row)
    by_item: dict[str, list[Any]] = {}
    for row in user:
        if isinstance(row[_ITEM_COL], str):
            by_item.setdefault(row[_ITEM_COL].strip(), row)
    out, used, substituted = [], set(), []
    for krow in chosen_rows(knowledge, choice):
        mine = by_item.get(krow[_ITEM_COL])
        if mine is not None:
            out.append(mine)
            used.add(id(mine))
            substituted.append(krow[_ITEM_COL])
        else:
            out.append(krow)
    out += [row for row in user if id(row) not in used]
    names = dict(own_names or {})
    for row in user:
        item = row[_ITEM_COL].strip() if isinstance(row[_ITEM_COL], str) else None
        if item and is_blank(row[2]) and is_blank(row[3]):
            if item in names:
                row[2], row[3] = names[item]
            elif knowledge.has_item(item):
                info = knowledge.item(item)
                row[2], row[3] = info.name_da, info.unit_da
    return out, len(user), removed, substituted


def _own_names(rng: RangeValues) -> dict[str, tuple[str, str]]:
    return {str(r[0]).strip(): (r[1], r[2]) for r in rng.values if r and isinstance(r[0], str) and r[0].strip()}


def refresh_knowledge(backend: Backend, knowledge: Knowledge) -> list[Problem]:
    """Opdatér viden on ``backend``: the drop-down lists, the Viden view, the Konsekvenser
    table and the versions.

    Returns the problems, the first being a Danish one-line summary (type
    :data:`SUMMARY`, severity ``"info"``, or ``"error"`` when nothing could be refreshed).
    With an unreadable target group or outcome, the table is left untouched.
    """
    settings = backend.read(L.SETTINGS.name)
    write_output(backend, L.LISTS_BLOCK, list_rows(knowledge))  # drop-downs follow the package
    choice = write_knowledge_view(backend, knowledge, settings)
    write_versions(backend, knowledge)
    problems = list(choice.problems)
    where = f"{L.KONSEKVENSER}!{L.get_column_letter(L.CONSEQUENCES.first_col)}{L.CONSEQUENCES.first_row}"
    if not choice.ok:
        return [Problem(SUMMARY, "", "Viden er ikke opdateret: ret feltet nævnt nedenfor og tryk 'Opdatér viden' "
                                     "igen. Konsekvenserne er ikke ændret.", "error")] + problems
    current = backend.read(L.CONSEQUENCES.name)
    own = _own_names(backend.read(L.OWN_ITEMS.name))
    rows, kept, removed, substituted = merge_consequences(current.values, knowledge, choice, own)
    if len(rows) > L.CONSEQUENCES.rows:
        return [Problem(SUMMARY, "", "Viden er vist, men konsekvenserne er ikke opdateret.", "error"),
                *problems, Problem("too-many-lines", where,
                                   f"der er ikke plads til {len(rows)} linjer (højst {L.CONSEQUENCES.rows}); "
                                   "slet egne linjer, du ikke bruger, og prøv igen.")]
    width = L.CONSEQUENCES.width
    backend.write(L.CONSEQUENCES.name, rows + [[None] * width for _ in range(L.CONSEQUENCES.rows - len(rows))])
    name = (knowledge.target_group(choice.target_group).name_da if choice.target_group is not None
            else "egen målgruppe")
    fresh = len(rows) - kept
    lines = fmt.count(fresh, "linje", "linjer")
    summary = (f"Viden opdateret ({name}; {knowledge.name} {knowledge.version}): {lines} fra "
               f"vidensdatabasen, {kept} egne eller ændrede bevaret. Tryk 'Beregn' for at opdatere resultaterne.")
    problems.insert(0, Problem(SUMMARY, "", summary, "info"))
    if kept:
        problems.append(Problem("kept-user-lines", where, f"{kept} egne eller ændrede linjer er bevaret.", "info"))
    if substituted:
        problems.append(Problem("user-line-used", where,
                                f"din rettede linje er brugt i stedet for vidensdatabasens for: "
                                f"{', '.join(substituted)}.", "info"))
    if removed and choice.own_group:
        problems.append(Problem("knowledge-lines-removed", where,
                                f"{removed} urørte linjer fra vidensdatabasen er fjernet, fordi "
                                f"'{OWN_TARGET_GROUP}' er valgt.", "info"))
    return problems
