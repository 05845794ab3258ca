"""``som-xl build-template [PATH]``: build the workbook template from the sources."""


def register(sub) -> None:
    p = sub.add_parser("build-template", help="byg workbook_template.xlsm fra kildeteksterne (reproducerbart)")
    p.add_argument("path", nargs="?", default=None, help="hvor skabelonen skrives (standard: den i projektet)")
    p.set_defaults(func=run)


def run(args) -> int:
    from som_xl.paths import template_path
    from som_xl.workbook.build import build_template

    path = build_template(args.path or template_path())
    print(f"Skabelon skrevet: {path}")
    return 0
