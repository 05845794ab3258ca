"""What a result rests on, in every output: the report (document, Markdown), the
Resultater sheet, the share copy. The words about how the consequence lines were made
come from the knowledge package's metadata, and no output says "register data" unless
the package's metadata does."""

from __future__ import annotations

import json
import shutil

import pytest
from openpyxl import load_workbook

from som_xl.case import load_and_compute, parse_case, read_case_file
from som_xl.case.sourcing import sentence
from som_xl.knowledge import load_knowledge
from som_xl.paths import default_knowledge_dir, examples_dir, template_path
from som_xl.report import build_document, to_markdown
from som_xl.service.workbooks import fill_from_case, share_copy
from som_xl.workbook import layout as L

DEMO = examples_dir() / "housing_first.json"
MENTOR = examples_dir() / "egen_maalgruppe_mentor.json"


def _text(doc) -> str:
    return to_markdown(doc)


def test_the_report_states_what_the_demo_rests_on_in_the_packages_words():
    comp = load_and_compute(DEMO)
    doc = build_document(comp)
    kort = doc.section("kort").paragraphs
    assert kort[1] == f"Grundlag: {sentence(comp.sourcing)}"
    # Housing First since 2026.3.0: one derived § 110 line, an illustrative rate and 2025 index values
    assert kort[1].startswith("Grundlag: 100 % af gevinsterne bygger på illustrative tal (effekt, indeks)")
    assert "afledte tal 0 %" in kort[1]
    ikke_med = doc.section("ikke_med").paragraphs
    method = comp.knowledge.method("consequences").description_da
    assert method in ikke_med[1] and "illustrative pladsholdere" in ikke_med[1]
    assert ikke_med[3].startswith("Omkostningerne (") and "kommunens egne tal" in ikke_med[3]
    assumptions = dict(doc.section("forudsaetninger").table.rows)
    assert assumptions["Svagere kilder"] == (
        "Ophold på forsorgshjem eller herberg (SEL § 110): sekundær kilde, prisår antaget")
    prices = {r[0]: r for r in doc.section("priser").table.rows}
    assert prices["Ophold på forsorgshjem eller herberg (SEL § 110)"][4] == "viden, sekundær"
    assert "register" not in _text(doc).lower()
    # the demo: derived lines, primary or derived prices, a secondary effect
    demo = build_document(load_and_compute(examples_dir() / "indsatte_mentor.json"))
    assert "afledte tal 100 %, illustrative tal 0 %" in demo.section("kort").paragraphs[1]
    demo_prices = {r[0]: r for r in demo.section("priser").table.rows}
    assert demo_prices["Afsoning i fængsel eller arresthus"][4] == "viden"


def test_a_case_of_own_lines_says_egne_tal_not_illustrative_nor_sourced():
    comp = load_and_compute(MENTOR)
    doc = build_document(comp)
    assert "100 % bygger helt eller delvis på kommunens egne tal" in doc.section("kort").paragraphs[1]
    assert doc.section("ikke_med").paragraphs[1].startswith("Konsekvenslinjerne er kommunens egne tal")
    assert comp.knowledge.method("consequences").description_da not in _text(doc)
    assert "register" not in _text(doc).lower()


def test_a_package_that_says_register_data_is_quoted_and_only_then(tmp_path):
    pkg = tmp_path / "pkg"
    shutil.copytree(default_knowledge_dir(), pkg)
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    d["som_xl_method"]["consequences"] = {"basis": "registerdata",
                                         "description_da": "Konsekvenserne er estimeret på registerdata (testpakke)."}
    (pkg / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    comp = load_and_compute(DEMO, load_knowledge(pkg))
    text = _text(build_document(comp))
    assert "Konsekvenserne er estimeret på registerdata (testpakke)." in text


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("bog") / "demo.xlsm"
    fill_from_case(path, parse_case(read_case_file(DEMO)), base=template_path())
    return path


def _all_text(path) -> str:
    wb = load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                     if v is not None)


def test_resultater_states_the_share_and_the_share_copy_keeps_it(demo_book, tmp_path):
    comp = load_and_compute(DEMO)
    wb = load_workbook(demo_book, read_only=True)
    grounds = wb[L.RESULTATER].cell(row=L.GROUNDS.first_row, column=L.GROUNDS.first_col).value
    assert grounds.startswith(sentence(comp.sourcing))
    assert comp.knowledge.method("consequences").description_da in grounds
    copy = share_copy(demo_book, tmp_path / "deling.xlsx")
    shared = load_workbook(copy, read_only=True)
    assert shared[L.RESULTATER].cell(row=L.GROUNDS.first_row, column=L.GROUNDS.first_col).value == grounds
    for path in (demo_book, copy):
        assert "register" not in _all_text(path).lower(), path.name
