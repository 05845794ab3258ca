"""``som-xl report CASE.json|WORKBOOK -o OPLAEG.pdf [--format pdf|md]``: the decision report.

A case file is computed directly for Markdown, and in a temporary workbook made from the
template for the PDF; a workbook is recalculated in memory (the file itself is never
changed). The PDF holds only the Oplæg sheet (A4, at most two pages), rendered by
LibreOffice headless; ``--format md`` writes the same text as Markdown for a committee
document.
"""

from __future__ import annotations

from pathlib import Path


def configure(p) -> None:
    """The ``report`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    p.add_argument("source", help="sagsfil (.json) eller SØM-projektmappe (.xlsm/.xlsx)")
    p.add_argument("-o", "--output", help="oplægget (standard: <navn>_oplaeg.pdf eller .md i den aktuelle mappe)")
    p.add_argument("--format", choices=("pdf", "md"),
                   help="pdf (standard; kræver LibreOffice) eller md (Markdown); standard efter -o's endelse")
    p.add_argument("--knowledge", metavar="DIR", help="vidensdatabase (mappe); standard: den medfølgende")
    p.set_defaults(func=run)


def output_and_format(source: str, output: str | None, fmt: str | None) -> tuple[Path, str]:
    """The output path and format: ``--format`` wins, else ``-o``'s suffix, else PDF."""
    if fmt is None:
        fmt = "md" if output and Path(output).suffix.lower() in (".md", ".markdown") else "pdf"
    if output is None:  # in the current folder: beside the source only when -o says so
        output = f"{Path(source).stem}_oplaeg.{fmt}"
    return Path(output), fmt


def run(args) -> int:
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.service.reports import make_report

    knowledge = None
    if args.knowledge:
        # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
        from som_xl.knowledge import load_knowledge

        knowledge = load_knowledge(args.knowledge)
    output, fmt = output_and_format(args.source, args.output, args.format)
    doc = make_report(args.source, output, fmt=fmt, knowledge=knowledge)
    print(doc.section("kort").paragraphs[0])
    print(f"Beslutningsoplæg ({fmt}): {output}")
    return 0
