"""``som-xl demo``: the main job on the shipped knowledge (Housing First for adults in
homelessness): compute the example case and print the summary."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("demo", help="beregn eksemplet (Housing First for hjemløse) på den medfølgende viden")
    p.add_argument("-o", "--output", metavar="DIR", default=None,
                   help="mappe til den beregnede eksempel-projektmappe (standard: ingen)")
    p.set_defaults(func=run)


def run(args) -> int:
    from som_xl.case import load_and_compute
    from som_xl.cli.render import print_summary
    from som_xl.paths import examples_dir

    comp = load_and_compute(examples_dir() / "housing_first.json")
    print_summary(comp)
    return 0
