"""The decision report's section "Opfølgning: forventet og realiseret": present only with
actual figures, its numbers computed by hand, on the Oplæg sheet within two pages."""

import copy
import json

import pytest

from som_xl.case import compute, parse_case
from som_xl.cli.main import main
from som_xl.knowledge import load_knowledge
from som_xl.report import build_document, to_markdown
from som_xl.workbook import layout as L
from som_xl.workbook.backend import MemoryBackend
from som_xl.workbook.inputs_writer import write_case_inputs
from som_xl.workbook.oplaeg_sheet import sheet_rows
from som_xl.workbook.recalc import recalculate
from tests.report.helpers import HAND_CASE


def followed_case() -> dict:
    """HAND_CASE (10 people in 2025, one-year programme, r = 50 %, 4 %, 20,000 kr. each to
    kommune) followed for 2025: 10 started, kommune paid 230,000 kr., 4 succeeded.

    Per success: 2025 gains kommune 20,000, region 5,000, stat 2,500 (27,500 in all);
    2026 kommune 15,000, region 2,500, stat 2,500 (20,000). Plan: 5 successes, 200,000 kr.
    """
    data = copy.deepcopy(HAND_CASE)
    data["actuals"] = [{"year": 2025, "participants": 10, "costs": {"kommune": 230_000, "region": 0, "stat": 0},
                        "successes": 4}]
    return data


def test_the_section_by_hand():
    section = build_document(compute(parse_case(followed_case()))).section("opfoelgning")
    assert section.title == "Opfølgning: forventet og realiseret"
    table = section.table
    assert table.headers == ("Faktiske tal til og med 2025", "Plan", "Faktisk / ny prognose", "Forskel")
    rows = {r[0]: r[1:] for r in table.rows}
    assert rows["Deltagere, der er startet"] == ("10", "10", "0")
    assert rows["Succeser i afsluttede hold"] == ("5,0", "4", "-1,0")
    assert rows["Succesrate i afsluttede hold"] == ("50,0 %", "40,0 %", "-10,0 %-point")
    assert rows["Omkostninger i alt"] == ("200.000 kr.", "230.000 kr.", "+30.000 kr.")
    plan_total = 5 * (27_500 + 20_000 / 1.04) - 200_000  # 33,653.85
    new_total = 4 * (27_500 + 20_000 / 1.04) - 230_000  # −43,076.92
    assert rows["Nettoresultat i alt, hele perioden (nutidsværdi)"] == (
        "33.654 kr.", "-43.077 kr.", f"{new_total - plan_total:,.0f} kr.".replace(",", "."))
    plan_k, new_k = 5 * (20_000 + 15_000 / 1.04) - 200_000, 4 * (20_000 + 15_000 / 1.04) - 230_000
    assert rows["Nettoresultat for kommunen, hele perioden"][:2] == (
        f"{plan_k:,.0f} kr.".replace(",", "."), f"{new_k:,.0f} kr.".replace(",", "."))
    # Plan: −62,500 in 2025, +96,154 in 2026 → pays back in 2026; the re-forecast never does.
    assert rows["Break-even-år i alt"] == ("2026", "ikke i horisonten", "")


def test_no_actuals_no_section_and_the_sheet_stays_blank_there():
    doc = build_document(compute(parse_case(HAND_CASE)))
    assert "opfoelgning" not in [s.key for s in doc.sections]
    assert "Opfølgning" not in to_markdown(doc)
    assert L.oplaeg_part("opfoelgning").name not in sheet_rows(doc)


def test_beregn_writes_the_section_on_the_oplaeg_sheet():
    k = load_knowledge()
    backend = MemoryBackend()
    write_case_inputs(backend, parse_case(followed_case()), k)
    outcome = recalculate(backend, k)
    assert outcome.ok
    part = L.oplaeg_part("opfoelgning")
    values = backend.read(L.OPLAEG_BLOCK.name).values[part.first_row - 1: part.first_row - 1 + part.rows]
    assert values[0][0] == "Opfølgning: forventet og realiseret"
    assert values[1][:4] == ["Faktiske tal til og med 2025", "Plan", "Faktisk / ny prognose", "Forskel"]
    assert values[3][:4] == ["Succeser i afsluttede hold", "5,0", "4", "-1,0"]


@pytest.mark.libreoffice
def test_the_report_with_a_follow_up_fits_two_pages(tmp_path):
    from tests.report.test_cli import _pdf_pages, _text

    src = tmp_path / "sag.json"
    src.write_text(json.dumps(followed_case(), ensure_ascii=False), "utf-8")
    out = tmp_path / "oplaeg.pdf"
    assert main(["report", str(src), "-o", str(out)]) == 0
    assert _pdf_pages(out)[0] <= 2
    text = " ".join(_text(out).split())
    assert "Opfølgning: forventet og realiseret" in text and "-10,0 %-point" in text


def test_one_follow_up_per_computation():
    """The Opfølgning sheet and the report read the same follow-up: built once per
    computation, its plan the computation's own results, equal to one built from scratch;
    the odds are added to a copy, never to the shared one."""
    from som_xl.followup import actuals_from, follow_up, follow_up_computation
    from som_xl.uncertainty import MonteCarloSettings

    comp = compute(parse_case(followed_case()))
    shared = follow_up_computation(comp)
    assert shared is comp.follow_up is follow_up_computation(comp)
    assert shared.plan is comp.results and shared.odds is None
    fresh = follow_up(comp.case_input, actuals_from(comp.case.actuals))
    assert fresh.plan.npv.tolist() == shared.plan.npv.tolist()
    assert fresh.reforecast.npv.tolist() == shared.reforecast.npv.tolist()
    settings = MonteCarloSettings(draws=200, seed=7)
    with_odds = follow_up_computation(comp, odds_settings=settings)
    expected = follow_up(comp.case_input, actuals_from(comp.case.actuals), odds_settings=settings,
                         low=comp.case.effect.low, high=comp.case.effect.high).odds
    assert {k: v.tolist() for k, v in with_odds.odds.items()} == {k: v.tolist() for k, v in expected.items()}
    assert comp.follow_up.odds is None
    assert compute(parse_case(HAND_CASE)).follow_up is None
