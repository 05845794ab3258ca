"""``som-xl experience benchmark MÅLGRUPPE [--outcome ID] [--server URL] [--json]``: what
other organisations assumed as success rate for a target group, and what they realised at
follow-up (registered by :mod:`som_xl.cli.experience`).

The figures are :mod:`som_xl.experience.benchmark`'s, from the local database by default
or the site (``--server`` or the configured one), where the site computes them; ``--json``
prints the JSON API's answer.
"""

from __future__ import annotations

import argparse
import json

from som_xl import fmt


def register(cmds, remote: argparse.ArgumentParser) -> None:
    p = cmds.add_parser("benchmark", parents=[remote],
                        help="andre kommuners antagne og realiserede succesrater for en målgruppe")
    p.add_argument("target_group", metavar="MÅLGRUPPE",
                   help="målgruppens id eller navn i vidensdatabasen, fx hjemloese_voksne")
    p.add_argument("--outcome", metavar="SUCCESMÅL", help="kun dette succesmål (id eller navn)")
    p.add_argument("--json", action="store_true", help="skriv tallene som JSON (samme form som API'et)")
    p.set_defaults(func=run_benchmark)


def _ids(args) -> tuple[str, str | None, object]:
    """The ids of what the user typed (an id or a Danish name), and the catalogue."""
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience.benchmark import Catalogue
    from som_xl.knowledge import load_knowledge

    knowledge = load_knowledge()
    group = knowledge.find_target_group(args.target_group) or args.target_group.strip()
    outcome = None
    if args.outcome:
        outcome = knowledge.find_outcome(args.outcome, group) or args.outcome.strip()
    return group, outcome, Catalogue.from_knowledge(knowledge)


def text(b, catalogue, where: str) -> str:
    """The figures as Danish text: counts, one line per figure, the reason when withheld."""
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience import QUALITY_NOTE
    from som_xl.experience.benchmark import FIGURE_HEADERS, figure_rows

    def counted(calculations: int, organisations: int) -> str:
        return (f"{fmt.count(calculations, 'beregning', 'beregninger')} fra "
                f"{fmt.count(organisations, 'organisation', 'organisationer')}")

    lines = [f"Andre kommuner: {catalogue.name(b.target_group)} ({b.target_group}), "
             f"{catalogue.outcome_name(b.target_group, b.outcome)} – {where}",
             f"{counted(b.calculations, b.organisations)}; fulgt op: "
             f"{counted(b.realised_calculations, b.realised_organisations)} (kun offentliggjorte; hver "
             "organisation tæller én gang)."]
    rows = figure_rows(b)
    width = max(len(label) for label, _ in rows)
    lines.append(" " * width + " " + " ".join(f"{h:>14}" for h in FIGURE_HEADERS))
    for label, cells in rows:
        shown = " ".join(f"{c:>14}" for c in cells) if cells else "vises ikke"
        lines.append(f"{label:<{width}} {shown}")
    if b.withheld_reason:
        lines.append(f"Tallene vises ikke: {b.withheld_reason}.")
    elif b.realised_withheld_reason:
        lines.append(f"Realiserede tal vises ikke: {b.realised_withheld_reason}.")
    lines.append(QUALITY_NOTE)
    return "\n".join(lines)


def run_benchmark(args) -> int:
    # lazy: sqlalchemy and the experience database (≈0.4 s) load when the command runs
    from som_xl.experience.remote import open_experience

    group, outcome, catalogue = _ids(args)
    with open_experience(args.db, args.server) as db:  # a site when given or configured, else local
        b = db.benchmark(group, outcome, catalogue=catalogue)
        where = db.where
    if args.json:
        print(json.dumps(b.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(text(b, catalogue, where))
    return 0
