"""``som-xl share WORKBOOK [-o COPY.xlsx]``: a macro-free copy to mail to colleagues."""


def configure(p) -> None:
    """The ``share`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("workbook", help="den beregnede SØM-projektmappe (.xlsm/.xlsx), der deles")
    p.add_argument("-o", "--output", help="kopien (standard: <navn>_deling.xlsx)")
    p.set_defaults(func=run)


def run(args) -> int:
    # lazy: openpyxl and the workbook room (≈0.5 s) load when the command runs, not for its --help
    from som_xl.service.workbooks import share_copy

    out = share_copy(args.workbook, args.output)
    print(f"Makrofri kopi: {out}")
    return 0
