"""``som-xl sensitivity CASE.json [--draws N] [--seed S] [--json]``: the uncertainty of a case.

Prints the break-even sentences, the tornado (one-at-a-time sensitivity) and a Monte
Carlo summary in Danish, or the same results as JSON with ``--json``. Adjustments
(evidence haircut, deadweight, drop-off) are off unless asked for, and are always
reported when on.
"""

from __future__ import annotations

import json

from som_xl import fmt
from som_xl.case import compute, parse_case, read_case_file
from som_xl.case.text import NO_COSTS, NOT_IN_HORIZON
from som_xl.cli.arguments import decimal_number, whole_number
from som_xl.core.entities import ACTORS_WITH_TOTAL, TOTAL_INDEX
from som_xl.knowledge import load_knowledge
from som_xl.uncertainty import (
    DEFAULT_SEED,
    Adjustments,
    MonteCarloSettings,
    UncertaintyReport,
    analyse_computation,
)

ACTOR_HEADERS = tuple(a.label for a in ACTORS_WITH_TOTAL)


def configure(p) -> None:
    """The ``sensitivity`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("case", help="sagsfil i format som-xl-case/1")
    p.add_argument("--draws", type=whole_number, default=10_000, metavar="N",
                   help="antal Monte Carlo-træk (standard 10.000)")
    p.add_argument("--seed", type=whole_number, default=DEFAULT_SEED, metavar="S",
                   help=f"startværdi for tilfældige tal (standard {DEFAULT_SEED}); samme værdi giver samme resultat")
    p.add_argument("--json", action="store_true", help="skriv resultaterne som JSON")
    p.add_argument("--knowledge", metavar="DIR", help="vidensdatabase (mappe); standard: den medfølgende")
    p.add_argument("--haircut", action="store_true",
                   help="træk succesraten ned efter evidensniveau (1: 0 %%, 2: 25 %%, 3: 50 %%)")
    p.add_argument("--deadweight", type=decimal_number, default=0.0, metavar="ANDEL",
                   help="dødvægt som andel af succeserne, fx 0.1 (standard 0 = fra)")
    p.add_argument("--drop-off", type=decimal_number, default=0.0, metavar="ANDEL",
                   help="årligt frafald af effekten, fx 0.05 (standard 0 = fra)")
    p.set_defaults(func=run)


def load_computation(path: str, knowledge_dir: str | None = None):
    """Read, validate and compute the case file (the case layer's contract)."""
    knowledge = None
    if knowledge_dir:
        knowledge = load_knowledge(knowledge_dir)
    return compute(parse_case(read_case_file(path)), knowledge)


def run(args) -> int:
    comp = load_computation(args.case, args.knowledge)
    report = analyse_computation(
        comp,
        monte_carlo_settings=MonteCarloSettings(draws=args.draws, seed=args.seed),
        adjustments=Adjustments(evidence_haircut=args.haircut, deadweight=args.deadweight,
                                drop_off=args.drop_off),
    )
    if args.json:
        out = {"title": getattr(comp.case, "title", ""), **report.as_dict()}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print_report(report, getattr(comp.case, "title", ""))
    return 0


def print_report(report: UncertaintyReport, title: str = "", stream=None) -> None:
    """The Danish text report: adjustments, break-even, tornado, scenarios, Monte Carlo."""
    # lazy: rich (≈30 ms) only for printed output; --json skips it
    from som_xl.cli.render import console, styled

    c = console(stream)
    if title:
        c.print(f"Følsomhed: {title}", style="bold")
    c.print(f"Succesrate i beregningen: {fmt.percent(report.results.success_rate)} · "
            f"nettoresultat i alt: {fmt.kroner(report.results.npv[TOTAL_INDEX])} (nutidsværdi)")
    for note in report.notes:
        c.print(styled(("Justering", "yellow"), f" {note}"))
    if report.notes:
        c.print(f"Uden justeringer: {fmt.kroner(report.unadjusted_npv[TOTAL_INDEX])} i alt.")
    c.print()
    c.print("Hvor stor skal succesraten være?", style="bold")
    for b in report.break_even:
        c.print(f"  • {b.sentence}")
    c.print()
    c.print(tornado_table(report))
    c.print(scenario_table(report))
    if report.monte_carlo is not None:
        print_monte_carlo(c, report)


def tornado_table(report: UncertaintyReport):
    # lazy: rich (≈30 ms) only for printed output; --json skips it
    from som_xl.cli.render import number_columns, table, text_column

    t = report.tornado
    out = table("Følsomhedsanalyse: nettoresultat i alt (nutidsværdi, kr.), største udsving først")
    text_column(out, "Faktor")
    text_column(out, "Lav og høj ende")
    number_columns(out, "Nutidsværdi", "Udsving")
    for row in t.rows:  # two rows per factor, so that the table fits an 80-column terminal
        out.add_row(row.factor, row.low.variation.label, fmt.number(row.low.npv[TOTAL_INDEX]),
                    fmt.number(row.swing[TOTAL_INDEX]))
        out.add_row("", row.high.variation.label, fmt.number(row.high.npv[TOTAL_INDEX]), "", end_section=True)
    out.caption = (f"Grundberegning: {fmt.number(t.base_npv[TOTAL_INDEX])} kr. Succesrate lav/høj: "
                   f"{fmt.percent(t.success_low)} / {fmt.percent(t.success_high)} ({t.success_source}).")
    return out


def scenario_table(report: UncertaintyReport):
    # lazy: rich (≈30 ms) only for printed output; --json skips it
    from som_xl.cli.render import number_columns, table, text_column

    out = table("Scenarier: nettoresultat pr. aktør (nutidsværdi, kr.)")
    text_column(out, "Scenarie")
    number_columns(out, *ACTOR_HEADERS)
    out.add_row("Grundberegning", *(fmt.number(v) for v in report.tornado.base_npv), style="bold")
    for sc in report.tornado.scenarios:
        out.add_row(sc.variation.label, *(fmt.number(v) for v in sc.npv))
    return out


def print_monte_carlo(c, report: UncertaintyReport) -> None:
    # lazy: rich (≈30 ms) only for printed output; --json skips it
    from som_xl.cli.render import number_columns, table, text_column

    mc = report.monte_carlo
    if mc is None:
        return
    out = table(f"Monte Carlo: {fmt.number(mc.draws)} træk, startværdi {mc.seed}")
    text_column(out)
    number_columns(out, *ACTOR_HEADERS)
    out.add_row("Sandsynlighed for nettoresultat ≥ 0", *(fmt.percent(v) for v in mc.probability_positive),
                  style="bold")
    out.add_row("Gennemsnit", *(fmt.number(v) for v in mc.mean))
    labels = {10: "P10 (10 % er lavere)", 50: "P50 (median)", 90: "P90 (10 % er højere)"}
    for k, v in mc.percentiles.items():
        out.add_row(labels[k], *(fmt.number(x) for x in v))
    out.add_row("Uden usikkerhed", *(fmt.number(v) for v in mc.base_npv))
    c.print(out)
    c.print("Fordelinger (lav – mest sandsynlig – høj), trukket uafhængigt af hinanden:")
    for d in mc.distributions:
        c.print(f"  • {d.describe()}")
    c.print(f"  ({mc.success_source}; omkostningsfaktoren gælder alle omkostningslinjer, også sparede.)")
    counts = mc.break_even_counts[TOTAL_INDEX]
    parts = [f"{y}: {fmt.percent(n / mc.draws)}" for y, n in zip(mc.years.tolist(), counts[:-1], strict=True) if n]
    none = NO_COSTS if mc.no_net_costs and mc.no_net_costs[TOTAL_INDEX] else NOT_IN_HORIZON
    parts.append(f"{none}: {fmt.percent(counts[-1] / mc.draws)}")
    c.print("Break-even-år, i alt: " + " · ".join(parts))
