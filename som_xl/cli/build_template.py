"""``som-xl build-template [PATH]``: build the workbook template from the sources."""


def configure(p) -> None:
    """The ``build-template`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("path", nargs="?", default=None,
                   help="hvor skabelonen skrives (standard: projektets, kun i en kildekode-checkout)")
    p.set_defaults(func=run)


def run(args) -> int:
    # lazy: openpyxl and the workbook room (≈0.5 s) load when the command runs, not for its --help
    from som_xl.service.workbooks import build_template

    path = build_template(args.path)
    print(f"Skabelon skrevet: {path}")
    return 0
