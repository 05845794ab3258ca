"""How much of a knowledge package is sourced: rows by class, per table.

A row is ``illustrative`` (quality ``illustrativ``), ``derived`` (quality ``afledt``), or
``primary`` / ``secondary`` by the kind of its source (a ``kilde`` row whose source does not
say counts as secondary): :func:`som_xl.vocabulary.qualities.quality_class`. Only tables of
figures count: prices, price changes, consequences, effects, indexes, refusion rules,
discount rates and the derivations' parts and checks (target groups, outcomes, items and
the derivations themselves are definitions).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from som_xl.knowledge.rawpackage import read_raw_package
from som_xl.vocabulary.qualities import FigureClass, quality_class

DEFINITIONS = ("sources", "target_groups", "outcomes", "items", "derivations")
COVERAGE_CLASSES = tuple(c.value for c in reversed(FigureClass) if c is not FigureClass.OWN)
"""The classes a package's row can have, strongest first (a package has no municipality's own figures)."""


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
            counts[quality_class(r.get("quality"), kinds.get(r.get("source"), ""))] += 1
        out[name] = counts
    return out


def total_coverage(path: str | Path) -> Counter:
    """All tables of figures together."""
    total: Counter = Counter({c: 0 for c in COVERAGE_CLASSES})
    for counts in row_coverage(path).values():
        total.update(counts)
    return total
