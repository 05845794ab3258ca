"""What changed between two knowledge packages: prices and consequence lines.

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
    """``price`` or ``consequence``."""
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
    return f"{p.price_year}: {amounts} ({p.quality}, {p.source})"


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
    consequence line when any yearly quantity, its quality or its source changes.
    """
    prices = _compare("price", {p.item: p for p in old.prices()}, {p.item: p for p in new.prices()},
                      _price_text)

    def profiles(k: Knowledge):
        return {f"{p.target_group}/{p.outcome}/{p.item}": p
                for tg in k.target_groups() for p in k.consequence_profiles(tg.target_group)}

    return prices + _compare("consequence", profiles(old), profiles(new), _profile_text)
