"""``som-xl follow-up CASE|WORKBOOK``: a calculation followed with what actually happened.

Reads the case's ``actuals`` (or the workbook's Opfølgning sheet), prints the realised
success rate, planned against actual figures per past year, and the re-forecast beside
the plan, in Danish; ``--json`` gives the same as ``calc --json``'s ``follow_up`` plus
the odds. The logic is :mod:`som_xl.followup`.
"""

from __future__ import annotations

import json

from som_xl.cli.sources import load_knowledge_arg


def configure(p) -> None:
    """The ``follow-up`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("source", metavar="SAG", help="sagsfil (.json) eller SØM-projektmappe (.xlsm) med faktiske tal")
    p.add_argument("--draws", type=int, default=10_000, metavar="N", help="Monte Carlo-træk (standard 10.000)")
    p.add_argument("--seed", type=int, metavar="S",
                   help="startværdi for tilfældige tal (standard: den faste, som arket Følsomhed bruger)")
    p.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    p.add_argument("--knowledge", metavar="DIR", help="vidensdatabase (mappe); standard: den medfølgende")
    p.set_defaults(func=run)


def run(args) -> int:
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.service.cases import follow_up
    from som_xl.uncertainty import MonteCarloSettings

    settings = (MonteCarloSettings(draws=args.draws) if args.seed is None
                else MonteCarloSettings(draws=args.draws, seed=args.seed))
    comp, result = follow_up(args.source, load_knowledge_arg(args.knowledge), settings)
    if args.json:
        # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
        from som_xl.case.jsonout import follow_up_json

        print(json.dumps({"title": comp.case.title, **follow_up_json(result)}, ensure_ascii=False, indent=2))
    else:
        # lazy: rich (≈30 ms) only for printed output; --json skips it
        from som_xl.cli.follow_up_render import print_follow_up

        print_follow_up(comp, result)
    return 0
