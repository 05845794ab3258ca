"""Checks of a knowledge package beyond its table schema (project rules).

Frictionless checks types, constraints and keys (:mod:`som_xl.knowledge.validate`);
these checks add what a table schema cannot say, and repeat the cheap key and
vocabulary checks so :func:`~som_xl.knowledge.load_knowledge` can refuse a broken
package without importing frictionless:

* every ``source`` resolves to ``sources.source_id`` and ``quality`` is allowed;
* foreign keys and primary keys of the id tables; units and areas in the vocabularies;
* consequence segments: ``year_to < year_from`` (``negative-length``), overlapping
  segments of one (target group, outcome, item) (``overlapping-segments``), and a
  segment beyond τ = 10 (``beyond-ten-years``, a *warning*: SØM stops at year 10,
  but a package may know more);
* every price year is in the index its table is uprated with, and every
  ``uprate_with`` names an index resource of the package;
* every target group has at least one consequence line;
* an effect's low ≤ success rate ≤ high; discount bands start at 0 without gaps;
* numbers finite and at most 10^12, text without control or bidi characters:
  :mod:`som_xl.knowledge.value_checks`;
* sourcing, price changes, refusion rules and the method texts:
  :mod:`som_xl.knowledge.sourcing_checks`.
"""

from __future__ import annotations

from collections import defaultdict

from som_xl.core.entities import ACTOR_KEYS
from som_xl.errors import Problem
from som_xl.fmt import full_stop
from som_xl.knowledge.rawpackage import ROLE_INDEX, ROLE_PRICE_CHANGES, ROLE_PRICES, RawPackage
from som_xl.knowledge.rawpackage import int_or_none as _int
from som_xl.knowledge.rawpackage import problem_at as _p
from som_xl.knowledge.records import MAX_PROFILE_YEAR
from som_xl.knowledge.sourcing_checks import sourcing_checks
from som_xl.knowledge.value_checks import check_values
from som_xl.vocabulary.areas import AREAS
from som_xl.vocabulary.qualities import QUALITIES
from som_xl.vocabulary.units import UNITS

COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("source_id", "title", "publisher", "url", "locator", "date"),
    "target_groups": ("target_group", "name_da", "description_da", "source", "quality"),
    "outcomes": ("outcome", "target_group", "name_da", "source", "quality"),
    "effects": ("effect_id", "target_group", "outcome", "intervention_da", "success_rate", "low", "high",
                "evidence_level", "study", "source", "quality"),
    "items": ("item", "name_da", "unit_da", "area", "description_da", "source", "quality"),
    "prices": ("item", "price_year", *ACTOR_KEYS, "split_note_da", "basis", "status", "uprate_with", "source",
               "quality"),
    "consequences": ("target_group", "outcome", "item", "year_from", "year_to", "per_success", "source",
                     "quality"),
    "net_price_index": ("year", "index", "basis", "source", "quality"),
    "discount_rates": ("schedule", "valid_from", "year_from", "year_to", "rate", "status", "source", "quality"),
}
PRIMARY_KEYS = {"sources": "source_id", "target_groups": "target_group", "outcomes": "outcome",
                "effects": "effect_id", "items": "item", "prices": "item", "net_price_index": "year"}
FOREIGN_KEYS = [  # (table, column, referenced table, referenced column)
    ("outcomes", "target_group", "target_groups", "target_group"),
    ("effects", "target_group", "target_groups", "target_group"),
    ("effects", "outcome", "outcomes", "outcome"),
    ("prices", "item", "items", "item"),
    ("consequences", "target_group", "target_groups", "target_group"),
    ("consequences", "outcome", "outcomes", "outcome"),
    ("consequences", "item", "items", "item"),
]
VOCABULARIES = [("items", "unit_da", UNITS), ("items", "area", AREAS)]


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def check_columns(pkg: RawPackage) -> list[Problem]:
    out = []
    for name, columns in COLUMNS.items():
        table = pkg.tables.get(name)
        if table is None:
            continue  # a missing table is reported when the package is read
        for col in columns:
            if col not in table.columns:
                out.append(_p("missing-column", table, 1, col,
                              f"kolonnen '{col}' mangler i overskriften; krævede kolonner: {', '.join(columns)}."))
    return out


def check_provenance(pkg: RawPackage) -> list[Problem]:
    sources = {r.get("source_id") for r in pkg.tables["sources"].rows}
    out = []
    for table in pkg.tables.values():
        if "source" in table.columns:
            for r in table.rows:
                if r.get("source") and r.get("source") not in sources:
                    out.append(_p("foreign-key", table, r.line, "source",
                                  f"kilden '{r.get('source')}' findes ikke i sources.csv (kolonne source_id)."))
        if "quality" in table.columns:
            for r in table.rows:
                if r.get("quality") and r.get("quality") not in QUALITIES:
                    out.append(_p("constraint-error", table, r.line, "quality",
                                  f"kvaliteten '{r.get('quality')}' er ikke tilladt; tilladte værdier: "
                                  f"{', '.join(QUALITIES)}."))
    return out


def check_keys(pkg: RawPackage) -> list[Problem]:
    out = []
    for name, column in PRIMARY_KEYS.items():
        table, seen = pkg.tables[name], dict[str, int]()
        for r in table.rows:
            key = r.get(column)
            if key in seen:
                out.append(_p("primary-key", table, r.line, column,
                              f"nøglen '{key}' findes allerede i række {seen[key]}; den skal være entydig."))
            seen.setdefault(key, r.line)
    for name, column, ref, ref_column in FOREIGN_KEYS:
        known = {r.get(ref_column) for r in pkg.tables[ref].rows}
        table = pkg.tables[name]
        for r in table.rows:
            if r.get(column) and r.get(column) not in known:
                out.append(_p("foreign-key", table, r.line, column,
                              f"værdien '{r.get(column)}' findes ikke i {pkg.tables[ref].file} "
                              f"(kolonne {ref_column})."))
    for name, column, allowed in VOCABULARIES:
        table = pkg.tables[name]
        for r in table.rows:
            if r.get(column) and r.get(column) not in allowed:
                out.append(_p("constraint-error", table, r.line, column,
                              full_stop(f"værdien '{r.get(column)}' er ikke tilladt; tilladte værdier: "
                                        f"{', '.join(allowed)}")))
    return out


def check_consequences(pkg: RawPackage) -> list[Problem]:
    table = pkg.tables["consequences"]
    out: list[Problem] = []
    segments: dict[tuple[str, str, str], list[tuple[int, int, int]]] = defaultdict(list)
    for r in table.rows:
        a, b = _int(r.get("year_from")), _int(r.get("year_to"))
        if a is None or b is None:
            continue  # a type error, reported by the schema validation or the loader
        if b < a:
            out.append(_p("negative-length", table, r.line, "year_to",
                          f"year_to ({b}) er mindre end year_from ({a}): et segment kan ikke have negativ "
                          "længde; year_to skal være mindst year_from."))
            continue
        if b > MAX_PROFILE_YEAR:
            out.append(_p("beyond-ten-years", table, r.line, "year_to",
                          f"segmentet går til år {b} efter succesåret; SØM's konsekvensskøn går til år "
                          f"{MAX_PROFILE_YEAR}. Kontrollér, at kilden dækker de senere år.", "warning"))
        key = (r.get("target_group"), r.get("outcome"), r.get("item"))
        for a2, b2, line2 in segments[key]:
            if a <= b2 and a2 <= b:
                out.append(_p("overlapping-segments", table, r.line, "year_from",
                              f"segmentet år {a}–{b} for varen '{key[2]}' overlapper segmentet år {a2}–{b2} "
                              f"i række {line2}; hvert år må kun have én værdi."))
        segments[key].append((a, b, r.line))
    with_lines = {r.get("target_group") for r in table.rows}
    groups = pkg.tables["target_groups"]
    for r in groups.rows:
        if r.get("target_group") not in with_lines:
            out.append(_p("no-consequences", groups, r.line, "target_group",
                          f"målgruppen '{r.get('target_group')}' har ingen konsekvenslinjer i consequences.csv."))
    return out


def check_prices(pkg: RawPackage) -> list[Problem]:
    indexes = {t.name: {_int(r.get("year")) for r in t.rows} for t in pkg.by_role(ROLE_INDEX)}
    names = ", ".join(sorted(indexes)) or "ingen"
    out = []
    for table in pkg.by_role(ROLE_PRICES) + pkg.by_role(ROLE_PRICE_CHANGES):
        declared = table.descriptor.get("uprate_with")
        if declared is not None and declared not in indexes:
            out.append(Problem("unknown-index", "datapackage.json",
                               f"ressourcen '{table.name}' fremskrives med '{declared}', som ikke er et "
                               f"indeks i pakken; mulige: {names}."))
        for r in table.rows:
            index = r.get("uprate_with") or declared
            if index not in indexes:
                out.append(_p("unknown-index", table, r.line, "uprate_with",
                              f"indekset '{index}' findes ikke i pakken; mulige: {names}."))
                continue
            year = _int(r.get("price_year"))
            if year is not None and year not in indexes[index]:
                years = sorted(y for y in indexes[index] if y is not None)
                out.append(_p("price-year-not-in-index", table, r.line, "price_year",
                              f"prisåret {year} findes ikke i {index}; prisen kan ikke fremskrives. "
                              f"Indekset har årene {years[0] if years else '?'}–{years[-1] if years else '?'}."))
    return out


def check_effects(pkg: RawPackage) -> list[Problem]:
    table, out = pkg.tables["effects"], []
    for r in table.rows:
        rate, low, high = (_float(r.get(c)) for c in ("success_rate", "low", "high"))
        if rate is None:
            continue
        if low is not None and low > rate:
            out.append(_p("bad-range", table, r.line, "low",
                          f"det nedre skøn ({low}) er større end succesraten ({rate})."))
        if high is not None and high < rate:
            out.append(_p("bad-range", table, r.line, "high",
                          f"det øvre skøn ({high}) er mindre end succesraten ({rate})."))
    return out


def check_discount_rates(pkg: RawPackage) -> list[Problem]:
    table, out = pkg.tables["discount_rates"], []
    bands: dict[str, list[tuple[int, int | None, int]]] = defaultdict(list)
    for r in table.rows:
        a = _int(r.get("year_from"))
        b = _int(r.get("year_to")) if r.get("year_to") else None
        if a is not None:
            bands[r.get("schedule")].append((a, b, r.line))
    for name, rows in bands.items():
        expected: int | None = 0
        for a, b, line in sorted(rows):
            if expected is None or a != expected:
                out.append(_p("discount-gap", table, line, "year_from",
                              f"regimet '{name}' skal dække årene uden huller eller overlap fra år 0; "
                              f"forventede year_from = {expected}, fandt {a}."))
                break
            expected = None if b is None else b + 1
    return out


def custom_checks(pkg: RawPackage) -> list[Problem]:
    """Every problem the project's rules find in ``pkg`` (errors and warnings)."""
    problems = check_columns(pkg)
    if problems:
        return problems  # the remaining checks need the columns
    problems = check_values(pkg)
    for check in (check_provenance, check_keys, check_consequences, check_prices, check_effects,
                  check_discount_rates):
        problems += check(pkg)
    return problems + sourcing_checks(pkg)
