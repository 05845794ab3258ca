"""The drop-down lists on the hidden Lister sheet, from the layout's fixed lists and the
knowledge package. The template builder and Opdatér viden write the same rows, so a
new knowledge package's target groups, outcomes and items reach the drop-downs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from som_xl.vocabulary.target_groups import OWN_TARGET_GROUP
from som_xl.workbook import layout as L

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge


def list_values(knowledge: Knowledge) -> dict[str, tuple]:
    """Every list's values: the fixed ones from the layout, the rest from ``knowledge``."""
    groups = knowledge.target_groups()
    from_knowledge = {
        "liste_maalgrupper": tuple(t.name_da for t in groups) + (OWN_TARGET_GROUP,),
        "liste_maalgruppe_id": tuple(t.target_group for t in groups),
        "liste_succesmaal": tuple(o.name_da for o in knowledge.outcomes()),
        "liste_varer": tuple(i.item for i in knowledge.items()),
        "liste_diskontering": tuple(d.name for d in knowledge.discount_schedules()),
    }
    return {name: from_knowledge.get(name, values) for name, (_, _, values) in L.LISTS.items()}


def list_rows(knowledge: Knowledge) -> list[list[Any]]:
    """The ``som_lister`` block as rows (one column per list, blanks below each list)."""
    values = list_values(knowledge)
    names = [c.key for c in L.LISTS_BLOCK.columns]
    depth = max(len(v) for v in values.values())
    if depth > L.LIST_ROWS:
        raise ValueError(f"a list has {depth} entries; the Lister sheet holds {L.LIST_ROWS}")
    return [[values[n][i] if i < len(values[n]) else None for n in names] for i in range(depth)]
