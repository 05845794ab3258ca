"""``som-xl experience ...``: share and find calculations and experience between municipalities.

Subcommands: ``add``, ``search``, ``show``, ``export``, ``import``, ``set-status``,
``where``, ``benchmark`` (andre kommuners succesrater), and for the web site ``serve``,
``users add`` and ``token create``. Each opens
the erfaringsdatabase given by ``--db`` (a SQLite file path or a database URL), else
``$SOM_XL_EXPERIENCE_DB``, else the per-user default file. ``add``, ``search``, ``show``,
``set-status`` and ``where`` talk to a site instead with ``--server URL`` (or
``$SOM_XL_EXPERIENCE_SERVER`` / the user's config; token in ``$SOM_XL_EXPERIENCE_TOKEN``).
"""

from __future__ import annotations

import argparse
import json
import sys

from som_xl.cli import experience_benchmark, experience_server
from som_xl.cli.arguments import DanishParser, whole_number
from som_xl.vocabulary.actor_types import SHARING_ACTOR_TYPES
from som_xl.vocabulary.materials import MATERIAL_TYPES
from som_xl.vocabulary.review import REVIEW_STATUSES

SERVER_HELP = ("brug erfaringsdatabasen på en server (fx https://erfaring.example.dk) i stedet for "
               "en lokal database; token i $SOM_XL_EXPERIENCE_TOKEN")
DB_HELP = ("erfaringsdatabasen: sti til en SQLite-fil eller en URL som "
           "postgresql://bruger@vært/database; standard: $SOM_XL_EXPERIENCE_DB, ellers en fil "
           "i din brugermappe (se 'som-xl experience where')")


def configure(p) -> None:
    """The ``experience`` subcommands on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    common = DanishParser(add_help=False)  # its options under the Danish heading 'tilvalg'
    common.add_argument("--db", metavar="URL", help=DB_HELP)
    remote = DanishParser(add_help=False, parents=[common])
    remote.add_argument("--server", metavar="URL", help=SERVER_HELP)
    p.set_defaults(func=lambda args: _help(p))
    cmds = p.add_subparsers(dest="experience_command", metavar="HANDLING")
    _add_parser(cmds, remote)
    _search_parser(cmds, remote)

    show = cmds.add_parser("show", parents=[remote], help="vis én post")
    show.add_argument("id", help="postens nummer eller uid")
    show.add_argument("--json", action="store_true", help="skriv posten (med sagsfil) som JSON")
    show.set_defaults(func=run_show)

    export = cmds.add_parser("export", parents=[common],
                             help="eksportér poster til en JSON-fil, der kan importeres andetsteds")
    export.add_argument("-o", "--output", metavar="FILE", help="fil at skrive (standard: skærmen)")
    export.add_argument("--id", action="append", dest="ids", metavar="ID",
                        help="kun denne post (kan gentages); standard: alle")
    export.set_defaults(func=run_export)

    imp = cmds.add_parser("import", parents=[common],
                          help="importér en eksportfil; poster, der allerede findes, springes over")
    imp.add_argument("file", metavar="FILE", help="eksportfil (JSON)")
    imp.set_defaults(func=run_import)


    status = cmds.add_parser("set-status", parents=[remote], help="sæt en posts status")
    status.add_argument("id", help="postens nummer eller uid")
    status.add_argument("status", help="status: " + ", ".join(REVIEW_STATUSES))
    status.add_argument("--reason", help="begrundelse (skal udfyldes ved afvist på en server)")
    status.set_defaults(func=run_set_status)

    where = cmds.add_parser("where", parents=[remote], help="vis hvilken database der bruges")
    where.set_defaults(func=run_where)


    experience_benchmark.register(cmds, remote)
    experience_server.register(cmds, common)


def _vocabulary_options(parser: argparse.ArgumentParser) -> None:
    """``--material-type`` and ``--actor-type``, their allowed codes in the help."""
    parser.add_argument("--material-type", help="materialetype: " + ", ".join(MATERIAL_TYPES))
    parser.add_argument("--actor-type", help="aktørtype: " + ", ".join(SHARING_ACTOR_TYPES))


def _add_parser(cmds, common: argparse.ArgumentParser) -> None:
    add = cmds.add_parser("add", parents=[common], help="del en beregning eller en erfaring")
    add.add_argument("--title", help="titel, fx 'Housing First i Aarhus'")
    add.add_argument("--summary", help="kort beskrivelse af indsatsen, resultatet eller erfaringen")
    add.add_argument("--target-group", help="målgruppe: id fra vidensdatabasen eller fri tekst")
    _vocabulary_options(add)
    add.add_argument("--actor-name", help="aktørens navn, fx 'Aarhus Kommune'")
    add.add_argument("--contact", help="kontaktperson (navn og/eller e-mail)")
    add.add_argument("--year", help="årstal for beregningen eller erfaringen")
    add.add_argument("--case", metavar="CASE.json", help="vedhæft en sagsfil (som-xl-case/1); "
                     "titel, målgruppe m.m. hentes fra den, hvis de ikke er angivet")
    add.add_argument("--from-json", metavar="RECORD.json",
                     help="læs postens felter fra en JSON-fil (angivne flag går forud)")
    add.add_argument("--json", action="store_true", help="skriv den gemte post som JSON")
    add.set_defaults(func=run_add)


def _search_parser(cmds, common: argparse.ArgumentParser) -> None:
    search = cmds.add_parser("search", parents=[common], help="søg i erfaringsdatabasen")
    search.add_argument("text", nargs="?", help="fritekst; bøjninger findes også (bolig/boligerne)")
    search.add_argument("--target-group", help="målgruppe (del af teksten er nok)")
    _vocabulary_options(search)
    search.add_argument("--year", help="årstal")
    search.add_argument("--limit", type=whole_number, default=50, help="højst så mange poster (standard 50)")
    search.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    search.set_defaults(func=run_search)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _warn(problems) -> None:
    for problem in problems:
        print(f"Advarsel: {problem.location}: {problem.message}", file=sys.stderr)


def run_add(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience import fields_from_case_file, format_record
    from som_xl.experience.files import read_record_file

    record: dict = {}
    warnings: list = []
    if args.case:
        # The case only fills in what the user did not give (file or flags).
        case_fields, warnings = fields_from_case_file(args.case)
        record.update(case_fields)
    if args.from_json:
        record.update(read_record_file(args.from_json))
    flags = {"title": args.title, "summary": args.summary, "target_group": args.target_group,
             "material_type": args.material_type, "actor_type": args.actor_type,
             "actor_name": args.actor_name, "contact": args.contact, "year": args.year}
    record.update({k: v for k, v in flags.items() if v is not None})
    with _open(args) as db:
        stored = db.add(record)
    _warn(warnings)
    if args.json:
        _print_json(stored.as_dict(include_case=False))
    else:
        print(f"Gemt som post {stored.id} i {db.where}.")
        print(format_record(stored))
    return 0


def run_search(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience import format_hits

    with _open(args) as db:
        hits = db.search(args.text, target_group=args.target_group,
                         material_type=args.material_type, actor_type=args.actor_type,
                         year=args.year, limit=args.limit)
    if args.json:
        _print_json([h.as_dict(include_case=False) for h in hits])
    else:
        print(format_hits(hits))
    return 0


def run_show(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience import format_record

    with _open(args) as db:
        record = db.require(args.id)
    if args.json:
        _print_json(record.as_dict())
    else:
        print(format_record(record))
    return 0


def run_export(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience import open_db
    from som_xl.experience.files import dumps, export_document, write_atomic

    with open_db(args.db) as db:
        records = db.export(args.ids)
    text = dumps(export_document(records))
    if args.output:
        path = write_atomic(args.output, text)
        noun = "post" if len(records) == 1 else "poster"
        print(f"Eksporterede {len(records)} {noun} til {path}. Ikke kvalitetssikret.")
    else:
        sys.stdout.write(text)
    return 0


def run_import(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience import open_db
    from som_xl.experience.files import read_import_file

    records = read_import_file(args.file)
    with open_db(args.db) as db:
        result = db.import_records(records)
        url = db.url
    kept = (f" {result.kept_published} offentliggjorte poster er ikke ændret (det gør kun redaktionen)."
            if result.kept_published else "")
    print(f"Importerede {args.file} til {url}: {result.added} nye, {result.updated} opdaterede, "
          f"{result.unchanged} fandtes allerede.{kept}")
    return 0


def run_set_status(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience.remote import RemoteExperience

    with _open(args) as db:
        if isinstance(db, RemoteExperience):
            record = db.set_status(args.id, args.status, args.reason)  # the server keeps the reason
        else:
            record = db.set_status(args.id, args.status)
    print(f"Post {record.id} har nu status: {record.review_status_label}.")
    return 0


def run_where(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience.remote import config_path

    with _open(args) as db:
        print(f"Erfaringsdatabase: {db.where} ({db.count()} poster, som du kan se)")
    print(f"Indstillinger (server og token): {config_path()}")
    return 0


def _open(args):
    """The server (``--server`` or configured) or the local database (``--db``)."""
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience.remote import open_experience

    return open_experience(args.db, getattr(args, "server", None))
