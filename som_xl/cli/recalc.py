"""``som-xl recalc FILE.xlsm … [--refresh]``: recalculate workbooks headless (no Excel needed)."""
import sys

from som_xl import fmt
from som_xl.errors import InputError


def configure(p) -> None:
    """The ``recalc`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("paths", nargs="+", metavar="FILE.xlsm", help="en eller flere SØM-projektmapper")
    p.add_argument("--refresh", action="store_true",
                   help="opdatér viden først (som knappen 'Opdatér viden'): målgruppens konsekvenslinjer, lister")
    p.set_defaults(func=run)


def run(args) -> int:
    return recalc_all(args.paths, refresh=args.refresh)


def recalc_all(paths: list[str], refresh: bool = False) -> int:
    """Recalculate (after refreshing the knowledge, with ``refresh``) each workbook; print
    what happened to each and a summary line. Exit code 2 if any failed."""
    # lazy: rich, openpyxl and the workbook room (≈0.5 s) load when the command runs, not for its --help
    from rich.progress import track

    from som_xl.core.entities import TOTAL_INDEX
    from som_xl.knowledge import load_knowledge
    from som_xl.service.workbooks import recalc_file, refresh_file

    knowledge = load_knowledge()
    computed = failed = 0
    # a progress bar in a terminal only: a pipe or a file gets the result lines and nothing else
    iterator = (track(paths, description="Genberegner …", transient=True) if len(paths) > 1 and sys.stdout.isatty()
                else paths)
    for path in iterator:
        try:
            if refresh:
                refreshed, outcome = refresh_file(path, knowledge)
                # the ribbon's summary asks for Beregn; here the recalculation follows at once
                print(f"{path}: {refreshed[0].message.split(' Tryk ')[0]}")
            else:
                outcome = recalc_file(path, knowledge)
        except InputError as exc:
            failed += 1
            print(f"{path}: ikke beregnet:")
            for p in exc.problems:
                print(f"  - {p}")
            continue
        if outcome.computation is not None:
            total = outcome.computation.results.npv[TOTAL_INDEX]
            print(f"{path}: beregnet; samlet nettoresultat {fmt.kroner(total)}")
            computed += 1
        else:
            failed += 1
            print(f"{path}: ikke beregnet – fejl i input (resultaterne er ryddet, input er urørt):")
        for p in outcome.problems:
            print(f"  - {p}")
    print(f"{computed} beregnet, {failed} med fejl.")
    return 2 if failed else 0
