"""How much of a knowledge package is sourced: rows by class, per table.

A row is ``illustrative`` (quality ``illustrativ``), or ``primary`` / ``secondary`` by the
kind of its source (a ``kilde`` row whose source does not say counts as secondary). Only
tables of figures count: prices, price changes, consequences, effects, indexes, refusion
rules and discount rates (target groups, outcomes and items are definitions).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from som_xl.knowledge.rawpackage import read_raw_package

DEFINITIONS = ("sources", "target_groups", "outcomes", "items")
COVERAGE_CLASSES = ("primary", "secondary", "illustrative")


def row_coverage(path: str | Path) -> dict[str, Counter]:
    """Table name → Counter of row classes, for every table of figures in the package at ``path``."""
    pkg = read_raw_package(path)
    kinds = {r.get("source_id"): r.get("source_kind") for r in pkg.tables["sources"].rows}
    out: dict[str, Counter] = {}
    for name, table in pkg.tables.items():
        if name in DEFINITIONS or "quality" not in table.columns:
            continue
        counts: Counter = Counter({c: 0 for c in COVERAGE_CLASSES})
        for r in table.rows:
            if r.get("quality") == "illustrativ":
                counts["illustrative"] += 1
            else:
                counts["primary" if kinds.get(r.get("source")) == "primary" else "secondary"] += 1
        out[name] = counts
    return out


def total_coverage(path: str | Path) -> Counter:
    """All tables of figures together."""
    total: Counter = Counter({c: 0 for c in COVERAGE_CLASSES})
    for counts in row_coverage(path).values():
        total.update(counts)
    return total
