"""What changed between two knowledge packages: prices (and price changes), consequence
lines, effects and index values.

Used by ``som-xl knowledge diff OLD NEW`` and, later, to warn when a case computed
with one knowledge version is opened with another.
"""

from __future__ import annotations

from dataclasses import dataclass

from som_xl.core.entities import ACTOR_KEYS
from som_xl.knowledge.knowledge import Knowledge


@dataclass(frozen=True)
class Change:
    """One difference between two packages."""

    kind: str
    """``price``, ``consequence``, ``effect`` or ``index``."""
    key: str
    """The item id, or ``target_group/outcome/item`` for a consequence line."""
    change: str
    """``added``, ``removed`` or ``changed``."""
    old: str
    new: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "key": self.key, "change": self.change, "old": self.old, "new": self.new}


def _price_text(p) -> str:
    amounts = ", ".join(f"{actor} {a:g}" for actor, a in zip(ACTOR_KEYS, p.amounts, strict=True))
    return f"{p.price_year}: {amounts} ({p.quality}, {p.source}, {p.uprate_with or 'net_price_index'})"


def _effect_text(e) -> str:
    span = "" if e.low is None and e.high is None else f" ({e.low if e.low is not None else '?'}–" \
        f"{e.high if e.high is not None else '?'})"
    return f"{e.success_rate:g}{span} {e.effect_type}, evidens {e.evidence_level} ({e.quality}, {e.source})"


def _index_text(v) -> str:
    value, (quality, source) = v
    return f"{value:g} ({quality}, {source})"


def _profile_text(p) -> str:
    return f"[{', '.join(f'{q:g}' for q in p.per_success_by_year)}] ({p.quality}, {p.source})"


def _compare(kind: str, old: dict, new: dict, text) -> list[Change]:
    out = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None:
            out.append(Change(kind, key, "added", "", text(b)))
        elif b is None:
            out.append(Change(kind, key, "removed", text(a), ""))
        elif text(a) != text(b):
            out.append(Change(kind, key, "changed", text(a), text(b)))
    return out


def diff_packages(old: Knowledge, new: Knowledge) -> list[Change]:
    """Prices and consequence lines that were added, removed or changed from ``old`` to ``new``.

    A price changes when its year, an amount, its quality or its source changes; a
    consequence line when any yearly quantity, its quality or its source changes; an
    effect or an index value likewise.
    """
    def prices(k: Knowledge):
        out = {p.item: p for p in k.prices()}
        for p in k.prices():
            out.update({f"{p.item} fra {c.from_year}": c for c in k.price_changes(p.item)})
        return out

    def profiles(k: Knowledge):
        return {f"{p.target_group}/{p.outcome}/{p.item}": p
                for tg in k.target_groups() for p in k.consequence_profiles(tg.target_group)}

    def indexes(k: Knowledge):
        return {f"{name} {year}": (value, k.index_rows(name).get(year, ("", "")))
                for name in k.index_names() for year, value in k.index_named(name).items()}

    return (_compare("price", prices(old), prices(new), _price_text)
            + _compare("consequence", profiles(old), profiles(new), _profile_text)
            + _compare("effect", {e.effect_id: e for e in old.effects()}, {e.effect_id: e for e in new.effects()},
                       _effect_text)
            + _compare("index", indexes(old), indexes(new), _index_text))
