"""``som-xl recalc FILE.xlsm …``: recalculate workbooks headless (no Excel needed)."""


def configure(p) -> None:
    """The ``recalc`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("paths", nargs="+", metavar="FILE.xlsm")
    p.set_defaults(func=run)


def run(args) -> int:
    from rich.progress import track

    from som_xl.core.entities import TOTAL_INDEX
    from som_xl.errors import InputError
    from som_xl.knowledge import load_knowledge
    from som_xl.workbook.recalc import recalc_file

    knowledge = load_knowledge()
    failed = 0
    paths = args.paths
    iterator = track(paths, description="Genberegner …", transient=True) if len(paths) > 1 else paths
    for path in iterator:
        try:
            outcome = recalc_file(path, knowledge)
        except InputError as exc:
            failed += 1
            print(f"{path}: kunne ikke åbnes:")
            for p in exc.problems:
                print(f"  - {p}")
            continue
        if outcome.computation is not None:
            total = outcome.computation.results.npv[TOTAL_INDEX]
            from som_xl import fmt

            print(f"{path}: beregnet; samlet nettoresultat {fmt.kroner(total)}")
        else:
            failed += 1
            print(f"{path}: ikke beregnet – fejl i input (resultaterne er ryddet, input er urørt):")
        for p in outcome.problems:
            print(f"  - {p}")
    return 2 if failed else 0
