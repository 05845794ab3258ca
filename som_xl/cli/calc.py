"""``som-xl calc CASE.json [--json]``: compute a case file and print the result."""

from __future__ import annotations

import json


def configure(p) -> None:
    """The ``calc`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("case", help="sagsfil i format som-xl-case/1")
    p.add_argument("--json", action="store_true", help="skriv resultaterne som JSON")
    p.add_argument("--knowledge", metavar="DIR", help="vidensdatabase (mappe); standard: den medfølgende")
    p.set_defaults(func=run)


def run(args) -> int:
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.case import load_and_compute, results_to_json
    from som_xl.knowledge import load_knowledge

    knowledge = load_knowledge(args.knowledge) if args.knowledge else None
    comp = load_and_compute(args.case, knowledge)
    if args.json:
        print(json.dumps(results_to_json(comp), ensure_ascii=False, indent=2))
    else:
        # lazy: rich (≈30 ms) only for printed output; --json skips it
        from som_xl.cli.render import print_summary

        print_summary(comp)
    return 0
