"""The one mapping between a case's fields and the workbook's input blocks.

Every field of :class:`som_xl.case.Case` (its nested settings, programme, effect and
owner included) is either one cell of the Indsats settings block (its dotted path is the
block's field key, :data:`SCALAR_FIELDS`), a table (:data:`TABLE_BLOCKS`), or named in
:data:`NOT_IN_CELLS` with the reason. The writer (:mod:`som_xl.workbook.inputs_writer`)
and the reader (:mod:`som_xl.workbook.reader`) both take their paths from here, and a
test fails for a case field that has none (:func:`unmapped_fields`), so a field without a
cell cannot be dropped silently on the way from a case file into a workbook and back.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from som_xl.workbook import layout as L

SCALAR_FIELDS: tuple[str, ...] = tuple(f.key for f in L.SETTINGS_FIELDS)
"""Dotted case paths held in one cell each of the settings block (``settings.price_year``)."""

TABLE_BLOCKS: dict[str, L.Block] = {
    "programme.cohorts": L.COHORTS,
    "costs": L.COSTS,
    "consequences": L.CONSEQUENCES,
    "local_prices": L.LOCAL_PRICES,
    "items": L.OWN_ITEMS,
    "actuals": L.ACTUALS,
}
"""Dotted case path → the input table holding it, one row per element (in write order)."""

NOT_IN_CELLS: dict[str, str] = {
    "provenance": "what the case was last computed with: recalculation writes it to Resultater's oprindelse block",
    "warnings": "the parser's notes about the case file, not data",
}
"""Case fields that have no input cell, and why."""


def case_value(case: Any, path: str) -> Any:
    """The value at dotted ``path`` of ``case`` (``"settings.price_year"``)."""
    value = case
    for part in path.split("."):
        value = getattr(value, part)
    return value


def field_paths(cls: type) -> list[str]:
    """Every leaf field of the dataclass ``cls`` as a dotted path (nested dataclasses opened)."""
    hints = typing.get_type_hints(cls)
    out: list[str] = []
    for f in dataclasses.fields(cls):
        kind = hints[f.name]
        if isinstance(kind, type) and dataclasses.is_dataclass(kind):
            out += [f"{f.name}.{sub}" for sub in field_paths(kind)]
        else:
            out.append(f.name)
    return out


def unmapped_fields(cls: type) -> list[str]:
    """The leaf fields of ``cls`` that are neither a cell, a table, nor named as having no cell."""
    mapped = set(SCALAR_FIELDS) | set(TABLE_BLOCKS) | set(NOT_IN_CELLS)
    return [p for p in field_paths(cls) if p not in mapped]
