"""The Følsomhed sheet: read its ranges, run the uncertainty analysis, write the results.

One read (the settings column) and seven writes, whatever the case's size. The
analysis itself is :func:`som_xl.uncertainty.analyse_computation`; this module only
translates between cells and its settings and results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from som_xl import fmt
from som_xl.case.text import NO_COSTS, NOT_IN_HORIZON
from som_xl.core.entities import TOTAL_INDEX
from som_xl.errors import InputError, Problem
from som_xl.uncertainty import Adjustments, MonteCarloSettings, SensitivitySettings, SuccessRange, analyse_computation
from som_xl.uncertainty.distributions import SHAPE_LABEL
from som_xl.workbook import layout as L
from som_xl.workbook.backend import Backend
from som_xl.workbook.cells import convert, is_blank
from som_xl.workbook.writer import show_used_rows, write_output

if TYPE_CHECKING:
    from som_xl.case import Computation
    from som_xl.uncertainty import UncertaintyReport

_SHAPES = {"pert": "pert", "trekant": "triangular", "triangular": "triangular"}


def read_settings(backend: Backend) -> tuple[dict[str, Any], list[Problem]]:
    """The sheet's settings (defaults for blank cells) and the problems found."""
    rng = backend.read(L.SENSITIVITY.name)
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for i, f in enumerate(L.SENSITIVITY_FIELDS):
        raw = rng.values[i][0] if i < len(rng.values) else None
        where = rng.address(i, 0)
        if is_blank(raw):
            values[f.key] = f.default
            continue
        kind = L.TEXT if f.kind == L.LIST else f.kind
        v = convert(raw, kind, where, f.label, problems)
        if v is None:
            values[f.key] = f.default
            continue
        if f.key == "success_shape":
            if v.strip().lower() not in _SHAPES:
                problems.append(Problem("not-allowed", where, f"{f.label} skal være 'pert' eller 'trekant' "
                                                              f"(fik {fmt.value(v)})."))
                v = f.default
        if f.kind == L.PERCENT and not 0 <= v <= 1:
            problems.append(Problem("out-of-range", where, f"{f.label} skal være mellem 0 % og 100 % "
                                                           f"(fik {fmt.percent(v)})."))
            v = f.default
        elif f.key in _LIMITS and not _LIMITS[f.key][0] <= v <= _LIMITS[f.key][1]:
            lo, hi = _LIMITS[f.key]
            problems.append(Problem("out-of-range", where, f"{f.label} skal være mellem {fmt.value(lo)} og "
                                                           f"{fmt.value(hi)} (fik {fmt.value(v)})."))
            v = f.default
        values[f.key] = v
    problems += _draws_cap(backend, rng, values)
    return values, problems


def _draws_cap(backend: Backend, rng, values: dict[str, Any]) -> list[Problem]:
    """A server's cap on the Monte Carlo draws (``backend.max_draws``, set by the add-in's
    request backend; none on the desktop): above it the cap is used, and the user is told."""
    limit = backend.max_draws
    if limit is None or values["draws"] <= limit:
        return []
    i = next(i for i, f in enumerate(L.SENSITIVITY_FIELDS) if f.key == "draws")
    asked, values["draws"] = values["draws"], limit
    return [Problem("server-limit", rng.address(i, 0),
                    f"{L.SENSITIVITY_FIELDS[i].label} er {fmt.number(asked)}, men serveren regner højst "
                    f"{fmt.number(limit)} træk pr. beregning, så der er regnet med {fmt.number(limit)} træk. "
                    "Flere træk: brug projektmappen med Python (.xlsm) eller som-xl sensitivity.", "warning")]


# Bounds of the numeric settings (percentages are 0–100 %); outside them the analysis
# would be meaningless or overflow (a factor of 1e20 makes every NPV infinite).
_LIMITS = {
    "years_short": (1, 70), "years_long": (1, 70), "draws": (0, 1_000_000), "seed": (0, 2**63 - 1),
    "cost_low": (0, 1), "cost_high": (1, 100), "price_low": (0, 1), "price_high": (1, 100),
}


def settings_objects(v: dict[str, Any]):
    """The uncertainty settings for the sheet's values, and whether Monte Carlo runs."""
    sens = SensitivitySettings(
        success=SuccessRange(relative=v["success_relative"]),
        cost_relative=v["cost_relative"], price_relative=v["price_relative"],
        consequence_years=tuple(sorted({int(v["years_short"]), int(v["years_long"])})),
        discount_rates=(v["rate_1"], v["rate_2"], v["rate_3"]),
    )
    mc = MonteCarloSettings(
        draws=max(1, int(v["draws"])), seed=int(v["seed"]),
        success=SuccessRange(relative=v["success_relative"]),
        success_shape=_SHAPES[str(v["success_shape"]).strip().lower()],
        cost_range=(v["cost_low"], v["cost_high"]), price_range=(v["price_low"], v["price_high"]),
    )
    adj = Adjustments(evidence_haircut=str(v["haircut"]).strip().casefold() == L.YES.casefold(),
                      deadweight=v["deadweight"], drop_off=v["drop_off"])
    return sens, mc, adj, int(v["draws"]) > 0


def clear(backend: Backend) -> None:
    for block in L.SENSITIVITY_OUTPUTS:
        write_output(backend, block, [])
    _show_monte_carlo_rows(backend, 0)


def _show_monte_carlo_rows(backend: Backend, used: int) -> None:
    """The histogram and the break-even years share their rows: hide the rows both leave empty."""
    for block in (L.MC_HISTOGRAM, L.MC_BREAK_EVEN):
        show_used_rows(backend, block, used)


def run_and_write(backend: Backend, comp: Computation, settings: tuple[dict[str, Any], list[Problem]] | None = None
                  ) -> tuple[UncertaintyReport | None, list[Problem]]:
    """Analyse ``comp`` with the sheet's settings and write the results.

    ``settings``: what :func:`read_settings` returned, if the caller read them already.
    Returns the report (None when the settings were invalid) and the problems, which
    name the Følsomhed cells; the main results stand either way.
    """
    values, problems = settings or read_settings(backend)
    problems = list(problems)
    if any(p.severity == "error" for p in problems):
        clear(backend)
        return None, problems
    sens, mc, adj, run_mc = settings_objects(values)
    try:
        report = analyse_computation(comp, sensitivity=sens, monte_carlo_settings=mc, adjustments=adj,
                                     run_monte_carlo=run_mc)
    except InputError as exc:
        clear(backend)
        first = backend.read(L.SENSITIVITY.name).address(0, 0)  # the settings' cells, for the user
        return None, problems + [Problem(p.type, first, f"{p.location}: {p.message}", p.severity)
                                 for p in exc.problems]
    write_report(backend, report)
    return report, problems


def write_report(backend: Backend, report) -> None:
    write_output(backend, L.SENS_BREAK_EVEN, [[b.sentence] for b in report.break_even])
    write_output(backend, L.SENS_NOTES, [[n] for n in report.notes] or [["Ingen justeringer er slået til."]])
    rows = []
    for row in report.tornado.rows:
        rows.append([row.factor, row.low.variation.label, row.high.variation.label,
                     *map(float, row.low.npv), *map(float, row.high.npv), float(row.swing[TOTAL_INDEX])])
    write_output(backend, L.TORNADO, rows)
    mc = report.monte_carlo
    if mc is None:
        for block in (L.MC_SUMMARY, L.MC_DISTRIBUTIONS, L.MC_HISTOGRAM, L.MC_BREAK_EVEN):
            write_output(backend, block, [])
        _show_monte_carlo_rows(backend, 0)
        return
    p = mc.percentiles
    write_output(backend, L.MC_SUMMARY, [
        ["Sandsynlighed for nutidsværdi ≥ 0", *map(float, mc.probability_positive)],
        ["Middel", *map(float, mc.mean)],
        ["P10", *map(float, p[10])],
        ["P50 (median)", *map(float, p[50])],
        ["P90", *map(float, p[90])],
        [f"{fmt.number(mc.draws)} træk, seed {mc.seed}", None, None, None, None],
    ])
    write_output(backend, L.MC_DISTRIBUTIONS, [[d.name, SHAPE_LABEL.get(d.shape, d.shape), d.low, d.mode, d.high,
                                                d.mean] for d in mc.distributions])
    edges, counts = mc.histogram_edges, mc.histogram_counts
    histogram = [[float(edges[i]), float(edges[i + 1]), int(counts[i])] for i in range(len(counts))]
    write_output(backend, L.MC_HISTOGRAM, histogram)
    total = mc.break_even_counts[TOTAL_INDEX]
    years = comp_years(report)
    be_rows = [[str(y), int(c), float(c) / mc.draws] for y, c in zip(years, total[:-1], strict=True) if c]
    none = NO_COSTS if mc.no_net_costs and mc.no_net_costs[TOTAL_INDEX] else NOT_IN_HORIZON
    be_rows.append([none, int(total[-1]), float(total[-1]) / mc.draws])
    write_output(backend, L.MC_BREAK_EVEN, be_rows)
    _show_monte_carlo_rows(backend, max(len(histogram), len(be_rows)))


def comp_years(report) -> list[int]:
    return np.asarray(report.results.years).tolist()
