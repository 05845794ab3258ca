"""One mapping between the case's fields and the workbook's cells, and an import that
computes once (issue 22)."""

from __future__ import annotations

import copy
import dataclasses

import som_xl.case
from som_xl.case.model import Case, Settings
from som_xl.paths import examples_dir
from som_xl.service.workbooks import import_case
from som_xl.workbook import layout as L
from som_xl.workbook.case_cells import NOT_IN_CELLS, SCALAR_FIELDS, TABLE_BLOCKS, field_paths, unmapped_fields
from som_xl.workbook.inputs_writer import _TABLE_ROWS


def test_every_case_field_has_a_cell_a_table_or_a_reason():
    assert unmapped_fields(Case) == []
    # each is named once: no field is both a cell and a table
    assert not set(SCALAR_FIELDS) & set(TABLE_BLOCKS) and not set(TABLE_BLOCKS) & set(NOT_IN_CELLS)
    # and every mapped path is a real field (a renamed field is caught from both sides)
    assert set(SCALAR_FIELDS) | set(TABLE_BLOCKS) | set(NOT_IN_CELLS) == set(field_paths(Case))


@dataclasses.dataclass(frozen=True)
class MoreSettings(Settings):
    inflation: float = 0.0


@dataclasses.dataclass(frozen=True)
class MoreCase(Case):
    """A case with one new field of its own and one in its settings, neither with a cell."""

    sponsor: str = ""
    settings: MoreSettings


def test_a_new_case_field_without_a_cell_is_caught():
    assert unmapped_fields(MoreCase) == ["settings.inflation", "sponsor"]


def test_the_writer_and_the_reader_use_the_same_tables():
    assert list(_TABLE_ROWS) == list(TABLE_BLOCKS)  # the writer fills every table, in the order it writes
    assert [f.key for f in L.SETTINGS_FIELDS] == list(SCALAR_FIELDS)


def test_a_case_import_computes_once(tmp_path, monkeypatch):
    calls = []
    real = som_xl.case.compute

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(som_xl.case, "compute", counting)
    outcome = import_case(examples_dir() / "housing_first.json", tmp_path / "sag.xlsm")
    assert outcome.ok and len(calls) == 1


def test_the_highest_discount_rate_is_the_case_schemas(monkeypatch):
    from som_xl.case import parse_case, read_case_file
    from som_xl.case.schema import case_schema
    from som_xl.knowledge import load_knowledge
    from som_xl.workbook.backend import MemoryBackend
    from som_xl.workbook.inputs_writer import write_case_inputs
    from som_xl.workbook.reader import read_inputs

    knowledge = load_knowledge()
    backend = MemoryBackend()
    write_case_inputs(backend, parse_case(read_case_file(examples_dir() / "housing_first.json")), knowledge)
    backend.set(L.SETTINGS.name, list(SCALAR_FIELDS).index("settings.discount_rate"), 0, 0.35)

    def limit_messages() -> list[str]:
        return [p.message for p in read_inputs(backend, knowledge).problems
                if p.type == "out-of-range"]

    assert any("og 20 %" in m for m in limit_messages())  # the shipped schema: at most 0.2
    wider = copy.deepcopy(case_schema())
    wider["properties"]["settings"]["properties"]["discount_rate"]["maximum"] = 0.3
    monkeypatch.setattr("som_xl.case.schema.case_schema", lambda: wider)
    assert any("og 30 %" in m for m in limit_messages())  # the workbook's limit is the schema's


def test_an_unknown_target_group_is_one_message_in_the_reader_and_in_opdater_viden():
    from som_xl.case.resolve import unknown_target_group
    from som_xl.knowledge import load_knowledge
    from som_xl.workbook.backend import MemoryBackend
    from som_xl.workbook.reader import read_inputs
    from som_xl.workbook.refresh import read_choice

    knowledge = load_knowledge()
    backend = MemoryBackend()
    backend.set(L.SETTINGS.name, list(SCALAR_FIELDS).index("target_group"), 0, "Ukendte borgere")
    read = [p for p in read_inputs(backend, knowledge).problems if p.type == "unknown-target-group"]
    refreshed = [p for p in read_choice(backend.read(L.SETTINGS.name), knowledge).problems
                 if p.type == "unknown-target-group"]
    expected = unknown_target_group("Ukendte borgere", knowledge, read[0].location, in_sheet=True)
    assert read == refreshed == [expected]
