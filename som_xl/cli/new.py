"""``som-xl new NAME.xlsm|NAME.xlsx [--case CASE.json]``: a new case workbook from the template.

``.xlsm``: the macro-enabled workbook (SØM ribbon through VBA and a local Python);
``.xlsx``: the macro-free workbook for the Office add-in (Excel on the web, Mac, locked PCs).
"""


def configure(p) -> None:
    """The ``new`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("path", help="den nye projektmappe (.xlsm med makroer; .xlsx uden makroer, "
                                "til tilføjelsesprogrammet)")
    p.add_argument("--case", help="udfyld input fra en sagsfil (CASE.json)")
    p.add_argument("--force", action="store_true", help="overskriv en eksisterende fil")
    p.set_defaults(func=run)


def run(args) -> int:
    # lazy: openpyxl and the workbook room (≈0.5 s) load when the command runs, not for its --help
    from som_xl.service.workbooks import new_workbook

    path = new_workbook(args.path, case_path=args.case, force=args.force)
    print(f"Ny projektmappe: {path}")
    return 0
