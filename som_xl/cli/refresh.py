"""``som-xl refresh FILE.xlsm …``: 'Opdatér viden' and Beregn without Excel.

A workbook filled in by hand (or on a machine without Excel) gets the chosen target
group's consequence lines, the drop-down lists and the Viden view, exactly as the
ribbon's 'Opdatér viden' gives them, and is then recalculated; edited and own lines
are kept. ``som-xl recalc --refresh`` does the same.
"""


def register(sub) -> None:
    p = sub.add_parser("refresh", help="opdatér viden (konsekvenslinjer, lister, Viden) og genberegn uden Excel")
    p.add_argument("paths", nargs="+", metavar="FILE.xlsm", help="en eller flere SØM-projektmapper")
    p.set_defaults(func=run)


def run(args) -> int:
    from som_xl.cli.recalc import recalc_all

    return recalc_all(args.paths, refresh=True)
