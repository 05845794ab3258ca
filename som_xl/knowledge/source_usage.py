"""Every source of a package with its kind, the price years of its figures and the rows
that use it (``som-xl knowledge sources``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from som_xl.knowledge.rawpackage import RawPackage, int_or_none, read_raw_package

TABLES_DA = {
    "target_groups": "målgrupper", "outcomes": "succesmål", "effects": "effekter", "items": "varer",
    "prices": "priser", "price_changes": "prisændringer", "consequences": "konsekvenser",
    "net_price_index": "nettoprisindeks", "satsregulering": "satsregulering", "refusion_rules": "refusionsregler",
    "discount_rates": "diskonteringsrenter",
}
_KEYS = {"target_groups": "target_group", "outcomes": "outcome", "effects": "effect_id", "items": "item",
         "prices": "item", "price_changes": "item", "consequences": "item", "net_price_index": "year",
         "satsregulering": "year", "refusion_rules": "valid_from", "discount_rates": "schedule"}


@dataclass
class SourceUsage:
    source_id: str
    title: str
    publisher: str
    kind: str
    reference: str
    """The URL, else the document reference."""
    price_years: set[int] = field(default_factory=set)
    uses: dict[str, list[str]] = field(default_factory=dict)
    """Danish table name → the keys of the rows that use the source (items, years …), in order."""
    qualities: set[str] = field(default_factory=set)

    def as_dict(self) -> dict:
        return {"source_id": self.source_id, "title": self.title, "publisher": self.publisher, "kind": self.kind,
                "reference": self.reference, "price_years": sorted(self.price_years),
                "uses": {k: list(v) for k, v in self.uses.items()}, "qualities": sorted(self.qualities)}


def usage_of(pkg: RawPackage) -> list[SourceUsage]:
    """One :class:`SourceUsage` per source, in the order of ``sources.csv``."""
    out = {}
    for r in pkg.tables["sources"].rows:
        out[r.get("source_id")] = SourceUsage(r.get("source_id"), r.get("title"), r.get("publisher"),
                                              r.get("source_kind"), r.get("url") or r.get("document"))
    for name, table in pkg.tables.items():
        if "source" not in table.columns:
            continue
        key = _KEYS.get(name, table.columns[0])
        for r in table.rows:
            u = out.get(r.get("source"))
            if u is None:
                continue
            used = u.uses.setdefault(TABLES_DA.get(name, name), [])
            if r.get(key) not in used:
                used.append(r.get(key))
            u.qualities.add(r.get("quality"))
            for column in ("price_year", "level_year"):
                if int_or_none(r.get(column)) is not None:
                    u.price_years.add(int(r.get(column)))
            if name in ("net_price_index", "satsregulering") and int_or_none(r.get("year")) is not None:
                u.price_years.add(int(r.get("year")))
    return list(out.values())


def source_usage(path: str | Path) -> list[SourceUsage]:
    """:func:`usage_of` for the package at ``path``."""
    return usage_of(read_raw_package(path))


def years_text(years: set[int]) -> str:
    """``{2015, 2016, 2017, 2023}`` → ``"2015–2017, 2023"``; empty → ``"–"``."""
    if not years:
        return "–"
    ordered, runs = sorted(years), []
    start = prev = ordered[0]
    for y in ordered[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        runs.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(runs)


def uses_text(uses: dict[str, list[str]], limit: int = 6) -> str:
    """``{"priser": ["faengsel", "varetaegt"]}`` → ``"priser: faengsel, varetaegt"`` (long lists shortened)."""
    parts = []
    for table, keys in uses.items():
        shown = ", ".join(keys[:limit]) + (f" og {len(keys) - limit} til" if len(keys) > limit else "")
        parts.append(f"{table}: {shown}")
    return "; ".join(parts) or "bruges ikke"
