"""The Erfaringer sheet on the in-memory backend: share, search, import — the same
logic the ribbon buttons Del beregning / Søg erfaringer / Importér beregning run."""

import pytest

from som_xl.case import parse_case, read_case_file
from som_xl.errors import InputError
from som_xl.experience import open_db
from som_xl.knowledge import load_knowledge
from som_xl.paths import examples_dir
from som_xl.workbook import layout as L
from som_xl.workbook.backend import MemoryBackend
from som_xl.workbook.experience_sheet import import_from_db, search_to_sheet, share_to_db
from som_xl.workbook.inputs_writer import write_case_inputs


def field(name):
    return next(i for i, f in enumerate(L.EXPERIENCE_FIELDS) if f.key == name)


@pytest.fixture
def filled():
    k = load_knowledge()
    backend = MemoryBackend()
    write_case_inputs(backend, parse_case(read_case_file(examples_dir() / "housing_first.json")), k)
    return backend, k


def test_share_search_and_import(tmp_path, filled):
    backend, k = filled
    db = open_db(f"sqlite:///{tmp_path / 'erf.sqlite'}")
    backend.set(L.EXPERIENCE_SEARCH.name, field("summary"), 0, "Housing First i Eksempelkommune")
    rec = share_to_db(backend, db, k)
    assert rec.material_type == "beregning" and rec.knowledge_hash == k.content_hash
    # the sheet shows kroner rounded to øre
    assert rec.key_results["npv"]["total"] == pytest.approx(backend.read(L.KEY_FIGURES.name).values[2][3], abs=0.005)

    backend.set(L.EXPERIENCE_SEARCH.name, field("text"), 0, "hjemløs borgerne")
    assert search_to_sheet(backend, db) == 1
    hit = backend.read(L.EXPERIENCE_RESULTS.name).values[0]
    assert hit[0] == rec.id and hit[-1] == "Ikke kvalitetssikret"
    assert "ikke kvalitetssikret" in backend.read(L.EXPERIENCE_STATUS.name).values[0][0]

    other = MemoryBackend()
    other.set(L.EXPERIENCE_SEARCH.name, field("import_id"), 0, rec.id)
    outcome = import_from_db(other, db, k)
    assert outcome.ok
    assert other.read(L.KEY_FIGURES.name).values == backend.read(L.KEY_FIGURES.name).values


def test_import_of_a_missing_id_names_the_cell(tmp_path):
    db = open_db(f"sqlite:///{tmp_path / 'erf.sqlite'}")
    backend = MemoryBackend()
    backend.set(L.EXPERIENCE_SEARCH.name, field("import_id"), 0, 42)
    with pytest.raises(InputError) as info:
        import_from_db(backend, db, load_knowledge())
    assert info.value.problems[0].location.startswith(f"{L.ERFARINGER}!C")
    assert "ingen erfaring med id 42" in info.value.problems[0].message
