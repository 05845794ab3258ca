"""The sharing buttons' entry points on the in-memory backend: share → search → import,
and a failure shows a Danish status instead of raising."""

from som_xl.case import parse_case, read_case_file
from som_xl.excel.experience_entry import del_beregning, importer_beregning, soeg_erfaringer
from som_xl.knowledge import load_knowledge
from som_xl.paths import examples_dir
from som_xl.workbook import layout as L
from som_xl.workbook.backend import MemoryBackend
from som_xl.workbook.inputs_writer import write_case_inputs


def _field(key):
    return next(i for i, f in enumerate(L.EXPERIENCE_FIELDS) if f.key == key)


def test_share_search_import_through_the_entry_points(tmp_path, monkeypatch):
    monkeypatch.setenv("SOM_XL_EXPERIENCE_DB", f"sqlite:///{tmp_path / 'erf.sqlite'}")
    k = load_knowledge()
    src = MemoryBackend()
    write_case_inputs(src, parse_case(read_case_file(examples_dir() / "housing_first.json")), k)
    rec = del_beregning(backend=src, knowledge=k)
    assert rec is not None and rec.id == 1
    src.set(L.EXPERIENCE_SEARCH.name, _field("text"), 0, "Housing First")
    assert soeg_erfaringer(backend=src, knowledge=k) == 1
    dst = MemoryBackend()
    dst.set(L.EXPERIENCE_SEARCH.name, _field("import_id"), 0, rec.id)
    assert importer_beregning(backend=dst, knowledge=k).ok
    assert dst.read(L.KEY_FIGURES.name).values == src.read(L.KEY_FIGURES.name).values


def test_import_without_an_id_shows_a_danish_status(tmp_path, monkeypatch):
    monkeypatch.setenv("SOM_XL_EXPERIENCE_DB", f"sqlite:///{tmp_path / 'erf.sqlite'}")
    backend = MemoryBackend()
    assert importer_beregning(backend=backend, knowledge=load_knowledge()) is None
    status = backend.read(L.STATUS.name).values[0][0]
    assert status.startswith("Fejl: Importér beregning blev ikke gennemført")
    assert "id" in status
