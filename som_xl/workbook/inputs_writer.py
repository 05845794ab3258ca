"""Fill a workbook's input ranges from a case (import, ``som-xl new --case``, the demo).

This is the only code that writes input cells, and recalculation never calls it.
Consequence lines that a case takes from the knowledge are written out explicitly, so
the user sees (and can edit) every number on the Konsekvenser sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from som_xl.errors import InputError, Problem, raise_if_errors
from som_xl.vocabulary.costs import BASIS_LABELS, KIND_LABELS
from som_xl.vocabulary.target_groups import OWN_TARGET_GROUP
from som_xl.workbook import layout as L
from som_xl.workbook.backend import Backend, is_missing_block
from som_xl.workbook.case_cells import SCALAR_FIELDS, TABLE_BLOCKS, case_value
from som_xl.workbook.writer import pad

if TYPE_CHECKING:
    from som_xl.case import Case, Computation
    from som_xl.knowledge import Knowledge


def _write_input(backend: Backend, block: L.Block, rows: list[list[Any]]) -> None:
    if block.output:
        raise ValueError(f"{block.name} is an output range")
    backend.write(block.name, pad(block, rows))


def settings_column(case: Case, knowledge: Knowledge) -> list[list[Any]]:
    """The settings block's column: each field's value at its case path
    (:data:`~som_xl.workbook.case_cells.SCALAR_FIELDS`), the target group and outcome by
    their Danish names, blank text as an empty cell."""
    groups = {t.target_group: t.name_da for t in knowledge.target_groups()}
    outcomes = {o.outcome: o.name_da for o in knowledge.outcomes()}

    def cell(path: str) -> Any:
        value = case_value(case, path)
        if path == "target_group":
            return groups.get(value, value) if value else OWN_TARGET_GROUP
        if path == "effect.outcome":
            return outcomes.get(value, value) if value else None
        return None if value == "" else value

    return [[cell(path)] for path in SCALAR_FIELDS]


def chosen_outcome(case: Case, knowledge: Knowledge) -> str | None:
    """The outcome whose consequence lines a case without its own lines uses: the given
    one, else the target group's first (as the calculation chooses it)."""
    return outcome_or_first(knowledge, case.target_group, case.effect.outcome)


def outcome_or_first(knowledge: Knowledge, target_group: str | None, outcome: str | None) -> str | None:
    """``outcome`` if given, else ``target_group``'s first outcome in the knowledge (None
    without a target group or outcomes); for case data not yet parsed into a :class:`Case`."""
    if outcome or target_group is None:
        return outcome
    return next((o.outcome for o in knowledge.outcomes(target_group)), None)


def _row(include: bool, item: str, name: str, unit: str, q: Sequence[float], source: str) -> list[Any]:
    q = list(q)[: L.PROFILE_YEARS]
    return [L.YES if include else L.NO, item, name, unit, *q, *([None] * (L.PROFILE_YEARS - len(q))), source]


def knowledge_rows(knowledge: Knowledge, target_group: str, outcome: str | None) -> list[list[Any]]:
    """The knowledge's consequence lines of ``target_group`` (and ``outcome``) as table rows,
    each naming its quality and source (``Viden (kilde): …``)."""
    rows = []
    for p in knowledge.consequence_profiles(target_group, outcome):
        item = knowledge.item(p.item) if knowledge.has_item(p.item) else None
        src = knowledge.find_source(p.source)
        rows.append(_row(True, p.item, item.name_da if item else "", item.unit_da if item else "",
                         p.per_success_by_year, f"Viden ({p.quality}): {src.title if src else p.source}"))
    return rows


def consequence_rows(case: Case, knowledge: Knowledge) -> list[list[Any]]:
    """Rows of the Konsekvenser table: the case's own lines, or the knowledge's."""
    if case.consequences is None:
        return [] if case.target_group is None else knowledge_rows(knowledge, case.target_group,
                                                                   chosen_outcome(case, knowledge))
    own = {p.item: p for p in case.items}
    rows = []
    for c in case.consequences:
        if c.item in own:
            name, unit = own[c.item].name, own[c.item].unit
        elif knowledge.has_item(c.item):
            info = knowledge.item(c.item)
            name, unit = info.name_da, info.unit_da
        else:
            name, unit = "", ""
        rows.append(_row(c.include, c.item, name, unit, c.per_success_by_year, c.source))
    return rows


_TABLE_ROWS: dict[str, Callable[[Case, Knowledge], list[list[Any]]]] = {
    "programme.cohorts": lambda case, _: [[c.year, c.participants] for c in case.programme.cohorts],
    "costs": lambda case, _: [[c.label, c.payer, KIND_LABELS[c.kind], BASIS_LABELS[c.basis], c.amount, c.year,
                               c.note or None] for c in case.costs],
    "consequences": consequence_rows,
    "local_prices": lambda case, _: [
        [p.item, p.price_year, *p.amounts, p.source or None, p.name or None, p.unit or None, p.area or None]
        for p in case.local_prices],
    "items": lambda case, _: [[p.item, p.name, p.unit, p.area, p.price_year, *p.amounts, p.source or None]
                              for p in case.items],
    "actuals": lambda case, _: [[a.year, a.participants, *a.costs, a.successes] for a in case.actuals],
}
"""The rows each table of :data:`~som_xl.workbook.case_cells.TABLE_BLOCKS` gets from a case."""


def write_case_inputs(backend: Backend, case: Case, knowledge: Knowledge) -> None:
    """Write every input range from ``case`` (seven writes; six in a workbook from a
    template without the Opfølgning sheet, which cannot take a case with actuals)."""
    _write_input(backend, L.SETTINGS, settings_column(case, knowledge))
    for path, block in TABLE_BLOCKS.items():
        rows = _TABLE_ROWS[path](case, knowledge)
        try:
            _write_input(backend, block, rows)
        except InputError as exc:  # an older template without the block: fine while there is nothing to write
            if block is not L.ACTUALS or rows or not is_missing_block(exc):
                raise


def _capacity(path: str, what: str, n: int, block: L.Block) -> list[Problem]:
    if n <= block.rows:
        return []
    return [Problem("does-not-fit", path, f"sagen har {n} {what}; projektmappen har plads til {block.rows}. Fjern "
                                          "linjer i sagsfilen (eller beregn den med 'som-xl calc').")]


def fit_problems(case: Case, knowledge: Knowledge) -> list[Problem]:
    """Where ``case`` does not fit the workbook's input ranges (JSON paths, Danish): more
    lines than a table has rows, or more years than the Konsekvenser sheet has columns.

    Writing such a case would cut it short without a word, so an import refuses it.
    """
    problems = _capacity("$.programme.cohorts", "kohorter", len(case.programme.cohorts), L.COHORTS)
    problems += _capacity("$.costs", "omkostningslinjer", len(case.costs), L.COSTS)
    problems += _capacity("$.items", "egne varer", len(case.items), L.OWN_ITEMS)
    problems += _capacity("$.local_prices", "lokale priser", len(case.local_prices), L.LOCAL_PRICES)
    problems += _capacity("$.actuals", "år med faktiske tal", len(case.actuals), L.ACTUALS)
    if case.consequences is not None:
        lines = [(f"$.consequences[{i}].per_success_by_year", c.per_success_by_year)
                 for i, c in enumerate(case.consequences)]
    else:
        lines = [("$.target_group", p.per_success_by_year) for p in knowledge.consequence_profiles(
            case.target_group, chosen_outcome(case, knowledge))] if case.target_group else []
    problems += _capacity("$.consequences", "konsekvenslinjer", len(lines), L.CONSEQUENCES)
    last = L.PROFILE_YEARS - 1
    for path, years in lines:
        if len(years) > L.PROFILE_YEARS:
            problems.append(Problem("does-not-fit", path, f"konsekvenslinjen har {len(years)} år; arket Konsekvenser "
                                                          f"har kolonner til år 0–{last}."))
            break
    return problems


def check_importable(case: Case, knowledge: Knowledge) -> Computation:
    """Validate ``case`` exactly as ``som-xl calc`` does, and check that it fits the
    workbook, before anything is written. Returns the computation; raises
    :class:`InputError` with every problem otherwise (JSON paths, Danish)."""
    from som_xl.case import compute  # lazy: Opdatér viden (refresh.py) imports this module and never computes

    comp = compute(case, knowledge)  # raises what calc raises (unknown items, target groups, …)
    raise_if_errors(fit_problems(case, knowledge))
    return comp
