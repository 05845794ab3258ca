"""``som-xl refresh FILE.xlsm …``: 'Opdatér viden' and Beregn without Excel.

A workbook filled in by hand (or on a machine without Excel) gets the chosen target
group's consequence lines, the drop-down lists and the Viden view, exactly as the
ribbon's 'Opdatér viden' gives them, and is then recalculated; edited and own lines
are kept. ``som-xl recalc --refresh`` does the same.
"""

from __future__ import annotations

import argparse

from som_xl.cli.recalc import recalc_all


def configure(p: argparse.ArgumentParser) -> None:
    """The ``refresh`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("paths", nargs="+", metavar="FILE.xlsm", help="en eller flere SØM-projektmapper")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return recalc_all(args.paths, refresh=True)
