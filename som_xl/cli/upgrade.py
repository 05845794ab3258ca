"""``som-xl upgrade OLD.xlsm [-o NEW.xlsm]``: a workbook from an older template into the current one.

A workbook made with an earlier som_xl lacks the output blocks later versions added, so
Beregn and ``recalc`` stop with a message that points here. The inputs are carried into a
new workbook from the current template and computed; the old file is only read.
"""

from __future__ import annotations

import argparse

from som_xl import fmt


def configure(p: argparse.ArgumentParser) -> None:
    """The ``upgrade`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("path", metavar="GAMMEL.xlsm", help="projektmappen lavet med en ældre udgave af skabelonen "
                                                       "(den ændres ikke)")
    p.add_argument("-o", "--output", metavar="NY.xlsm",
                   help="den nye projektmappe (standard: 'NAVN (opgraderet).xlsm' ved siden af den gamle)")
    p.add_argument("--force", action="store_true", help="overskriv den nye fil, hvis den findes")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # lazy: openpyxl and the workbook room (≈0.5 s) load when the command runs, not for its --help
    from som_xl.core.entities import TOTAL_INDEX
    from som_xl.service.workbooks import upgrade_workbook

    target, outcome, notes = upgrade_workbook(args.path, args.output, force=args.force)
    print(f"Ny projektmappe: {target} (input fra {args.path}; den gamle fil er ikke ændret).")
    if outcome.computation is not None:
        print(f"Beregnet med den nuværende viden: samlet nettoresultat "
              f"{fmt.full_stop(fmt.kroner(outcome.computation.results.npv[TOTAL_INDEX]))}")
    for p in notes + outcome.problems:
        print(f"  - {p}")
    print("Kun input i skabelonens inputområder er flyttet med; egne noter, ekstra ark og formatering "
          "uden for dem er ikke med. Sammenlign med den gamle fil, før du bruger den nye.")
    return 0
