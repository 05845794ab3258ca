"""The JSON Schema of case format 1, with its closed lists taken from the actor axis and
the vocabularies.

``som_xl/schemas/case-1.schema.json`` is the published contract (other tools read it);
:func:`case_schema` loads it and sets every enumeration and every per-actor field from
:mod:`som_xl.core.entities` and :mod:`som_xl.vocabulary`, so validation always follows
them. ``tests/cases/test_case_validation.py`` fails when the file has drifted from them;
``python -m som_xl.case.schema`` writes the file anew.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from som_xl.core.entities import ACTOR_KEYS
from som_xl.fileio import atomic_write_text
from som_xl.paths import package_file
from som_xl.vocabulary.actor_types import ACTOR_TYPES
from som_xl.vocabulary.areas import AREAS
from som_xl.vocabulary.costs import BASIS_LABELS, KIND_LABELS
from som_xl.vocabulary.evidence import EVIDENCE_LEVELS

SCHEMA_FILE = "schemas/case-1.schema.json"
_AMOUNT = {"type": "number", "minimum": -1e9, "maximum": 1e9}
"""A typed price per actor: DKK per unit."""
_PAID = {"type": "number", "minimum": -1e12, "maximum": 1e12}
"""What an actor paid in a follow-up year: DKK."""


def _shipped() -> dict[str, Any]:
    return json.loads(package_file(SCHEMA_FILE).read_text("utf-8"))


def derive(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the actor fields and the enumerations set from entities and vocabularies."""
    out = copy.deepcopy(schema)
    props = out["properties"]
    props["owner"]["properties"]["type"] = {"enum": list(ACTOR_TYPES)}
    cost = props["costs"]["items"]["properties"]
    cost["payer"] = {"enum": list(ACTOR_KEYS)}
    cost["kind"] = {"enum": list(KIND_LABELS)}
    cost["basis"] = {"enum": list(BASIS_LABELS)}
    props["effect"]["properties"]["evidence_level"] = {"enum": list(EVIDENCE_LEVELS)}
    price = out["$defs"]["price"]
    price["required"] = ["item", "price_year", *ACTOR_KEYS]
    fields = {k: v for k, v in price["properties"].items() if k != "source" and not _is_amount(v)}
    fields["area"] = {"enum": list(AREAS)}
    price["properties"] = {**fields, **{a: dict(_AMOUNT) for a in ACTOR_KEYS}, "source": price["properties"]["source"]}
    paid = props["actuals"]["items"]["properties"]["costs"]
    paid["required"] = list(ACTOR_KEYS)
    paid["properties"] = {a: dict(_PAID) for a in ACTOR_KEYS}
    return out


def _is_amount(field: dict[str, Any]) -> bool:
    return field == _AMOUNT


@lru_cache(maxsize=1)
def case_schema() -> dict[str, Any]:
    """The JSON Schema of case format 1 (the shipped file, enumerations from the vocabularies)."""
    return derive(_shipped())


def number_limits(dotted: str) -> tuple[float | None, float | None]:
    """``(minimum, maximum)`` the case schema allows for the number at ``dotted`` (a path of
    property names): the one place such a limit is written, for the sheets to check too.

    >>> number_limits("settings.discount_rate")
    (0, 0.2)
    """
    node = case_schema()
    for name in dotted.split("."):
        node = node["properties"][name]
    return node.get("minimum"), node.get("maximum")


def discount_rate_limits() -> tuple[float, float]:
    """The lowest and highest fixed discount rate a case may give (``settings.discount_rate``)."""
    lo, hi = number_limits("settings.discount_rate")
    assert lo is not None and hi is not None
    return lo, hi


def write_schema_file(path: Path | None = None) -> Path:
    """Write the derived schema over the shipped file (after an actor or a vocabulary changed)."""
    target = path or package_file(SCHEMA_FILE)
    atomic_write_text(target, json.dumps(derive(_shipped()), ensure_ascii=False, indent=2) + "\n")
    return target


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    print(write_schema_file())
