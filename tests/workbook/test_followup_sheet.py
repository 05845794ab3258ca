"""The Opfølgning sheet: the yellow grid is the case's ``actuals`` (read by Beregn and by
case export, written by case import), and Beregn fills plan, re-forecast and the chart's
series beside it with the follow-up room's numbers."""

import json
import zipfile

import pytest
from openpyxl import load_workbook

from som_xl.case import compute, parse_case, read_case_file
from som_xl.errors import InputError
from som_xl.followup import follow_up_computation
from som_xl.knowledge import load_knowledge
from som_xl.paths import examples_dir, template_path
from som_xl.service.workbooks import export_case, fill_from_case, recalc_file
from som_xl.workbook import layout as L
from som_xl.workbook.followup_sheet import NO_ACTUALS
from som_xl.workbook.openpyxl_backend import OpenpyxlBackend
from som_xl.workbook.recalc import load_workbook_file, recalculate, save_workbook
from tests.workbook.test_recalc import block_values

FOLLOWED = examples_dir() / "housing_first_opfoelgning.json"
PLAN = examples_dir() / "housing_first.json"


@pytest.fixture
def followed(tmp_path):
    path = tmp_path / "opf.xlsm"
    outcome = fill_from_case(path, parse_case(read_case_file(FOLLOWED)), base=template_path())
    assert outcome.ok, outcome.problems
    return path


def test_the_grid_round_trips_through_the_workbook(tmp_path, followed):
    data = export_case(followed, tmp_path / "ud.json")
    assert data["actuals"] == json.loads(FOLLOWED.read_text("utf-8"))["actuals"]
    plan = tmp_path / "plan.xlsm"
    fill_from_case(plan, parse_case(read_case_file(PLAN)), base=template_path())
    assert "actuals" not in export_case(plan, tmp_path / "plan.json")


def test_beregn_writes_plan_and_reforecast_from_the_follow_up_room(followed):
    expected = follow_up_computation(compute(parse_case(read_case_file(FOLLOWED))))
    kf = block_values(followed, L.FOLLOW_UP_KEY_FIGURES.name)
    assert kf[0] == pytest.approx([float(v) for v in expected.plan.npv], rel=1e-12)
    assert kf[1] == pytest.approx([float(v) for v in expected.reforecast.npv], rel=1e-12)
    assert kf[3][0] == "ikke i horisonten"
    assert kf[5][0] == pytest.approx(expected.reforecast.break_even_success_rate[0])
    assert all(0 <= v <= 1 for v in kf[6] + kf[7])  # the odds, from the Følsomhed sheet's Monte Carlo
    rows = [r for r in block_values(followed, L.FOLLOW_UP_COMPARISON.name) if r[0] is not None]
    # 2025: planned 20 participants, 250,000 + 20 × (85,000 + 12,000) kr.; actual 2,050,000.
    assert rows[0][:4] == [2025, 20, 0, 250_000 + 20 * 97_000]
    assert rows[0][-2:] == [2_050_000, 2_050_000 - (250_000 + 20 * 97_000)]
    assert rows[1][2] == pytest.approx(5)  # 20 finishing in 2026 × 25 %
    series = [r for r in block_values(followed, L.FOLLOW_UP_YEARS.name) if r[0] is not None]
    assert [r[0] for r in series] == list(range(2025, 2035))
    assert series[-1][2] == pytest.approx(float(expected.reforecast.npv[-1]))
    status = block_values(followed, L.FOLLOW_UP_STATUS.name)
    assert status[0][0].startswith("Realiseret succesrate: 3 succeser blandt 18 deltagere")


def test_without_actuals_the_sheet_says_what_to_do(tmp_path):
    path = tmp_path / "plan.xlsm"
    fill_from_case(path, parse_case(read_case_file(PLAN)), base=template_path())
    assert block_values(path, L.FOLLOW_UP_STATUS.name)[0][0] == NO_ACTUALS
    assert all(v is None for row in block_values(path, L.FOLLOW_UP_KEY_FIGURES.name) for v in row)


ROW_2026 = L.ACTUALS.first_row + 1


@pytest.mark.parametrize("typed, cell, words", [
    ({6: 19}, f"G{ROW_2026}", "succeser i 2026 (19) kan ikke være flere end deltagerne i det hold, der sluttede "
                              "i 2026 (startede i 2025 med 18 deltagere)"),
    ({2: 2.5}, f"C{ROW_2026}", "Deltagere (startet) skal være et helt tal"),
    ({1: 2028}, f"B{L.ACTUALS.first_row}", "faktiske tal mangler for 2026"),  # the grid as a whole
])
def test_a_bad_grid_is_named_by_cell_and_nothing_stale_survives(followed, typed, cell, words):
    wb = load_workbook_file(followed)
    ws = wb[L.OPFOELGNING]
    for offset, value in typed.items():
        ws.cell(row=ROW_2026, column=L.ACTUALS.first_col + offset - 1, value=value)
    outcome = recalculate(OpenpyxlBackend(wb), load_knowledge())
    assert not outcome.ok
    by_cell = {p.location: p.message for p in outcome.problems}
    assert words in by_cell[f"{L.OPFOELGNING}!{cell}"], by_cell
    key = L.FOLLOW_UP_KEY_FIGURES
    assert ws.cell(row=key.first_row, column=key.first_col).value is None
    assert "beregningen fejlede" in ws.cell(row=L.FOLLOW_UP_STATUS.first_row, column=3).value


def test_an_older_workbook_without_the_sheet_still_computes(tmp_path):
    path = tmp_path / "gammel.xlsm"
    fill_from_case(path, parse_case(read_case_file(PLAN)), base=template_path())
    wb = load_workbook_file(path)
    del wb[L.OPFOELGNING]
    for block in (L.ACTUALS, *L.FOLLOW_UP_OUTPUTS):
        del wb.defined_names[block.name]
    save_workbook(wb, path)
    assert recalc_file(path).ok
    # A case with actuals cannot go into it: refused before anything is saved.
    before = path.read_bytes()
    with pytest.raises(InputError, match="som_faktiske"):
        fill_from_case(path, parse_case(read_case_file(FOLLOWED)))
    assert path.read_bytes() == before


def test_recalc_draws_the_chart_of_plan_and_reforecast(followed):
    assert recalc_file(followed).ok
    with zipfile.ZipFile(followed) as z:
        charts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert any("plan og ny prognose" in c for c in charts)


@pytest.mark.libreoffice
def test_libreoffice_renders_the_sheet(tmp_path, followed):
    from som_xl.workbook.charts import add_charts
    from som_xl.workbook.oplaeg_export import only_sheet
    from som_xl.workbook.render import pdf_text, to_pdf

    wb = load_workbook(followed, keep_vba=True)
    add_charts(wb, 10)
    only_sheet(wb, L.OPFOELGNING)
    copy = tmp_path / "opf.xlsx"
    wb.save(copy)
    text = pdf_text(to_pdf(copy, tmp_path))
    assert "Opfølgning: forventet og realiseret" in text and "Faktiske tal pr. år" in text
    assert "Realiseret succesrate" in text
