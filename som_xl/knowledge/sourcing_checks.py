"""Checks of a package's sourcing, indexes, price changes, refusion rules and method texts.

* a ``kilde`` row must name a source with a URL or a document reference, of kind
  ``primary`` or ``secondary`` (``source-without-reference``, ``source-kind``), and a row
  in a table of kroner must have its price year (``missing-price-year``);
* ``sources.source_kind`` is one of :data:`~som_xl.knowledge.records.SOURCE_KINDS`;
* a price change names an item with a price; a refusion rule's tiers run 1, 2, 3 … with
  rising thresholds and shares between 0 and 1; an item with a refusion rule has a unit of
  time and the rule exists;
* derived consequence lines name their derivation and the derivation tables' keys resolve
  (the arithmetic: :mod:`som_xl.knowledge.derivation`);
* ``som_xl_method`` describes consequences, effects and prices with a known basis, and a
  description that mentions register data only when the basis says so (a package must not
  claim more than its data hold).
"""

from __future__ import annotations

from collections import defaultdict

from som_xl.errors import Problem
from som_xl.knowledge.rawpackage import (
    DESCRIPTOR,
    METHOD_KINDS,
    ROLE_DERIVATION_CHECKS,
    ROLE_DERIVATION_PARTS,
    ROLE_DERIVATIONS,
    ROLE_INDEX,
    ROLE_PRICE_CHANGES,
    ROLE_PRICES,
    ROLE_REFUSION,
    RawPackage,
    RawTable,
)
from som_xl.knowledge.rawpackage import int_or_none as _int
from som_xl.knowledge.rawpackage import problem_at as _p
from som_xl.vocabulary.methods import METHOD_BASES, MethodBasis
from som_xl.vocabulary.qualities import Quality
from som_xl.vocabulary.sources import SOURCE_KINDS, SourceKind
from som_xl.vocabulary.units import UNITS_PER_YEAR

PRICE_YEAR_COLUMNS = ("price_year", "level_year")
"""Columns that give the price year of a row of kroner."""


def check_source_kinds(pkg: RawPackage) -> list[Problem]:
    table = pkg.tables["sources"]
    if "source_kind" not in table.columns:
        return []
    return [_p("constraint-error", table, r.line, "source_kind",
               f"kildens art '{r.get('source_kind')}' er ikke tilladt; tilladte værdier: {', '.join(SOURCE_KINDS)}.")
            for r in table.rows if r.get("source_kind") not in SOURCE_KINDS]


def check_kilde_rows(pkg: RawPackage) -> list[Problem]:
    """Every ``kilde`` row: a source with a URL or document reference, of a real kind, and a price year.

    A source without a reference is reported once, at the source, with the rows that use it."""
    sources_table = pkg.tables["sources"]
    sources = {r.get("source_id"): r for r in sources_table.rows}
    out, unreferenced = [], defaultdict(list)
    for table in pkg.tables.values():
        if "quality" not in table.columns or "source" not in table.columns:
            continue
        year_columns = [c for c in PRICE_YEAR_COLUMNS if c in table.columns]
        for r in table.rows:
            if r.get("quality") != Quality.SOURCED:
                continue
            src = sources.get(r.get("source"))
            if src is not None and src.get("source_kind") == SourceKind.NONE:
                out.append(_p("source-kind", table, r.line, "source",
                              f"rækken er markeret 'kilde', men kilden '{r.get('source')}' er projektets egen "
                              "antagelse (source_kind 'none'); markér rækken 'illustrativ' eller angiv en rigtig "
                              "kilde."))
            elif src is not None and not (src.get("url") or src.get("document")):
                unreferenced[r.get("source")].append(f"{table.file} række {r.line}")
            for column in year_columns:
                if _int(r.get(column)) is None:
                    out.append(_p("missing-price-year", table, r.line, column,
                                  f"rækken er markeret 'kilde', men prisåret ({column}) mangler eller er ikke et "
                                  "årstal; en kildebelagt pris skal have det år, beløbet er i."))
    for source_id, used in unreferenced.items():
        shown = ", ".join(used[:4]) + (" …" if len(used) > 4 else "")
        out.append(_p("source-without-reference", sources_table, sources[source_id].line, "url",
                      f"kilden '{source_id}' har hverken url eller dokumentreference (document), men "
                      f"{len(used)} rækker markeret 'kilde' bygger på den ({shown}); tilføj en af dem eller "
                      "markér rækkerne 'illustrativ'."))
    return out


def check_price_changes(pkg: RawPackage) -> list[Problem]:
    priced = {r.get("item") for t in pkg.by_role(ROLE_PRICES) for r in t.rows}
    out = []
    for table in pkg.by_role(ROLE_PRICE_CHANGES):
        seen: dict[tuple, int] = {}
        for r in table.rows:
            if r.get("item") not in priced:
                out.append(_p("foreign-key", table, r.line, "item",
                              f"varen '{r.get('item')}' har ingen pris i prices.csv; en prisændring skal "
                              "afløse en pris."))
            key = (r.get("item"), r.get("from_year"))
            if key in seen:
                out.append(_p("primary-key", table, r.line, "from_year",
                              f"varen '{key[0]}' har allerede en ændring fra {key[1]} i række {seen[key]}."))
            seen.setdefault(key, r.line)
            if _int(r.get("from_year")) is None:
                out.append(_p("type-error", table, r.line, "from_year", "from_year skal være et årstal."))
    return out


def _check_rule_versions(table: RawTable, rows) -> list[Problem]:
    out = []
    versions: dict[tuple, list] = defaultdict(list)
    for r in rows:
        versions[(r.get("rule"), r.get("valid_from"))].append(r)
    for (rule, valid_from), tiers in versions.items():
        tiers.sort(key=lambda r: _int(r.get("tier")) or 0)
        numbers = [_int(r.get("tier")) for r in tiers]
        if numbers != list(range(1, len(tiers) + 1)):
            out.append(_p("refusion-tiers", table, tiers[0].line, "tier",
                          f"reglen '{rule}' fra {valid_from} skal have trinene 1, 2, 3 … uden huller; "
                          f"fandt {numbers}."))
        last = -1.0
        for r in tiers:
            try:
                threshold, share = float(r.get("threshold")), float(r.get("state_share"))
            except ValueError:
                continue  # a type error, reported by the schema validation or the loader
            if threshold <= last:
                out.append(_p("refusion-tiers", table, r.line, "threshold",
                              f"beløbsgrænsen {threshold:g} skal være større end det forrige trins ({last:g})."))
            if not 0 <= share <= 1:
                out.append(_p("refusion-tiers", table, r.line, "state_share",
                              f"statens andel {share:g} skal ligge mellem 0 og 1."))
            last = threshold
    return out


def check_refusion(pkg: RawPackage) -> list[Problem]:
    rules = {r.get("rule") for t in pkg.by_role(ROLE_REFUSION) for r in t.rows}
    units = {r.get("item"): r.get("unit_da") for r in pkg.tables["items"].rows}
    out = []
    for table in pkg.by_role(ROLE_REFUSION):
        out += _check_rule_versions(table, table.rows)
    for table in pkg.by_role(ROLE_PRICES):
        for r in table.rows:
            rule = r.get("refusion_rule")
            if not rule:
                continue
            if rule not in rules:
                out.append(_p("unknown-refusion-rule", table, r.line, "refusion_rule",
                              f"refusionsreglen '{rule}' findes ikke i refusion_rules.csv; mulige: "
                              f"{', '.join(sorted(rules)) or 'ingen'}."))
            if units.get(r.get("item")) not in UNITS_PER_YEAR:
                out.append(_p("refusion-unit", table, r.line, "refusion_rule",
                              f"en refusionsregel kræver en tidsenhed ({', '.join(UNITS_PER_YEAR)}), så udgiften "
                              f"pr. sag pr. år kan findes; varen '{r.get('item')}' har enheden "
                              f"'{units.get(r.get('item'))}'."))
    index_years = {t.name: {_int(r.get("year")) for r in t.rows} for t in pkg.by_role(ROLE_INDEX)}
    for table in pkg.by_role(ROLE_REFUSION):
        for r in table.rows:
            year, index = _int(r.get("level_year")), r.get("regulate_with") or "net_price_index"
            if index not in index_years:
                out.append(_p("unknown-index", table, r.line, "regulate_with",
                              f"indekset '{index}' findes ikke i pakken; mulige: {', '.join(sorted(index_years))}."))
            elif year is not None and index_years[index] and year not in index_years[index]:
                out.append(_p("price-year-not-in-index", table, r.line, "level_year",
                              f"niveauåret {year} findes ikke i {index}; beløbsgrænsen kan ikke reguleres."))
            if year is not None and year not in index_years.get("net_price_index", {year}):
                out.append(_p("price-year-not-in-index", table, r.line, "level_year",
                              f"niveauåret {year} findes ikke i nettoprisindekset; beløbsgrænsen kan ikke "
                              "udtrykkes i sagens prisniveau."))
    return out


def check_method(pkg: RawPackage) -> list[Problem]:
    """``som_xl_method``: how consequences, effects and prices were made, said in Danish."""
    raw = pkg.descriptor.get("som_xl_method")
    if raw is None:
        return [Problem("no-method", DESCRIPTOR,
                        "datapackage.json beskriver ikke i 'som_xl_method', hvordan konsekvenser, effekter og "
                        "priser er lavet; rapporterne viser derfor kun en neutral tekst.", "warning")]
    if not isinstance(raw, dict):
        return [Problem("bad-method", DESCRIPTOR,
                        "'som_xl_method' skal være et objekt med consequences, effects og prices.")]
    out = []
    for kind in METHOD_KINDS:
        entry = raw.get(kind)
        where = f"{DESCRIPTOR} som_xl_method.{kind}"
        if not isinstance(entry, dict) or not str(entry.get("description_da") or "").strip():
            out.append(Problem("bad-method", where, "mangler en beskrivelse på dansk (description_da)."))
            continue
        basis = entry.get("basis")
        if basis not in METHOD_BASES:
            out.append(Problem("bad-method", where,
                               f"grundlaget '{basis}' er ikke tilladt; tilladte værdier: {', '.join(METHOD_BASES)}."))
        if "register" in str(entry["description_da"]).lower() and basis != MethodBasis.REGISTER_DATA:
            out.append(Problem("method-claims-register-data", where,
                               "beskrivelsen nævner registerdata, men grundlaget er ikke 'registerdata'; en "
                               "tekst må ikke påstå mere, end data bygger på."))
    return out


DERIVATION_KINDS = ("total", "baseline")
PART_BASES = ("share", "quantity", "baseline")
CHECK_MEASURES = ("total", "actor", "actor_share", "item_share", "quantity")


def _check_derived_lines(pkg: RawPackage, known: set[str]) -> list[Problem]:
    """A consequence line is ``afledt`` exactly when it names a derivation, and the derivation exists."""
    table, out = pkg.tables["consequences"], []
    for r in table.rows:
        name, derived = r.get("derivation"), r.get("quality") == Quality.DERIVED
        if derived and not name:
            out.append(_p("derivation-missing", table, r.line, "derivation",
                          "rækken er markeret 'afledt', men nævner ingen afledning (kolonne derivation); en "
                          "afledt linje skal kunne genberegnes fra derivations.csv."))
        elif name and name not in known:
            out.append(_p("foreign-key", table, r.line, "derivation",
                          f"afledningen '{name}' findes ikke i derivations.csv."))
        elif name and not derived:
            out.append(_p("derivation-quality", table, r.line, "quality",
                          f"rækken er lavet af afledningen '{name}' og skal have kvaliteten 'afledt'."))
    return out


def _check_derivation_rows(pkg: RawPackage, known: set[str]) -> list[Problem]:
    items = {r.get("item") for r in pkg.tables["items"].rows}
    outcomes = {(r.get("target_group"), r.get("outcome")) for r in pkg.tables["outcomes"].rows}
    out = []
    for table in pkg.by_role(ROLE_DERIVATIONS):
        for r in table.rows:
            if (r.get("target_group"), r.get("outcome")) not in outcomes:
                out.append(_p("foreign-key", table, r.line, "outcome",
                              f"succesmålet '{r.get('outcome')}' findes ikke for målgruppen "
                              f"'{r.get('target_group')}'."))
            if r.get("kind") not in DERIVATION_KINDS:
                out.append(_p("constraint-error", table, r.line, "kind",
                              f"arten '{r.get('kind')}' er ikke tilladt; tilladte: {', '.join(DERIVATION_KINDS)}."))
            elif r.get("kind") == "total" and not r.get("published_total"):
                out.append(_p("missing-cell", table, r.line, "published_total",
                              "en afledning af arten 'total' skal have den offentliggjorte total."))
    for table in pkg.by_role(ROLE_DERIVATION_PARTS) + pkg.by_role(ROLE_DERIVATION_CHECKS):
        for r in table.rows:
            if r.get("derivation") not in known:
                out.append(_p("foreign-key", table, r.line, "derivation",
                              f"afledningen '{r.get('derivation')}' findes ikke i derivations.csv."))
    for table in pkg.by_role(ROLE_DERIVATION_PARTS):
        for r in table.rows:
            if r.get("item") not in items:
                out.append(_p("foreign-key", table, r.line, "item",
                              f"varen '{r.get('item')}' findes ikke i items.csv."))
            if r.get("basis") not in PART_BASES:
                out.append(_p("constraint-error", table, r.line, "basis",
                              f"grundlaget '{r.get('basis')}' er ikke tilladt; tilladte: {', '.join(PART_BASES)}."))
            elif r.get("basis") == "baseline" and not r.get("reduction_share"):
                out.append(_p("missing-cell", table, r.line, "reduction_share",
                              "en del af arten 'baseline' skal have en reduktionsandel."))
    for table in pkg.by_role(ROLE_DERIVATION_CHECKS):
        for r in table.rows:
            if r.get("measure").partition(":")[0] not in CHECK_MEASURES:
                out.append(_p("constraint-error", table, r.line, "measure",
                              f"målet '{r.get('measure')}' er ikke tilladt; tilladte: total, actor:AKTØR, "
                              "actor_share:AKTØR, item_share:VARE, quantity:VARE."))
    return out


def check_derivations(pkg: RawPackage) -> list[Problem]:
    """The derivation tables' keys and words, and which consequence lines are derived.
    (The arithmetic is checked by :func:`som_xl.knowledge.derivation.derivation_problems`.)"""
    known = {r.get("derivation") for t in pkg.by_role(ROLE_DERIVATIONS) for r in t.rows}
    return _check_derived_lines(pkg, known) + _check_derivation_rows(pkg, known)


def sourcing_checks(pkg: RawPackage) -> list[Problem]:
    """Every problem these rules find in ``pkg``."""
    problems: list[Problem] = []
    for check in (check_source_kinds, check_kilde_rows, check_price_changes, check_refusion, check_method,
                  check_derivations):
        problems += check(pkg)
    return problems
