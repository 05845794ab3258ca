"""What the worksheet functions compute, on converted Python values (no xlwings here).

Each function takes plain values (the :mod:`som_xl.service.udf_convert` layer has turned
cells into floats, ints and texts) and the knowledge package, calls the engine or the
knowledge, and raises :class:`~som_xl.service.udf_convert.UdfError` with a short Danish
message for an argument it cannot use. :mod:`som_xl.service.udf_specs` describes them;
the xlwings UDFs and the add-in's custom functions are made from that.
Amounts are kroner at the price level asked for; year index 0 is never discounted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from som_xl.case.resolve import unknown_price_year
from som_xl.core import ACTOR_KEYS, DiscountSchedule
from som_xl.errors import InputError, SomError
from som_xl.knowledge.prices import knowledge_price
from som_xl.service.udf_convert import UdfError, rows
from som_xl.workbook import layout as L
from som_xl.workbook.backend import BackendBase, RangeValues

if TYPE_CHECKING:
    from som_xl.case import Computation
    from som_xl.knowledge import Knowledge

TOTAL_NAMES = ("total", "i alt", "ialt", "alle")
MAX_YEARS = 200


def _known(value: str | None, find: Callable[[str], str | None], what: str) -> str:
    """The id ``find`` gives for ``value`` (an id or a Danish name); a Danish UdfError naming
    ``what`` when it is blank or unknown."""
    if not value:
        raise UdfError(f"{what} skal udfyldes")
    ident = find(value)
    if ident is None:
        raise UdfError(f"ukendt {what} '{value}'")
    return ident


def find_target_group(knowledge: Knowledge, value: str | None) -> str:
    """The id of a target group given by id or Danish name."""
    return _known(value, knowledge.find_target_group, "målgruppe")


def find_item(knowledge: Knowledge, value: str | None) -> str:
    """The id of a knowledge item given by id or Danish name."""
    return _known(value, knowledge.find_item, "vare")


def price_level(knowledge: Knowledge, year: int | None) -> int:
    """``year`` if the net price index has it; the latest index year when None."""
    years = knowledge.index_years()
    if year is None:
        return max(years)
    if year not in years:
        raise UdfError(unknown_price_year(year, years, "prisår", "prisåret").message)
    return year


def price(knowledge: Knowledge, item: str | None, actor: str | None = None, year: int | None = None) -> float:
    """Knowledge price per unit of ``item`` for ``actor``, uprated to price level ``year``.

    Parameters
    ----------
    item
        Item id or Danish name.
    actor
        ``kommune``, ``region``, ``stat`` or ``total``/``i alt`` (default: total).
    year
        Price level (a year of the net price index; default: its latest year).

    Returns
    -------
    float
        DKK per unit, net public expenditure: the price at its own price year times
        I(year) / I(price year) of the item's own index (transfers: the satsregulering),
        with the state's refusion of particularly expensive cases moved to the state.
    """
    ident = find_item(knowledge, item)
    who = (actor or "total").strip().casefold()
    if who not in ACTOR_KEYS and who not in TOTAL_NAMES:
        raise UdfError(f"ukendt aktør '{actor}'; brug {', '.join(ACTOR_KEYS)} eller i alt")
    try:
        resolved = knowledge_price(knowledge, ident, price_level(knowledge, year))
    except LookupError:
        raise UdfError(f"vidensdatabasen har ingen pris for varen '{ident}'") from None
    amounts = [float(a) for a in resolved.uprated]
    return sum(amounts) if who in TOTAL_NAMES else amounts[ACTOR_KEYS.index(who)]


def consequence(knowledge: Knowledge, target_group: str | None, item: str | None, year: int,
                outcome: str | None = None) -> float:
    """Change in the quantity of ``item`` per successful citizen ``year`` years after success.

    ``year`` 0 is the year of success. A known item without a line for the group (or a
    year beyond the profile) is 0: the knowledge expects no change.
    """
    tg = find_target_group(knowledge, target_group)
    ident = find_item(knowledge, item)
    outcomes = knowledge.outcomes(tg)
    chosen = outcomes[0].outcome if outcomes and outcome is None else (
        knowledge.find_outcome(outcome, tg) if outcome else None)
    if outcome and chosen is None:
        raise UdfError(f"ukendt succesmål '{outcome}' for målgruppen")
    for p in knowledge.consequence_profiles(tg, chosen):
        if p.item == ident:
            q = p.per_success_by_year
            return float(q[year]) if year < len(q) else 0.0
    return 0.0


def _schedule(knowledge: Knowledge, rate: float | None) -> DiscountSchedule:
    return DiscountSchedule.constant(rate) if rate is not None else knowledge.discount_schedule()


def present_value(knowledge: Knowledge, amounts: list[float], rate: float | None = None, start: int = 0) -> float:
    """Σ amounts[i] · f(start + i): the first amount falls in year index ``start``.

    ``f`` are the discount factors of a constant ``rate`` or, when None, of the
    knowledge's schedule (Finansministeriet: 3.5 % years 0–35, 2.5 % years 36–70);
    f(0) = 1, i.e. the same timing as Excel's ``=B1 + NPV(r; B2:Bn)``.
    """
    if not amounts:
        return 0.0
    n = start + len(amounts)
    if n > MAX_YEARS:
        raise UdfError(f"højst {MAX_YEARS} år (fik {n})")
    factors = _schedule(knowledge, rate).factors(n)[start:]
    return float(sum(a * f for a, f in zip(amounts, factors, strict=False)))


def break_even(knowledge: Knowledge, costs: list[float], gains_at_full_success: list[float],
               rate: float | None = None) -> float:
    """Break-even success rate: PV(costs) / PV(gains at 100 % success), both from year 0."""
    pv_gains = present_value(knowledge, gains_at_full_success, rate)
    if pv_gains <= 0:
        raise UdfError("gevinsterne ved fuld succes har ingen positiv nutidsværdi")
    return present_value(knowledge, costs, rate) / pv_gains


def knowledge_table(knowledge: Knowledge, target_group: str | None, outcome: str | None = None,
                    year: int | None = None) -> list[list[Any]]:
    """The Viden view of a target group as rows (what the Viden sheet shows)."""
    # lazy: ≈15 ms kept out of 'import som_xl.excel.udfs' (bench_import.py); the Viden view loads when asked
    from som_xl.workbook.refresh import knowledge_view_rows

    tg = find_target_group(knowledge, target_group)
    chosen = None
    if outcome:
        chosen = knowledge.find_outcome(outcome, tg)
        if chosen is None:
            raise UdfError(f"ukendt succesmål '{outcome}' for målgruppen")
    return knowledge_view_rows(knowledge, tg, chosen, price_level(knowledge, year))


# ---------------------------------------------------------------------------------
# SOM_BEREGN: the workbook reader over UDF arguments
# ---------------------------------------------------------------------------------

_ARG_NAMES = {
    L.SETTINGS.name: "indstillinger", L.COHORTS.name: "kohorter", L.COSTS.name: "omkostninger",
    L.CONSEQUENCES.name: "konsekvenser", L.LOCAL_PRICES.name: "lokale_priser", L.OWN_ITEMS.name: "egne_varer",
    L.ACTUALS.name: "faktiske",  # not an argument of SOM_BEREGN: always blank, so a plan
}


class ArgumentBackend(BackendBase):
    """Read-only backend over UDF range arguments, so the workbook reader parses them.

    Cell addresses in problems are relative to the argument: ``"omkostninger!E2"`` is
    the fifth column of the second row of the ``omkostninger`` range.
    """

    def __init__(self, ranges: dict[str, list[list[Any]]]):
        self.ranges = ranges
        self.reads = 0

    def read(self, name: str) -> RangeValues:
        self.reads += 1
        block = next(b for b in L.INPUT_BLOCKS if b.name == name)
        values = [list(r[: block.width]) + [None] * (block.width - len(r[: block.width]))
                  for r in self.ranges.get(name, [])]
        return RangeValues(values, _ARG_NAMES[name], 1, 1)

    def write(self, name: str, values) -> None:  # pragma: no cover - never called by the reader
        raise UdfError("SOM_BEREGN skriver ikke i projektmappen")


def settings_column(value: Any) -> list[list[Any]]:
    """The settings as the reader expects them: one value per field, in layout order.

    Accepts the Indsats block itself (one column, in layout order) or two columns of
    label and value, where a label is the one on the Indsats sheet ("Startår", a
    trailing " *" ignored), the case-file key ("settings.start_year") or the defined
    name ("som_startaar").
    """
    grid = [r for r in rows(value) if any(v not in (None, "") for v in r)]
    if not grid or len(grid[0]) == 1:
        return [[r[0]] for r in rows(value)]
    if len(grid[0]) != 2:
        raise UdfError("indstillinger skal være én kolonne (som på arket Indsats) eller to (navn og værdi)")
    by_label = {name.casefold(): f.key for f in L.SETTINGS_FIELDS for name in (f.label, f.key, f.name)}
    values: dict[str, Any] = {}
    for label, v in grid:
        key = by_label.get(str(label or "").strip().removesuffix("*").strip().casefold())
        if key is None:
            raise UdfError(f"ukendt indstilling '{label}'")
        values[key] = v
    return [[values.get(f.key)] for f in L.SETTINGS_FIELDS]


def key_figures_from_ranges(knowledge: Knowledge, settings, cohorts, costs, consequences=None, local_prices=None,
                            own_items=None) -> list[list[Any]]:
    """Key figures of the case the ranges describe, as a table with a header row.

    Raises :class:`UdfError` with the first problem (and how many more there are).
    """
    from som_xl.case import compute, parse_case  # lazy: as in knowledge_table
    from som_xl.workbook.reader import read_inputs

    backend = ArgumentBackend({
        L.SETTINGS.name: settings_column(settings), L.COHORTS.name: rows(cohorts), L.COSTS.name: rows(costs),
        L.CONSEQUENCES.name: rows(consequences), L.LOCAL_PRICES.name: rows(local_prices),
        L.OWN_ITEMS.name: rows(own_items),
    })
    inputs = read_inputs(backend, knowledge)
    errors = [p for p in inputs.problems if p.severity == "error"]
    try:
        if errors:
            raise InputError(errors)
        comp = compute(parse_case(inputs.data), knowledge)
    except InputError as exc:
        errs = [p for p in exc.problems if p.severity == "error"] or exc.problems
        first = errs[0]
        where = inputs.cell_of(first.location) if first.location.startswith("$") else first.location
        more = f" (+{len(errs) - 1} flere)" if len(errs) > 1 else ""
        raise UdfError(f"{where}: {first.message}{more}") from None
    return key_figure_table(comp)


def key_figures_from_file(knowledge: Knowledge, path: str) -> list[list[Any]]:
    """Key figures of the case file at ``path`` (``.json``, format som-xl-case/1)."""
    from som_xl.case import compute, parse_case, read_case_file  # lazy: as in knowledge_table

    try:
        return key_figure_table(compute(parse_case(read_case_file(path)), knowledge))
    except InputError as exc:
        raise UdfError(str(exc.problems[0])) from None
    except (SomError, OSError) as exc:
        raise UdfError(f"kan ikke læse case-filen '{path}' ({exc})") from None


def key_figure_table(comp: Computation) -> list[list[Any]]:
    """Header row, then one row per key figure: label, kommune, region, stat, i alt."""
    from som_xl.workbook.writer import key_figure_rows  # lazy: as in knowledge_table

    body = key_figure_rows(comp)
    return [["Nøgletal", *L.ACTOR_HEADERS]] + [[label, *vals] for label, vals in zip(L.KEY_FIGURE_ROWS, body,
                                                                                     strict=True)]
