"""Opdatér viden: the Viden view, and the Konsekvenser table refreshed without losing user edits."""

from __future__ import annotations

from som_xl.excel.ribbon import opdater_viden
from som_xl.vocabulary.target_groups import OWN_TARGET_GROUP
from som_xl.workbook import layout as L
from som_xl.workbook.refresh import SUMMARY, knowledge_view_rows, refresh_knowledge
from tests.excel.conftest import filled

ITEM, NAME, Q0 = 1, 2, 4


def _rows(backend):
    return [r for r in backend.read(L.CONSEQUENCES.name).values if any(v is not None for v in r)]


def _set_group(backend, knowledge, group_id):
    name = knowledge.target_group(group_id).name_da
    backend.set(L.SETTINGS.name, [f.key for f in L.SETTINGS_FIELDS].index("target_group"), 0, name)


def _many_lines(case, knowledge):
    """The example workbook moved to a target group with many knowledge lines (MST, illustrative)."""
    backend = filled(case, knowledge)
    _set_group(backend, knowledge, "unge_14_17_kriminalitet")
    refresh_knowledge(backend, knowledge)
    backend.reads = backend.writes = 0
    return backend


def test_unchanged_knowledge_rows_are_replaced_and_user_rows_kept(case, knowledge):
    backend = _many_lines(case, knowledge)
    before = _rows(backend)
    edited_item = before[0][ITEM]
    backend.set(L.CONSEQUENCES.name, 0, Q0 + 1, -99)  # the user changed year 1 of the first line
    backend.set(L.CONSEQUENCES.name, 1, 0, L.NO)  # and switched the second line off
    own = [L.YES, "egen_mentor_time", None, None, 2.0, 2.0] + [None] * (L.CONSEQUENCES.width - 6)
    backend.write(L.CONSEQUENCES.name, [*before[:2], own])  # (rewrite to append a line)
    backend.set(L.CONSEQUENCES.name, 0, Q0 + 1, -99)
    backend.set(L.CONSEQUENCES.name, 1, 0, L.NO)
    backend.reads = backend.writes = 0

    problems = opdater_viden(backend=backend, knowledge=knowledge)

    # reads: settings, Konsekvenser, own items; writes: lists, Viden, versions,
    # Konsekvenser, status, messages.
    assert backend.reads <= 3 and backend.writes <= 6
    assert problems[0].type == SUMMARY and problems[0].severity == "info"
    assert any(p.message == "3 egne eller ændrede linjer er bevaret." for p in problems)
    after = _rows(backend)
    assert len(after) == len(before) + 1
    assert after[0][Q0 + 1] == -99 and after[0][ITEM] == edited_item  # kept, in the knowledge line's place
    assert after[1][0] == L.NO
    assert after[-1][ITEM] == "egen_mentor_time" and after[-1][Q0] == 2.0
    assert after[2:-1] == before[2:]  # untouched knowledge lines: the same lines again
    items = [r[ITEM] for r in after]
    assert len(items) == len(set(items))
    status = backend.read(L.STATUS.name).values[0][0]
    assert status.startswith("Viden opdateret (Unge 14-17 år i risiko for kriminalitet")
    assert "3 egne eller ændrede bevaret" in status


def test_changing_target_group_swaps_knowledge_lines_but_keeps_edits(case, knowledge):
    backend = filled(case, knowledge)
    backend.set(L.CONSEQUENCES.name, 0, Q0, -1.5)  # edited hjemløse line
    _set_group(backend, knowledge, "unge_14_17_kriminalitet")
    refresh_knowledge(backend, knowledge)
    after = _rows(backend)
    new_items = [p.item for p in knowledge.consequence_profiles("unge_14_17_kriminalitet")]
    edited = [r for r in after if r[Q0] == -1.5]
    assert len(edited) == 1
    old_only = {p.item for p in knowledge.consequence_profiles("hjemloese_voksne")} - set(new_items)
    assert not [r for r in after if r[ITEM] in old_only and r is not edited[0]]
    assert set(new_items) <= {r[ITEM] for r in after}
    assert len({r[ITEM] for r in after}) == len(after)
    view = backend.read(L.KNOWLEDGE_VIEW.name).values
    assert view[0][1] == knowledge.target_group("unge_14_17_kriminalitet").name_da


def test_refresh_then_beregn_is_valid(case, knowledge):
    from som_xl.excel.ribbon import beregn

    backend = filled(case, knowledge)
    _set_group(backend, knowledge, "boern_6_13_angst_depression")
    refresh_knowledge(backend, knowledge)
    assert beregn(backend=backend, knowledge=knowledge).ok


def test_unknown_target_group_leaves_the_table_untouched(case, knowledge):
    backend = filled(case, knowledge)
    before = _rows(backend)
    backend.set(L.SETTINGS.name, [f.key for f in L.SETTINGS_FIELDS].index("target_group"), 0, "Katte")
    problems = refresh_knowledge(backend, knowledge)
    assert problems[0].severity == "error" and "ikke ændret" in problems[0].message
    assert any(p.type == "unknown-target-group" and p.location == "Indsats!C9" for p in problems)
    assert _rows(backend) == before


def test_own_target_group_keeps_user_lines_only(case, knowledge):
    backend = _many_lines(case, knowledge)
    backend.set(L.CONSEQUENCES.name, 0, Q0, -1.5)
    backend.set(L.SETTINGS.name, [f.key for f in L.SETTINGS_FIELDS].index("target_group"), 0, OWN_TARGET_GROUP)
    problems = refresh_knowledge(backend, knowledge)
    assert len(_rows(backend)) == 1 and _rows(backend)[0][Q0] == -1.5
    assert any(p.type == "knowledge-lines-removed" for p in problems)
    assert OWN_TARGET_GROUP in backend.read(L.KNOWLEDGE_VIEW.name).values[0][1]


def test_view_shows_source_and_price_year_for_every_number(knowledge):
    rows = knowledge_view_rows(knowledge, "hjemloese_voksne", price_level=2025)
    assert all(len(r) == L.KNOWLEDGE_VIEW.width for r in rows)
    numeric = [r for r in rows if any(isinstance(v, float) for v in r)]
    assert numeric and all(r[7] and r[8] in ("kilde", "afledt", "illustrativ") for r in numeric)
    uprated = [r for r in rows if r[1] == "fremskrevet til 2025"]
    assert uprated and all(r[3] == 2025 for r in uprated)
