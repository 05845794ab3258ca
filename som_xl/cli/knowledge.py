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

from som_xl import fmt
from som_xl.knowledge.source_usage import source_usage, uses_text, years_text
from som_xl.paths import default_knowledge_dir
from som_xl.vocabulary.qualities import Quality
from som_xl.vocabulary.sources import SOURCE_KIND_LABELS

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


def _console():
    """The terminal's width (80 when it is not a terminal); long lines wrap at words, nothing
    is cut short, and no text from the package is read as markup."""
    # lazy: rich (≈30 ms) only for printed output; --json skips it
    from som_xl.cli.render import console

    return console(width=None, soft_wrap=False)


def _entry(con, head, *details: str) -> None:
    """One entry: a head line, and its details indented below it (wrapped at words)."""
    # lazy: rich (≈30 ms) only for printed output; --json skips it
    from rich.padding import Padding

    con.print(head)
    for d in details:
        con.print(Padding(d, (0, 0, 0, 2), expand=False))


def _heading(con, text: str) -> None:
    con.print()
    con.print(text, style="bold")


def run_validate(args) -> int:
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.knowledge import validate_package

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
    out["derivations"] = [derivation_data(k, d.derivation) for d in k.derivations(target_group)]
    return out


def derivation_data(k, derivation: str) -> dict:
    """A derivation recomputed, as JSON-ready data: its figures, rule, parts and checks."""
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.knowledge.derivation import derivation_report

    r = derivation_report(k, derivation)
    checks = ((r.total_check,) if r.total_check else ()) + r.checks
    return {**asdict(r.derivation),
            "parts": [{**asdict(pr.part), "per_year": list(pr.per_year)} for pr in r.parts],
            "pv_total": r.pv_total, "pv_by_actor": {a: r.pv_actor(a) for a in ("kommune", "region", "stat")},
            "checks": [{"check": c.check.check, "measure": c.check.measure, "published": c.check.published,
                        "computed": c.computed, "difference": c.difference, "tolerance": c.check.tolerance,
                        "ok": c.ok, "note_da": c.check.note_da} for c in checks],
            "lines_match_rule": not r.mismatched}


_BASIS_DA = {"share": "andel af totalen", "quantity": "mængde i alt", "baseline": "grundforbrug om året"}


def _derivation_lines(data: dict) -> list[str]:
    """The parts, the arithmetic and the checks of a derivation, one line each."""
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.knowledge.derivation import figure

    out = []
    for part in data["parts"]:
        reduction = part["reduction_share"]
        share = "" if reduction is None else f" × reduktionsandel {fmt.number(reduction, 2)}"
        span = f"år {part['year_from']}–{part['year_to']}"
        out.append(f"{part['item']}: {_BASIS_DA.get(part['basis'], part['basis'])} {figure(part['value'])}{share} "
                   f"→ {figure(part['per_year'][part['year_from']])} om året i {span}")
    by_actor = data["pv_by_actor"]
    out.append(f"Regnestykke: linjerne giver {fmt.kroner(-data['pv_total'])} i besparelse (kommune "
               f"{fmt.kroner(-by_actor['kommune'])}, region {fmt.kroner(-by_actor['region'])}, stat "
               f"{fmt.kroner(-by_actor['stat'])})" + ("" if data["lines_match_rule"] else "; linjerne er IKKE reglens"))
    for c in data["checks"]:
        out.append(f"Kontrol ({'ok' if c['ok'] else 'AFVIGER'}): {c['check']}: linjerne {figure(c['computed'])}, "
                   f"kilden {figure(c['published'])} ({fmt.percent(c['difference'])}; højst "
                   f"{fmt.percent(c['tolerance'])})")
    return out


def _print_derivation(con, k, data: dict) -> None:
    src = k.find_source(data["source"])
    kind = "offentliggjort total" if data["kind"] == "total" else "grundforbrug × reduktionsandel"
    details = [f"Kilde: {src.text if src else data['source']}"]
    if data["published_total"] is not None:
        details.append(f"Offentliggjort: {fmt.kroner(data['published_total'])} pr. succes (prisniveau "
                       f"{data['price_year']}, diskonteringsrente {fmt.percent(data['discount_rate'])})")
    details += [f"Regel: {data['rule_da']}"] + _derivation_lines(data)
    if data["note_da"]:
        details.append(f"Note: {data['note_da']}")
    _entry(con, f"{data['derivation']} · {data['outcome']} ({kind})", *details)


def run_show(args) -> int:
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
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
        _heading(con, "Målgrupper")
        for t in k.target_groups():
            _entry(con, f"{t.target_group} – {t.name_da} ({t.quality})")
        _heading(con, "Varer og priser (kr. pr. enhed i prisåret)")
        priced = {x.item for x in k.prices()}
        for i in k.items():
            p = k.price(i.item) if i.item in priced else None
            where = f"{i.unit_da}, {i.area}"
            price = (f"{where}, prisår {p.price_year}, {p.quality}: "
                     + " · ".join(f"{a.key} {fmt.number(v, 2)}" for a, v in zip(ACTORS, p.amounts, strict=True))
                     + " kr.") if p else f"{where}, {i.quality}: ingen pris i pakken"
            _entry(con, f"{i.item} – {i.name_da}", price)
        return EXIT_OK
    tg = k.target_group(args.target_group)
    con.print(f"Målgruppe: {tg.name_da} ({tg.target_group}) – {tg.description_da}")
    if tg.evidence_da:
        con.print(f"Evidens: {tg.evidence_da}")
    _heading(con, "Succesmål")
    for o in k.outcomes(tg.target_group):
        _entry(con, f"{o.outcome} – {o.name_da} ({o.quality})")
    _heading(con, "Effekter ('niveau': udfaldsniveau uden kontrolgruppe, ikke en nettoeffekt)")
    for e in k.effects(tg.target_group):
        span = f"{fmt.percent(e.low)}–{fmt.percent(e.high)}" if e.low is not None and e.high is not None else "ukendt"
        _entry(con, f"{e.effect_id} ({e.effect_type}) – {e.intervention_da}",
               f"succesrate {fmt.percent(e.success_rate)} (lav–høj {span}), evidensniveau {e.evidence_level}, "
               f"{e.quality}.", f"Undersøgelse: {e.study}")
    _heading(con, "Konsekvenser pr. succesfuld borger (år 0, 1, 2 … efter succesåret)")
    for prof in k.consequence_profiles(tg.target_group):
        item = k.item(prof.item)
        _entry(con, f"{prof.outcome} · {item.name_da} ({item.unit_da}, {prof.quality})",
               "pr. år: " + " ".join(fmt.number(q, 2 if q != int(q) else 0) for q in prof.per_success_by_year))
    if data["derivations"]:
        _heading(con, "Afledninger: hvordan de afledte linjer er regnet ud fra offentliggjorte tal")
        for d in data["derivations"]:
            _print_derivation(con, k, d)
    return EXIT_OK


def run_diff(args) -> int:
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.knowledge import diff_packages, load_knowledge

    old, new = load_knowledge(args.old), load_knowledge(args.new)
    changes = diff_packages(old, new)
    if args.json:
        print(json.dumps([c.as_dict() for c in changes], ensure_ascii=False, indent=2))
        return EXIT_OK
    con = _console()
    con.print(f"Fra {old.name} {old.version} til {new.name} {new.version}: "
              f"{fmt.count(len(changes), 'ændring', 'ændringer')}.")
    if old.version == new.version and changes:
        con.print("Advarsel: indholdet er ændret, men versionsnummeret er det samme; hæv 'version'.")
    labels = {"price": "pris", "consequence": "konsekvens", "effect": "effekt", "index": "indeks",
              "added": "tilføjet", "removed": "fjernet", "changed": "ændret"}
    for c in changes:
        before_after = f"{c.old or '–'} → {c.new or '–'}"
        _entry(con, f"{labels[c.kind]} {c.key}: {labels[c.change]}", before_after)
    return EXIT_OK


def run_sources(args) -> int:
    # lazy: numpy and the model (≈0.2 s) load when the command runs, not for its --help
    from som_xl.cli.render import styled
    from som_xl.knowledge import load_knowledge

    k = load_knowledge(args.knowledge)  # refuses a broken package with Danish messages
    usage = source_usage(k.path)
    if args.json:
        print(json.dumps([u.as_dict() for u in usage], ensure_ascii=False, indent=2))
        return EXIT_OK
    con = _console()
    con.print(f"Kilder i {k.name} {k.version} ({len(usage)} kilder)")
    con.print("Primær: myndighed, statistik, lovtekst eller fagfællebedømt studie. Sekundær: nyhed, "
              "udbyder eller gengivelse. Rækker markeret 'illustrativ' bygger ikke på kilden alene.")
    for u in usage:
        # One entry per source, its id whole on its own line (ids are long; a table column split them).
        con.print()
        only = " (kun illustrative rækker)" if u.qualities == {Quality.ILLUSTRATIVE} else ""
        _entry(con, styled((u.source_id, "bold"), f" – {SOURCE_KIND_LABELS.get(u.kind, u.kind)}"),
               f"{u.title} ({u.publisher})", f"Prisår: {years_text(u.price_years)}",
               f"Bruges af: {uses_text(u.uses)}{only}")
    return EXIT_OK
