"""``som-xl build-template [PATH]``: build the workbook template from the sources."""


def configure(p) -> None:
    """The ``build-template`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("path", nargs="?", default=None,
                   help="hvor skabelonen skrives (standard: projektets, kun i en kildekode-checkout)")
    p.set_defaults(func=run)


def run(args) -> int:
    from som_xl.errors import InputError, Problem
    from som_xl.paths import checkout_template_path
    from som_xl.workbook.build import build_template

    target = args.path or checkout_template_path()
    if target is None:
        raise InputError([Problem("no-target", "build-template", "angiv hvor skabelonen skal skrives (fx "
                                  "'som-xl build-template min_skabelon.xlsm'); den installerede pakkes skabelon "
                                  "overskrives aldrig.")])
    path = build_template(target)
    print(f"Skabelon skrevet: {path}")
    return 0
