"""The knowledge layer: loading, checking and using a SØM knowledge package.

A knowledge package is a Frictionless data package (``knowledge_tables/`` is the shipped
one; see its README). Public API:

* :func:`load_knowledge` → :class:`Knowledge` (lookups, uprating, profiles, discount
  schedules; ``find_*`` lookups by id or Danish name);
* :func:`resolve_prices` / :func:`knowledge_price` → prices at a case's price level
  (:mod:`som_xl.knowledge.prices`);
* :func:`validate_package` → list of :class:`~som_xl.errors.Problem`;
* :func:`uprate` and :func:`diff_packages`.

The names load on first use (PEP 562): ``from som_xl.knowledge import load_knowledge``
imports the loader and what it needs, not the package validator or the diff.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from som_xl.knowledge.diff import Change, diff_packages
    from som_xl.knowledge.knowledge import Knowledge, UnknownKnowledgeId
    from som_xl.knowledge.loader import clear_cache, content_hash, load_knowledge
    from som_xl.knowledge.prices import knowledge_price, resolve_prices
    from som_xl.knowledge.records import (
        Effect,
        Item,
        Outcome,
        Price,
        PriceSpec,
        Profile,
        ResolvedPrice,
        Source,
        TargetGroup,
    )
    from som_xl.knowledge.uprating import index_factor, uprate
    from som_xl.knowledge.validate import validate_package

_HOME = {
    "Change": "diff", "diff_packages": "diff", "Knowledge": "knowledge", "UnknownKnowledgeId": "knowledge",
    "clear_cache": "loader", "content_hash": "loader", "load_knowledge": "loader",
    "knowledge_price": "prices", "resolve_prices": "prices",
    **dict.fromkeys(("Effect", "Item", "Outcome", "Price", "PriceSpec", "Profile", "ResolvedPrice", "Source",
                     "TargetGroup"), "records"),
    "index_factor": "uprating", "uprate": "uprating", "validate_package": "validate",
}

__all__ = [
    "Change", "Effect", "Item", "Knowledge", "Outcome", "Price", "PriceSpec", "Profile", "ResolvedPrice", "Source",
    "TargetGroup", "UnknownKnowledgeId", "clear_cache", "content_hash", "diff_packages", "index_factor",
    "knowledge_price", "load_knowledge", "resolve_prices", "uprate", "validate_package",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
