"""The workbook round trip: fill through the layout contract, recalculate headless,
and compare with the core; invalid input never touches what the user typed."""

import copy
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from ooxml_vba.package import ribbon_intact
from som_xl.case import compute, parse_case
from som_xl.cli.main import main
from som_xl.paths import examples_dir
from som_xl.service.workbooks import fill_from_case, recalc_file
from som_xl.workbook import layout as L
from som_xl.workbook.backend import parse_destination
from som_xl.workbook.build import template_bytes

EXAMPLE = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "template.xlsm"
    path.write_bytes(template_bytes())
    return path


def block_values(path, name):
    wb = load_workbook(path, keep_vba=True)
    sheet, r1, c1, r2, c2 = parse_destination(wb.defined_names[name].attr_text)
    return [list(r) for r in wb[sheet].iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2, values_only=True)]


def computed_example(tmp_path, template, data=EXAMPLE):
    path = tmp_path / "case.xlsm"
    fill_from_case(path, parse_case(data), base=template)
    return path


def test_recalculated_workbook_has_exactly_the_cores_numbers(tmp_path, template):
    path = computed_example(tmp_path, template)
    outcome = recalc_file(path)
    assert outcome.ok, outcome.problems
    expected = compute(parse_case(EXAMPLE)).results
    key = block_values(path, L.KEY_FIGURES.name)
    # Values, not rounded text. openpyxl writes floats with 16 significant digits, so
    # the last bit may differ: equal to 1e-14 relative (far below an øre).
    exact = dict(rel=1e-14, abs=0)
    assert key[2] == pytest.approx([float(v) for v in expected.npv], **exact)
    assert key[0] == pytest.approx([float(v) for v in expected.pv_costs], **exact)
    assert key[4] == [y if y else "ingen omkostninger" if free else "ikke i horisonten"
                      for y, free in zip(expected.break_even_year, expected.no_net_costs, strict=True)]
    years = block_values(path, L.YEARS.name)
    n = expected.years.size
    assert [row[0] for row in years[:n]] == expected.years.tolist()
    assert [row[9:13] for row in years[:n]] == [pytest.approx(r, **exact) for r in expected.net.T.tolist()]
    assert all(v is None for row in years[n:] for v in row)


def test_recalc_keeps_inputs_vba_and_ribbon_byte_identical(tmp_path, template):
    path = computed_example(tmp_path, template)
    before = {b.name: block_values(path, b.name) for b in L.INPUT_BLOCKS}
    with zipfile.ZipFile(path) as z:
        vba_before = z.read("xl/vbaProject.bin")
        ribbon_before = z.read("customUI/customUI14.xml")
    recalc_file(path)
    after = {b.name: block_values(path, b.name) for b in L.INPUT_BLOCKS}
    assert after == before
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/vbaProject.bin") == vba_before
        assert z.read("customUI/customUI14.xml") == ribbon_before
    assert ribbon_intact(path.read_bytes())


def test_invalid_input_writes_nothing_over_inputs_and_shows_danish_problems(tmp_path, template, capsys):
    path = computed_example(tmp_path, template)
    wb = load_workbook(path, keep_vba=True)
    row, col = L.field_cell(L.field_by_key("effect.success_rate"))
    wb[L.INDSATS].cell(row=row, column=col, value=1.5)
    cohort_row = L.COHORTS.first_row
    wb[L.INDSATS].cell(row=cohort_row, column=L.COHORTS.first_col + 1, value="tyve")
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    before = {b.name: block_values(path, b.name) for b in L.INPUT_BLOCKS}

    assert main(["recalc", str(path)]) == 2
    out = capsys.readouterr().out
    cell = f"{L.INDSATS}!C{row}"
    assert f"{cell}: succesrate (netto) skal være mellem 0 % og 100 % (fik 150,0 %)" in out
    assert f"{L.INDSATS}!C{cohort_row}: Deltagere skal være et helt tal (fik 'tyve')" in out

    assert {b.name: block_values(path, b.name) for b in L.INPUT_BLOCKS} == before
    messages = block_values(path, L.MESSAGES.name)
    assert [cell, "Fejl", "succesrate (netto) skal være mellem 0 % og 100 % (fik 150,0 %)."] in messages
    assert block_values(path, L.KEY_FIGURES.name)[2] == [None] * 4  # no stale results
    assert block_values(path, L.STATUS.name)[0][0].startswith("Fejl: 2 problemer")


def test_workbook_with_a_missing_name_is_refused_in_danish(tmp_path, template):
    path = tmp_path / "broken.xlsm"
    wb = load_workbook(template, keep_vba=True)
    del wb.defined_names[L.COSTS.name]
    wb.save(path)
    from som_xl.errors import InputError

    with pytest.raises(InputError) as info:
        recalc_file(path)
    assert "som_omkostninger" in info.value.problems[0].message


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path, template):
    data = copy.deepcopy(EXAMPLE)
    data["title"] = "=HYPERLINK(\"http://evil\")"
    path = computed_example(tmp_path, template, data)
    with zipfile.ZipFile(path) as z:
        sheets = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheets or b"HYPERLINK" not in sheets.split(b"<f>")[1][:100]


def test_the_template_builds_reproducibly_and_matches_the_committed_file():
    from som_xl.paths import template_path

    first, second = template_bytes(), template_bytes()
    assert first == second
    assert template_path().read_bytes() == first, "run `som-xl build-template` and commit the result"


def test_vba_xlwings_version_is_the_installed_one():
    import xlwings
    from oletools.olevba import VBA_Parser

    from som_xl.paths import template_path
    from som_xl.workbook.vba_sources import module_from_export, vba_xlwings_version  # noqa: F401

    parser = VBA_Parser(str(template_path()))
    sources = {name: code for _, _, name, code in parser.extract_macros()}
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in sources["xlwings.bas"]
    assert "Sub SomBeregn(control As IRibbonControl)" in sources["SomRibbon.bas"]
