"""``som-xl case export|import``: case files (format 1) to and from workbooks."""


def configure(p) -> None:
    """The ``case`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    cs = p.add_subparsers(dest="case_command", metavar="HANDLING", required=True)
    e = cs.add_parser("export", help="skriv en projektmappes input som sagsfil")
    e.add_argument("workbook", help="SØM-projektmappen (.xlsm/.xlsx), hvis input skrives ud")
    e.add_argument("-o", "--output", required=True, help="sagsfilen der skrives (CASE.json)")
    e.set_defaults(func=run_export)
    i = cs.add_parser("import", help="udfyld en projektmappe fra en sagsfil og beregn den")
    i.add_argument("case", help="sagsfilen (.json, format som-xl-case/1), der udfylder projektmappen")
    i.add_argument("workbook", help="projektmappen (.xlsm, eller .xlsx uden makroer); findes den ikke, laves den "
                                    "ud fra skabelonen")
    i.set_defaults(func=run_import)


def run_export(args) -> int:
    # lazy: openpyxl and the workbook room (≈0.5 s) load when the command runs, not for its --help
    from som_xl.service.workbooks import export_case

    export_case(args.workbook, args.output)
    print(f"Sagsfil skrevet: {args.output}")
    return 0


def run_import(args) -> int:
    # lazy: openpyxl and the workbook room (≈0.5 s) load when the command runs, not for its --help
    from som_xl.service.workbooks import import_case

    import_case(args.case, args.workbook)
    print(f"Projektmappe udfyldt og beregnet: {args.workbook}")
    return 0
