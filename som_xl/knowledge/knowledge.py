"""The :class:`Knowledge` object: a loaded knowledge package and its lookups.

Build one with :func:`som_xl.knowledge.load_knowledge`. Lookups return small frozen
records (:mod:`som_xl.knowledge.records`); an unknown id raises
:class:`UnknownKnowledgeId`, which is both a :class:`~som_xl.errors.KnowledgeError`
(Danish message) and a :class:`LookupError`. The ``find_*`` lookups take what a user
typed, an id or a Danish name, and return the id (None when nothing matches). Prices
at a case's price level are resolved by :mod:`som_xl.knowledge.prices`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from som_xl.core.discount import DiscountBand, DiscountSchedule
from som_xl.errors import KnowledgeError, Problem
from som_xl.knowledge.rawpackage import METHOD_KINDS
from som_xl.knowledge.records import (
    Derivation,
    DerivationCheck,
    DerivationPart,
    Effect,
    Item,
    Method,
    Outcome,
    Price,
    Profile,
    RefusionRule,
    Source,
    TargetGroup,
)
from som_xl.knowledge.uprating import index_factor as _index_factor
from som_xl.vocabulary import sources as source_kinds
from som_xl.vocabulary.methods import MethodBasis
from som_xl.vocabulary.qualities import Quality

DEFAULT_INDEX = "net_price_index"
_NO_METHOD_DA = {
    "consequences": ("Vidensdatabasen beskriver ikke, hvordan konsekvenslinjerne er lavet; "
                     "se rækkernes kilder og kvalitet."),
    "effects": "Vidensdatabasen beskriver ikke, hvordan effekterne er lavet; se rækkernes kilder og kvalitet.",
    "prices": "Vidensdatabasen beskriver ikke, hvordan priserne er lavet; se rækkernes kilder og kvalitet.",
}


class UnknownKnowledgeId(KnowledgeError, LookupError):
    """An id that the knowledge package does not have."""


def _unknown(kind: str, key, known: Iterable) -> UnknownKnowledgeId:
    known = sorted(str(k) for k in known)
    shown = ", ".join(known[:12]) + (" …" if len(known) > 12 else "")
    return UnknownKnowledgeId([Problem(f"unknown-{kind}", str(key),
                                       f"{_KIND_DA[kind]} '{key}' findes ikke i vidensdatabasen; "
                                       f"mulige: {shown or 'ingen'}.")])


def _find_id(value: object, pairs: Iterable[tuple[str, str]]) -> str | None:
    """The id of the first (id, Danish name) pair matching ``value`` (case-insensitive), or None."""
    v = str(value).strip().casefold()
    return next((ident for ident, name in pairs if v in (ident.casefold(), name.casefold())), None)


_KIND_DA = {"target-group": "målgruppen", "item": "varen", "price": "prisen for varen",
            "source": "kilden", "schedule": "diskonteringsrente-regimet", "refusion-rule": "refusionsreglen",
            "derivation": "afledningen"}


def _methods(raw) -> dict[str, Method]:
    """``som_xl_method`` of the descriptor as records (entries that are not objects are skipped;
    :mod:`som_xl.knowledge.sourcing_checks` reports them)."""
    out = {}
    if isinstance(raw, Mapping):
        for kind in METHOD_KINDS:
            entry = raw.get(kind)
            if isinstance(entry, Mapping) and str(entry.get("description_da") or "").strip():
                out[kind] = Method(str(entry.get("basis") or MethodBasis.UNKNOWN), str(entry["description_da"]).strip())
    return out


class Knowledge:
    """A loaded, checked knowledge package (read-only)."""

    def __init__(self, *, path: Path, descriptor: Mapping, records: Mapping, content_hash: str) -> None:
        self.path = Path(path)
        """The package folder."""
        self.name: str = str(descriptor.get("name", ""))
        self.version: str = str(descriptor.get("version", ""))
        self.title: str = str(descriptor.get("title", ""))
        self.content_hash = content_hash
        """``"sha256:" + hex`` over datapackage.json and every resource file, sorted by file name."""
        self._methods = _methods(descriptor.get("som_xl_method"))
        self._r = records
        self._schedules = self._build_schedules(records["discount_rows"])

    def __repr__(self) -> str:
        return f"Knowledge({self.name!r}, version={self.version!r}, path={str(self.path)!r})"

    # --- target groups, outcomes, effects -------------------------------------------------
    def target_groups(self) -> list[TargetGroup]:
        return list(self._r["target_groups"].values())

    def target_group(self, target_group: str) -> TargetGroup:
        try:
            return self._r["target_groups"][target_group]
        except KeyError:
            raise _unknown("target-group", target_group, self._r["target_groups"]) from None

    def outcomes(self, target_group: str | None = None) -> list[Outcome]:
        return [o for o in self._r["outcomes"].values() if target_group in (None, o.target_group)]

    def effects(self, target_group: str | None = None) -> list[Effect]:
        return [e for e in self._r["effects"].values() if target_group in (None, e.target_group)]

    def has_target_group(self, target_group: str) -> bool:
        return target_group in self._r["target_groups"]

    def find_target_group(self, value: object) -> str | None:
        """The id of the target group named ``value`` (its id or Danish name, any case), or None.

        >>> from som_xl.knowledge import load_knowledge
        >>> load_knowledge().find_target_group(" voksne i HJEMLØSHED ")
        'hjemloese_voksne'
        """
        return _find_id(value, ((t.target_group, t.name_da) for t in self.target_groups()))

    def find_outcome(self, value: object, target_group: str | None = None) -> str | None:
        """The id of the outcome named ``value`` (of ``target_group`` if given), or None."""
        return _find_id(value, ((o.outcome, o.name_da) for o in self.outcomes(target_group)))

    # --- items, prices, sources -----------------------------------------------------------
    def items(self) -> list[Item]:
        return list(self._r["items"].values())

    def has_item(self, item: str) -> bool:
        return item in self._r["items"]

    def find_item(self, value: object) -> str | None:
        """The id of the item named ``value`` (its id or Danish name, any case), or None."""
        return _find_id(value, ((i.item, i.name_da) for i in self.items()))

    def item(self, item: str) -> Item:
        try:
            return self._r["items"][item]
        except KeyError:
            raise _unknown("item", item, self._r["items"]) from None

    def price(self, item: str) -> Price:
        """The knowledge's price of ``item`` at its own price year (not uprated)."""
        try:
            return self._r["prices"][item]
        except KeyError:
            raise _unknown("price", item, self._r["prices"]) from None

    def prices(self) -> list[Price]:
        return list(self._r["prices"].values())

    def price_changes(self, item: str) -> list[Price]:
        """The prices that replace ``item``'s price from a calendar year on (may be empty)."""
        return list(self._r.get("price_changes", {}).get(item, ()))

    def refusion_rule(self, rule: str) -> list[RefusionRule]:
        """Every version of ``rule`` (one per ``valid_from``)."""
        try:
            return list(self._r["refusion_rules"][rule])
        except KeyError:
            raise _unknown("refusion-rule", rule, self._r.get("refusion_rules", {})) from None

    def method(self, kind: str) -> Method:
        """How the package's ``kind`` (consequences, effects, prices) was made, from
        ``datapackage.json``'s ``som_xl_method``; a neutral sentence when it does not say."""
        return self._methods.get(kind) or Method(MethodBasis.UNKNOWN.value, _NO_METHOD_DA[kind])

    def sources(self) -> list[Source]:
        return list(self._r["sources"].values())

    def source(self, source_id: str) -> Source:
        try:
            return self._r["sources"][source_id]
        except KeyError:
            raise _unknown("source", source_id, self._r["sources"]) from None

    def find_source(self, source_id: str) -> Source | None:
        """The source ``source_id``, or None when the package has no such source."""
        return self._r["sources"].get(source_id)

    # --- index and uprating ---------------------------------------------------------------
    @property
    def index(self) -> Mapping[int, float]:
        """The net price index, year → value (2015 = 100)."""
        return self._r["indexes"][DEFAULT_INDEX]

    def index_named(self, name: str) -> Mapping[int, float]:
        """The index resource ``name`` (a price table's ``uprate_with``); the net price index if unknown."""
        return self._r["indexes"].get(name, self.index)

    def index_years(self) -> list[int]:
        return sorted(self.index)

    def index_names(self) -> list[str]:
        return sorted(self._r["indexes"])

    def index_rows(self, name: str) -> Mapping[int, tuple[str, str]]:
        """Year → (quality, source) of the index ``name``'s rows."""
        return self._r.get("index_rows", {}).get(name, {})

    def index_for(self, item: str) -> str:
        """The index that uprates ``item``'s price (the net price index for unknown items)."""
        p = self._r["prices"].get(item)
        return p.uprate_with if p and p.uprate_with else DEFAULT_INDEX

    def index_provenance(self, name: str, from_year: int, to_year: int) -> tuple[str, str]:
        """(quality, source kind) of the two index values used to uprate from ``from_year``
        to ``to_year``: the weaker of the two (``illustrativ`` before ``kilde``, ``secondary``
        before ``primary``); ``("", "")`` when the years are equal (no index value used)."""
        if from_year == to_year:
            return "", ""
        rows = self.index_rows(name)
        used = [rows.get(y, (Quality.ILLUSTRATIVE.value, "")) for y in (from_year, to_year)]
        quality = (Quality.ILLUSTRATIVE if any(q == Quality.ILLUSTRATIVE for q, _ in used) else Quality.SOURCED).value
        return quality, source_kinds.weakest_source_kind(self.find_source(src) for _, src in used)

    def index_factor(self, from_year: int, to_year: int) -> float:
        """I(to_year) / I(from_year) of the net price index; KnowledgeError if a year is missing."""
        return _index_factor(self.index, from_year, to_year)

    # --- consequences ---------------------------------------------------------------------
    def consequence_profiles(self, target_group: str, outcome: str | None = None) -> list[Profile]:
        """The consequence lines of ``target_group`` (and ``outcome`` if given)."""
        self.target_group(target_group)
        return [p for p in self._r["profiles"]
                if p.target_group == target_group and outcome in (None, p.outcome)]

    # --- derivations (how derived consequence lines were made) ----------------------------
    def derivations(self, target_group: str | None = None) -> list[Derivation]:
        """The package's derivations (of ``target_group`` if given); empty for a package without them."""
        return [d for d in self._r.get("derivations", {}).values() if target_group in (None, d.target_group)]

    def derivation(self, derivation: str) -> Derivation:
        try:
            return self._r.get("derivations", {})[derivation]
        except KeyError:
            raise _unknown("derivation", derivation, self._r.get("derivations", {})) from None

    def derivation_parts(self, derivation: str) -> list[DerivationPart]:
        return list(self._r.get("derivation_parts", {}).get(derivation, ()))

    def derivation_checks(self, derivation: str) -> list[DerivationCheck]:
        return list(self._r.get("derivation_checks", {}).get(derivation, ()))

    # --- discounting ----------------------------------------------------------------------
    @staticmethod
    def _build_schedules(rows) -> list[tuple[dt.date, DiscountSchedule]]:
        grouped: dict[str, list] = {}
        for name, valid_from, a, b, rate in rows:
            grouped.setdefault(name, []).append((valid_from, a, b, rate))
        out = []
        for name, bands in grouped.items():
            bands.sort(key=lambda r: r[1])
            out.append((min(r[0] for r in bands),
                        DiscountSchedule(tuple(DiscountBand(a, b, rate) for _, a, b, rate in bands), name=name)))
        out.sort(key=lambda x: x[0], reverse=True)
        return out

    def discount_schedules(self) -> list[DiscountSchedule]:
        """Every schedule in the package, newest ``valid_from`` first."""
        return [s for _, s in self._schedules]

    def discount_schedule(self, on: dt.date | None = None) -> DiscountSchedule:
        """The newest schedule whose ``valid_from`` is on or before ``on`` (default: today)."""
        on = on or dt.date.today()
        for valid_from, schedule in self._schedules:
            if valid_from <= on:
                return schedule
        first = min((v for v, _ in self._schedules), default=None)
        raise KnowledgeError([Problem(
            "no-discount-schedule", "discount_rates.csv",
            f"ingen diskonteringsrente gælder den {on.isoformat()}; den tidligste gælder fra "
            f"{first.isoformat() if first else '(ingen)'}.")])

    def valid_from(self, schedule: str) -> dt.date:
        """The date ``schedule`` applies from."""
        for valid_from, s in self._schedules:
            if s.name == schedule:
                return valid_from
        raise _unknown("schedule", schedule, [s.name for _, s in self._schedules])
