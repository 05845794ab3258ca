"""``som-xl knowledge``: validate, show and compare knowledge packages.

* ``som-xl knowledge validate [DIR] [--json]``: every problem with file, row and column;
  exit 0 when there are no errors (warnings allowed), 2 otherwise.
* ``som-xl knowledge show [--target-group ID] [--knowledge DIR] [--json]``: target groups
  and items with prices; with a target group its outcomes, effects and consequence lines.
* ``som-xl knowledge diff OLD NEW [--json]``: prices and consequence lines that changed.
* ``som-xl knowledge sources [--knowledge DIR] [--json]``: every source with its kind
  (primary/secondary), the price years of its figures and the rows that use it.
"""

from __future__ import annotations

import json
from dataclasses import asdict

EXIT_OK, EXIT_INPUT = 0, 2


def configure(p) -> None:
    """The ``knowledge`` subcommand's arguments on ``p`` (its parser, made by :mod:`som_xl.cli.main`)."""
    ksub = p.add_subparsers(dest="knowledge_command", metavar="HANDLING")
    v = ksub.add_parser("validate", help="valider en vidensdatabase (mappe med datapackage.json)")
    v.add_argument("dir", nargs="?", help="mappen; standard: den medfølgende eller $SOM_XL_KNOWLEDGE")
    v.add_argument("--json", action="store_true", help="skriv problemerne som JSON")
    v.set_defaults(func=run_validate)
    s = ksub.add_parser("show", help="vis målgrupper, varer og priser")
    s.add_argument("--target-group", metavar="ID", help="vis succesmål, effekter og konsekvenslinjer for målgruppen")
    s.add_argument("--knowledge", metavar="DIR", help="vidensdatabase (mappe); standard: den medfølgende")
    s.add_argument("--json", action="store_true", help="skriv som JSON")
    s.set_defaults(func=run_show)
    so = ksub.add_parser("sources", help="vis alle kilder: art (primær/sekundær), prisår og hvad der bruger dem")
    so.add_argument("--knowledge", metavar="DIR", help="vidensdatabase (mappe); standard: den medfølgende")
    so.add_argument("--json", action="store_true", help="skriv som JSON")
    so.set_defaults(func=run_sources)
    d = ksub.add_parser("diff", help="vis ændrede priser og konsekvenslinjer mellem to vidensdatabaser")
    d.add_argument("old", help="den gamle vidensdatabase (mappe)")
    d.add_argument("new", help="den nye vidensdatabase (mappe)")
    d.add_argument("--json", action="store_true", help="skriv ændringerne som JSON")
    d.set_defaults(func=run_diff)
    p.set_defaults(func=lambda args: (p.print_help(), EXIT_INPUT)[1])


def _kr(x: float) -> str:
    """Danish number format: 1.234,56."""
    return f"{x:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _console():
    from rich.console import Console

    return Console(highlight=False)


def _table(title: str, columns: list[str], rows: list[list[str]]):
    from rich.table import Table

    t = Table(title=title, title_justify="left", show_lines=False)
    for c in columns:
        t.add_column(c)
    for r in rows:
        t.add_row(*r)
    return t


def run_validate(args) -> int:
    from som_xl.knowledge import validate_package
    from som_xl.paths import default_knowledge_dir

    path = args.dir or default_knowledge_dir()
    problems = validate_package(path)
    errors = [p for p in problems if p.severity == "error"]
    if args.json:
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for p in problems:
            print(f"  - {p}")
        warnings = len(problems) - len(errors)
        if errors:
            print(f"Vidensdatabasen {path} er ikke gyldig: {len(errors)} fejl, {warnings} advarsler.")
        else:
            print(f"Vidensdatabasen {path} er gyldig ({warnings} advarsler).")
    return EXIT_INPUT if errors else EXIT_OK


def show_data(k, target_group: str | None = None) -> dict:
    """What ``knowledge show`` prints, as JSON-ready data."""
    out: dict = {"name": k.name, "version": k.version, "title": k.title, "content_hash": k.content_hash,
                 "path": str(k.path)}
    if target_group is None:
        out["target_groups"] = [asdict(t) for t in k.target_groups()]
        prices = {p.item: p for p in k.prices()}
        out["items"] = [{**asdict(i), "price": prices[i.item].as_dict() if i.item in prices else None}
                        for i in k.items()]
        return out
    out["target_group"] = asdict(k.target_group(target_group))
    out["outcomes"] = [asdict(o) for o in k.outcomes(target_group)]
    out["effects"] = [asdict(e) for e in k.effects(target_group)]
    out["consequences"] = [{**asdict(p), "per_success_by_year": list(p.per_success_by_year)}
                           for p in k.consequence_profiles(target_group)]
    return out


def run_show(args) -> int:
    from som_xl.core.entities import ACTORS
    from som_xl.knowledge import load_knowledge

    k = load_knowledge(args.knowledge)
    data = show_data(k, args.target_group)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    con = _console()
    con.print(f"{k.title} – {k.name} {k.version} ({k.path})")
    con.print("Rækker med kvalitet 'illustrativ' er projektets antagelser, IKKE SØM's officielle tal.")
    if args.target_group is None:
        con.print(_table("Målgrupper", ["id", "navn", "kvalitet"],
                         [[t.target_group, t.name_da, t.quality] for t in k.target_groups()]))
        rows = []
        for i in k.items():
            p = k.price(i.item) if i.item in {x.item for x in k.prices()} else None
            amounts = [_kr(a) for a in p.amounts] if p else [""] * len(ACTORS)
            rows.append([i.item, i.name_da, i.unit_da, i.area, *amounts,
                         str(p.price_year) if p else "", p.quality if p else i.quality])
        con.print(_table("Varer og priser (kr. pr. enhed i prisåret)",
                         ["id", "navn", "enhed", "område", *(a.key for a in ACTORS), "prisår", "kvalitet"], rows))
        return EXIT_OK
    tg = k.target_group(args.target_group)
    con.print(f"Målgruppe: {tg.name_da} ({tg.target_group}) – {tg.description_da}")
    con.print(_table("Succesmål", ["id", "succesmål", "kvalitet"],
                     [[o.outcome, o.name_da, o.quality] for o in k.outcomes(tg.target_group)]))
    con.print(_table("Effekter ('niveau': udfaldsniveau uden kontrolgruppe, ikke en nettoeffekt)",
                     ["id", "indsats", "type", "succesrate", "lav–høj", "evidens", "undersøgelse", "kvalitet"],
                     [[e.effect_id, e.intervention_da, e.effect_type, f"{e.success_rate:.1%}",
                       f"{e.low if e.low is not None else '?'}–{e.high if e.high is not None else '?'}",
                       str(e.evidence_level), e.study, e.quality] for e in k.effects(tg.target_group)]))
    lines = []
    for prof in k.consequence_profiles(tg.target_group):
        item = k.item(prof.item)
        lines.append([prof.outcome, item.name_da, item.unit_da,
                      " ".join(f"{q:g}".replace(".", ",") for q in prof.per_success_by_year), prof.quality])
    con.print(_table("Konsekvenser pr. succesfuld borger (år 0, 1, 2 … efter succesåret)",
                     ["succesmål", "vare", "enhed", "mængde pr. år", "kvalitet"], lines))
    return EXIT_OK


def run_diff(args) -> int:
    from som_xl.knowledge import diff_packages, load_knowledge

    old, new = load_knowledge(args.old), load_knowledge(args.new)
    changes = diff_packages(old, new)
    if args.json:
        print(json.dumps([c.as_dict() for c in changes], ensure_ascii=False, indent=2))
        return EXIT_OK
    con = _console()
    con.print(f"Fra {old.name} {old.version} til {new.name} {new.version}: {len(changes)} ændringer.")
    if old.version == new.version and changes:
        con.print("Advarsel: indholdet er ændret, men versionsnummeret er det samme; hæv 'version'.")
    labels = {"price": "pris", "consequence": "konsekvens", "effect": "effekt", "index": "indeks",
              "added": "tilføjet", "removed": "fjernet", "changed": "ændret"}
    if changes:
        con.print(_table("Ændringer", ["hvad", "nøgle", "ændring", "før", "efter"],
                         [[labels[c.kind], c.key, labels[c.change], c.old, c.new] for c in changes]))
    return EXIT_OK


def run_sources(args) -> int:
    from rich.console import Console

    from som_xl.knowledge import load_knowledge
    from som_xl.knowledge.source_usage import KINDS_DA, source_usage, uses_text, years_text

    k = load_knowledge(args.knowledge)  # refuses a broken package with Danish messages
    usage = source_usage(k.path)
    if args.json:
        print(json.dumps([u.as_dict() for u in usage], ensure_ascii=False, indent=2))
        return EXIT_OK
    con = Console(highlight=False, width=80)  # readable in an 80-column terminal or a mail
    con.print(f"Kilder i {k.name} {k.version} ({len(usage)} kilder)")
    con.print("Primær: myndighed, statistik, lovtekst eller fagfællebedømt studie. Sekundær: nyhed, "
              "udbyder eller gengivelse. Rækker markeret 'illustrativ' bygger ikke på kilden alene.")
    from rich.table import Table

    table = Table(show_lines=True, pad_edge=False)
    table.add_column("Kilde", ratio=3, overflow="fold")
    table.add_column("Art", width=9)
    table.add_column("Prisår", width=10, overflow="fold")
    table.add_column("Bruges af", ratio=4, overflow="fold")
    for u in usage:
        table.add_row(f"[bold]{u.source_id}[/bold]\n{u.title} ({u.publisher})", KINDS_DA.get(u.kind, u.kind),
                      years_text(u.price_years),
                      uses_text(u.uses) + (" (kun illustrative rækker)" if u.qualities == {"illustrativ"} else ""))
    con.print(table)
    return EXIT_OK
