"""``som-xl portfolio CASE|WORKBOOK …``: several interventions side by side, combined per
year, and (with ``--budget``) the best set within a budget; Danish tables or ``--json``.

The pure logic is :mod:`som_xl.portfolio`; this module reads, computes and prints.
"""

from __future__ import annotations

import json
import re

from som_xl.cli.sources import load_computation, load_knowledge_arg
from som_xl.errors import InputError, Problem

BUDGET_HELP = ("budget i kr.: budgetaktørens nettoudgift (omkostninger minus gevinster, ikke diskonteret, "
               "i porteføljens prisniveau) summeret over budgetårene og over de valgte indsatser må højst "
               "være dette beløb; der vælges præcist det sæt, der giver den største nutidsværdi")


def configure(p) -> None:
    """The ``portfolio`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("sources", nargs="+", metavar="SAG", help="sagsfiler (.json) eller SØM-projektmapper (.xlsm)")
    p.add_argument("--budget", metavar="BELØB", help=BUDGET_HELP)
    p.add_argument("--budget-actor", default="kommune", metavar="AKTØR",
                   help="hvis budget: kommune (standard), region, stat eller total")
    p.add_argument("--budget-years", metavar="ÅR-ÅR",
                   help="budgetårene, fx 2026-2029 (standard: det første startår og de tre følgende år)")
    p.add_argument("--objective", default="total", metavar="AKTØR",
                   help="hvis nutidsværdi der skal være størst: total (standard), kommune, region eller stat")
    p.add_argument("--price-year", type=int, metavar="ÅR", help="fælles prisniveau (standard: det seneste af sagernes)")
    p.add_argument("--draws", type=int, default=10_000, metavar="N",
                   help="Monte Carlo-træk pr. indsats (standard 10.000)")
    p.add_argument("--seed", type=int, metavar="S",
                   help="startværdi for tilfældige tal (standard: den faste, som arket Følsomhed bruger)")
    p.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    p.add_argument("-o", "--output", metavar="FIL",
                   help="skriv også porteføljen som projektmappe (.xlsx, med diagrammer) eller som resumé på "
                        "én side (.pdf, kræver LibreOffice, eller .md)")
    p.add_argument("--knowledge", metavar="DIR", help="vidensdatabase (mappe); standard: den medfølgende")
    p.set_defaults(func=run)


def parse_amount(text: str, where: str = "--budget") -> float:
    """A Danish or plain amount: ``1.500.000``, ``1500000``, ``2,5`` or ``1.5e6`` → float.

    >>> parse_amount("1.500.000 kr."), parse_amount("2,5"), parse_amount("1.5e6")
    (1500000.0, 2.5, 1500000.0)
    """
    t = text.strip().lower().removesuffix("kr.").removesuffix("kr").strip().replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", t) or re.fullmatch(r"-?\d+,\d+", t):
        t = t.replace(".", "").replace(",", ".")
    try:
        return float(t)
    except ValueError:
        raise InputError([Problem("not-a-number", where, f"skal være et beløb i kroner, fx 1.500.000 "
                                                         f"(fik '{text}').")]) from None


def parse_years(text: str, where: str = "--budget-years") -> tuple[int, ...]:
    """``"2026-2029"`` → (2026, 2027, 2028, 2029); ``"2026"`` → (2026,)."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", text)
    if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
        raise InputError([Problem("bad-years", where, f"skal være et år eller et interval som 2026-2029 "
                                                      f"(fik '{text}').")])
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    return tuple(range(first, last + 1))


def intervention_of(comp, draws: int, seed: int | None):
    """The portfolio's view of one computation, with the seeded Monte Carlo's odds."""
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.case.sourcing import sentence
    from som_xl.portfolio import Intervention
    from som_xl.uncertainty import MonteCarloSettings, monte_carlo

    k, case = comp.knowledge, comp.case
    recorded = (case.provenance or {}).get("knowledge") or {}
    settings = MonteCarloSettings(draws=draws) if seed is None else MonteCarloSettings(draws=draws, seed=seed)
    mc = monte_carlo(comp.case_input, settings, case.effect.low, case.effect.high)
    return Intervention.from_results(
        comp.results, title=case.title, owner=case.owner.name, price_year=case.settings.price_year,
        knowledge=f"{k.name} {k.version}",
        recorded_knowledge=" ".join(str(recorded[f]) for f in ("name", "version") if recorded.get(f)),
        probability_positive=mc.probability_positive, sourcing=sentence(comp.sourcing),
        illustrative_share=comp.sourcing.gains_share_illustrative)


def build(args):
    """Read and compute every source; combine; choose if a budget is given.
    Returns (portfolio, choice or None, budget year)."""
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.portfolio import BudgetRule, choose, combine

    knowledge = load_knowledge_arg(args.knowledge)
    problems, items = [], []
    for source in args.sources:
        try:
            items.append(intervention_of(load_computation(source, knowledge), args.draws, args.seed))
        except InputError as exc:  # report every file's problems, named by file
            problems += [Problem(p.type, f"{source}: {p.location}", p.message, p.severity) for p in exc.problems]
    if problems:
        raise InputError(problems)
    portfolio = combine(items, knowledge.index_factor, args.price_year)
    years = parse_years(args.budget_years) if args.budget_years else ()
    choice = None
    if args.budget is not None:
        rule = BudgetRule(parse_amount(args.budget), args.budget_actor, years)
        choice = choose(portfolio, rule, args.objective)
    return portfolio, choice, years[0] if years else None


def run(args) -> int:
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.portfolio import portfolio_json

    portfolio, choice, budget_year = build(args)
    if args.output:
        # lazy: openpyxl and the workbook room (≈0.5 s) load when the command runs, not for its --help
        from som_xl.service.portfolio import save_portfolio

        knowledge = portfolio.interventions[0].knowledge
        save_portfolio(args.output, portfolio, choice, budget_year, knowledge)
    if args.json:
        # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
        from som_xl.case.text import break_even_year_reasons

        out = portfolio_json(portfolio, choice, budget_year)
        items: list[dict] = out["interventions"]  # type: ignore[assignment]
        for item, i in zip(items, portfolio.interventions, strict=True):
            item["break_even_year_reason"] = break_even_year_reasons(i.break_even_year, i.no_net_costs)
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        # lazy: rich (≈30 ms) only for printed output; --json skips it
        from som_xl.cli.portfolio_render import print_portfolio

        print_portfolio(portfolio, choice, budget_year)
        if args.output:
            print(f"Portefølje skrevet: {args.output}")
    return 0
