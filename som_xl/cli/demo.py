"""``som-xl demo``: the main job on the shipped knowledge. The first example rests on
evidence (a mentor scheme for inmates, whose consequences are derived from published SØM
totals); Housing First for adults in homelessness follows as a second example. Both are
computed, the first is summarised in full, and both are written as computed workbooks."""

from __future__ import annotations

from pathlib import Path

from som_xl import fmt
from som_xl.paths import examples_dir, template_path

EXAMPLES = ("indsatte_mentor", "housing_first")
"""The demo's case files in ``examples/``: the evidence-based one first."""


def configure(p) -> None:
    """The ``demo`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("-o", "--output", metavar="DIR", default="som_demo",
                   help="mappe til de beregnede eksempel-projektmapper (standard: som_demo)")
    p.add_argument("--no-workbook", action="store_true", help="skriv ingen projektmapper")
    p.set_defaults(func=run)


def _second(comp) -> None:
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.case.sourcing import sentence

    total = comp.results.npv[-1]
    print(f"\nAndet eksempel, {comp.case.title}: nettoresultat (nutidsværdi) {fmt.kroner(total)} i alt. "
          f"Grundlag: {sentence(comp.sourcing)} Se det hele med 'som-xl calc examples/housing_first.json'.")


def run(args) -> int:
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.case import load_and_compute
    from som_xl.cli.render import print_summary

    computations = [load_and_compute(examples_dir() / f"{name}.json") for name in EXAMPLES]
    print_summary(computations[0])
    for comp in computations[1:]:
        _second(comp)
    if not args.no_workbook:
        # lazy: openpyxl and the workbook room (≈0.5 s) load when the command runs, not for its --help
        from som_xl.service.workbooks import fill_from_case

        out = Path(args.output)
        out.mkdir(parents=True, exist_ok=True)
        for name, comp in zip(EXAMPLES, computations, strict=True):
            target = out / f"{name}.xlsm"
            fill_from_case(target, comp.case, comp.knowledge, base=template_path())
            print(f"Beregnet projektmappe: {target}")
    return 0
