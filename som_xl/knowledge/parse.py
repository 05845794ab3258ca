"""Typed records from the raw rows of a package (after :mod:`~som_xl.knowledge.checks`).

Every cell that cannot be converted becomes a ``type-error`` problem naming the file,
row and column; all of them are raised together as one :class:`KnowledgeError`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from som_xl.core.entities import ACTOR_KEYS
from som_xl.errors import KnowledgeError, Problem
from som_xl.knowledge.rawpackage import (
    ROLE_DERIVATION_CHECKS,
    ROLE_DERIVATION_PARTS,
    ROLE_DERIVATIONS,
    ROLE_INDEX,
    ROLE_PRICE_CHANGES,
    ROLE_PRICES,
    ROLE_REFUSION,
    RawPackage,
    RawRow,
    RawTable,
    location,
)
from som_xl.knowledge.records import (
    Derivation,
    DerivationCheck,
    DerivationPart,
    Effect,
    Item,
    Outcome,
    Price,
    Profile,
    RefusionRule,
    RefusionTier,
    Source,
    TargetGroup,
)
from som_xl.vocabulary.qualities import Quality
from som_xl.vocabulary.sources import EffectType

_KINDS = {int: "et heltal", float: "et tal med punktum som decimaltegn (fx 1234.5)",
          dt.date: "en dato på formen ÅÅÅÅ-MM-DD"}


class _Reader:
    """Converts cells and remembers every cell that could not be converted."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def cell(self, table: RawTable, row: RawRow, column: str, kind=str, optional: bool = False):
        text = row.get(column)
        if kind is str:
            return text
        if text == "" and optional:
            return None
        try:
            if kind is dt.date:
                return dt.date.fromisoformat(text)
            return kind(text)
        except ValueError:
            self.problems.append(Problem("type-error", location(table.file, row.line, column),
                                         f"værdien '{text}' skal være {_KINDS[kind]}."))
            return None


def parse_package(pkg: RawPackage) -> dict:
    """The package's records, keyed by table; raises :class:`KnowledgeError` on bad cells."""
    rd = _Reader()
    t = pkg.tables

    def rows(name):
        return [(t[name], r) for r in t[name].rows]

    def c(tr, column, kind=str, optional=False):
        return rd.cell(tr[0], tr[1], column, kind, optional)

    out: dict = {
        "sources": {c(x, "source_id"): Source(*(c(x, k) for k in ("source_id", "title", "publisher", "url",
                                                                    "locator", "date", "source_kind", "document")))
                    for x in rows("sources")},
        "target_groups": {c(x, "target_group"): TargetGroup(
            *(c(x, k) for k in ("target_group", "name_da", "description_da", "source", "quality", "evidence_da")))
            for x in rows("target_groups")},
        "outcomes": {c(x, "outcome"): Outcome(*(c(x, k) for k in ("outcome", "target_group", "name_da",
                                                                   "source", "quality")))
                     for x in rows("outcomes")},
        "effects": {c(x, "effect_id"): Effect(
            c(x, "effect_id"), c(x, "target_group"), c(x, "outcome"), c(x, "intervention_da"),
            c(x, "success_rate", float), c(x, "low", float, True), c(x, "high", float, True),
            c(x, "evidence_level", int), c(x, "study"), c(x, "source"), c(x, "quality"), c(x, "note_da"),
            c(x, "effect_type") or EffectType.NET.value)
            for x in rows("effects")},
        "items": {c(x, "item"): Item(*(c(x, k) for k in ("item", "name_da", "unit_da", "area",
                                                          "description_da", "source", "quality")))
                  for x in rows("items")},
    }
    out["prices"] = {}
    for table in pkg.by_role(ROLE_PRICES):
        for r in table.rows:
            x = (table, r)
            out["prices"][c(x, "item")] = _price(c, x, table)
    out["price_changes"] = defaultdict(list)
    for table in pkg.by_role(ROLE_PRICE_CHANGES):
        for r in table.rows:
            x = (table, r)
            out["price_changes"][c(x, "item")].append(_price(c, x, table))
    out["indexes"] = {table.name: {c((table, r), "year", int): c((table, r), "index", float) for r in table.rows}
                      for table in pkg.by_role(ROLE_INDEX)}
    out["index_rows"] = {table.name: {c((table, r), "year", int): (c((table, r), "quality"), c((table, r), "source"))
                                      for r in table.rows}
                         for table in pkg.by_role(ROLE_INDEX)}
    out["refusion_rules"] = _refusion_rules(c, [(t, r) for t in pkg.by_role(ROLE_REFUSION) for r in t.rows])
    out["discount_rows"] = [
        (c(x, "schedule"), c(x, "valid_from", dt.date), c(x, "year_from", int),
         c(x, "year_to", int, True), c(x, "rate", float)) for x in rows("discount_rates")]
    segments = [(c(x, "target_group"), c(x, "outcome"), c(x, "item"), c(x, "year_from", int),
                 c(x, "year_to", int), c(x, "per_success", float), c(x, "source"), c(x, "quality"),
                 c(x, "derivation")) for x in rows("consequences")]
    out.update(_derivations(c, pkg))
    if rd.problems:
        raise KnowledgeError(rd.problems)
    out["profiles"] = build_profiles(segments)
    return out


def _derivations(c, pkg: RawPackage) -> dict:
    """The derivation tables (optional): derivation id → record, and its parts and checks."""
    def rows(role):
        return [(t, r) for t in pkg.by_role(role) for r in t.rows]

    derivations = {c(x, "derivation"): Derivation(
        c(x, "derivation"), c(x, "target_group"), c(x, "outcome"), c(x, "kind"),
        c(x, "published_total", float, True), c(x, "price_year", int), c(x, "discount_rate", float),
        c(x, "tolerance", float), c(x, "source"), c(x, "quality"), c(x, "rule_da"), c(x, "note_da"))
        for x in rows(ROLE_DERIVATIONS)}
    parts: dict[str, list[DerivationPart]] = defaultdict(list)
    for x in rows(ROLE_DERIVATION_PARTS):
        parts[c(x, "derivation")].append(DerivationPart(
            c(x, "derivation"), c(x, "part", int), c(x, "item"), c(x, "year_from", int), c(x, "year_to", int),
            c(x, "basis"), c(x, "value", float), c(x, "reduction_share", float, True), c(x, "source"),
            c(x, "quality"), c(x, "note_da")))
    checks: dict[str, list[DerivationCheck]] = defaultdict(list)
    for x in rows(ROLE_DERIVATION_CHECKS):
        checks[c(x, "derivation")].append(DerivationCheck(
            c(x, "derivation"), c(x, "check"), c(x, "measure"), c(x, "published", float), c(x, "tolerance", float),
            c(x, "source"), c(x, "note_da")))
    return {"derivations": derivations, "derivation_parts": {k: sorted(v, key=lambda p: p.part or 0)
                                                             for k, v in parts.items()},
            "derivation_checks": dict(checks)}


def _price(c, x, table) -> Price:
    return Price(
        c(x, "item"), c(x, "price_year", int), tuple(c(x, actor, float) for actor in ACTOR_KEYS),
        c(x, "split_note_da"), c(x, "basis"), c(x, "status"),
        c(x, "uprate_with") or table.descriptor.get("uprate_with", ""), c(x, "source"),
        c(x, "quality"), c(x, "note_da"), c(x, "price_year_basis"), c(x, "refusion_rule"),
        c(x, "from_year", int, True) if "from_year" in table.columns else None)


def _refusion_rules(c, rows) -> dict[str, list[RefusionRule]]:
    """rule → its versions (one per valid_from), tiers in ascending order."""
    grouped: dict[tuple, list] = defaultdict(list)
    for x in rows:
        key = (c(x, "rule"), c(x, "valid_from", int), c(x, "level_year", int), c(x, "regulate_with"),
               c(x, "round_to", float, True) or 0.0)
        grouped[key].append((c(x, "tier", int) or 0, c(x, "threshold", float), c(x, "state_share", float),
                             c(x, "source"), c(x, "quality")))
    out: dict[str, list[RefusionRule]] = defaultdict(list)
    for (rule, valid_from, level_year, regulate_with, round_to), tiers in grouped.items():
        tiers.sort(key=lambda t: t[0])
        quality = _weakest_quality(t[4] for t in tiers)
        out[rule].append(RefusionRule(rule, valid_from, level_year,
                                      tuple(RefusionTier(t[1], t[2]) for t in tiers),
                                      tuple(dict.fromkeys(t[3] for t in tiers)), quality, regulate_with, round_to))
    return dict(out)


def _weakest_quality(qualities) -> str:
    """``illustrativ`` if any is, else ``afledt`` if any is, else ``kilde``."""
    found = set(qualities)
    return next((q for q in (Quality.ILLUSTRATIVE, Quality.DERIVED) if q in found), Quality.SOURCED).value


def build_profiles(segments) -> list[Profile]:
    """Dense profiles from (target_group, outcome, item, year_from, year_to, q, source, quality
    [, derivation]) segments, in the order each (target_group, outcome, item) first appears."""
    grouped: dict[tuple, list] = defaultdict(list)
    for seg in segments:
        grouped[seg[:3]].append(seg)
    out = []
    for (tg, oc, item), segs in grouped.items():
        q = [0.0] * (max(s[4] for s in segs) + 1)
        for s in segs:
            for tau in range(s[3], s[4] + 1):
                q[tau] = s[5]
        sources = list(dict.fromkeys(s[6] for s in segs))
        derivation = next((s[8] for s in segs if len(s) > 8 and s[8]), "")
        out.append(Profile(tg, oc, item, tuple(q), ";".join(sources), _weakest_quality(s[7] for s in segs),
                           derivation))
    return out
