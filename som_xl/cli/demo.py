"""``som-xl demo``: the main job on the shipped knowledge (Housing First for adults in
homelessness): compute the example case, print the summary, and write it as a computed
workbook."""

from __future__ import annotations

from pathlib import Path


def configure(p) -> None:
    """The ``demo`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("-o", "--output", metavar="DIR", default="som_demo",
                   help="mappe til den beregnede eksempel-projektmappe (standard: som_demo)")
    p.add_argument("--no-workbook", action="store_true", help="skriv ingen projektmappe")
    p.set_defaults(func=run)


def run(args) -> int:
    from som_xl.case import load_and_compute
    from som_xl.cli.render import print_summary
    from som_xl.paths import examples_dir

    case_path = examples_dir() / "housing_first.json"
    comp = load_and_compute(case_path)
    print_summary(comp)
    if not args.no_workbook:
        from som_xl.paths import template_path
        from som_xl.workbook.files import fill_from_case

        out = Path(args.output)
        out.mkdir(parents=True, exist_ok=True)
        target = out / "housing_first.xlsm"
        fill_from_case(target, comp.case, comp.knowledge, base=template_path())
        print(f"Beregnet projektmappe: {target}")
    return 0
