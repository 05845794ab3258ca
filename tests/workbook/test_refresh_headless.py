"""'Opdatér viden' without Excel (issue 12, point 15): ``som-xl refresh WORKBOOK`` (and
``som-xl recalc --refresh``) gives a workbook filled in by hand the chosen target group's
consequence lines, recalculates it and saves it atomically; what the user typed stays."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from som_xl.case import compute, parse_case
from som_xl.cli.main import main
from som_xl.paths import examples_dir, template_path
from som_xl.vocabulary.costs import BASIS_LABELS, KIND_LABELS
from som_xl.workbook import layout as L
from tests.workbook.test_recalc import block_values

EXAMPLE = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))


def filled_by_hand(tmp_path, group: str = "Voksne i hjemløshed"):
    """The template with the settings, cohorts and costs typed in, and no consequence lines."""
    path = tmp_path / "haand.xlsm"
    wb = load_workbook(template_path(), keep_vba=True)
    ind = wb[L.INDSATS]
    values = {"title": "Skrevet i hånden", "target_group": group, "settings.start_year": 2025,
              "settings.horizon_years": 10, "settings.price_year": 2025, "programme.duration_years": 2,
              "effect.success_rate": 0.25}
    for key, value in values.items():
        row, col = L.field_cell(L.field_by_key(key))
        ind.cell(row=row, column=col, value=value)
    for i, cohort in enumerate(EXAMPLE["programme"]["cohorts"]):
        ind.cell(row=L.COHORTS.first_row + i, column=L.COHORTS.first_col, value=cohort["year"])
        ind.cell(row=L.COHORTS.first_row + i, column=L.COHORTS.first_col + 1, value=cohort["participants"])
    cost = EXAMPLE["costs"][0]
    row = L.COSTS.first_row
    for j, v in enumerate([cost["label"], cost["payer"], KIND_LABELS[cost["kind"]], BASIS_LABELS[cost["basis"]],
                           cost["amount"], cost.get("year")]):
        ind.cell(row=row, column=L.COSTS.first_col + j, value=v)
    wb.save(path)
    expected = {"format": "som-xl-case/1", "title": "Skrevet i hånden", "target_group": "hjemloese_voksne",
                "settings": {"start_year": 2025, "horizon_years": 10, "price_year": 2025},
                "programme": {"duration_years": 2, "cohorts": EXAMPLE["programme"]["cohorts"]},
                "costs": [cost], "effect": {"success_rate": 0.25}}
    return path, expected


def _lines(path):
    return [r for r in block_values(path, L.CONSEQUENCES.name) if any(v is not None for v in r)]


@pytest.mark.parametrize("command", [["refresh"], ["recalc", "--refresh"]])
def test_refresh_gives_a_hand_filled_workbook_its_consequence_lines_and_results(tmp_path, capsys, command):
    path, expected = filled_by_hand(tmp_path)
    assert _lines(path) == []
    inputs = block_values(path, L.COHORTS.name), block_values(path, L.COSTS.name)
    assert main([*command, str(path)]) == 0
    out = capsys.readouterr().out
    assert "Viden opdateret (Voksne i hjemløshed" in out
    items = [r[1] for r in _lines(path)]
    from som_xl.knowledge import load_knowledge

    # the target group's first outcome's lines (no outcome typed)
    assert items == [p.item for p in load_knowledge().consequence_profiles("hjemloese_voksne", "ude_af_hjemloeshed")]
    npv = block_values(path, L.KEY_FIGURES.name)[2]
    assert npv == pytest.approx([float(v) for v in compute(parse_case(expected)).results.npv], rel=1e-12)
    assert (block_values(path, L.COHORTS.name), block_values(path, L.COSTS.name)) == inputs  # typed, kept


def test_refresh_with_an_unknown_target_group_changes_nothing(tmp_path, capsys):
    path, _ = filled_by_hand(tmp_path, group="Findes ikke")
    before = path.read_bytes()
    assert main(["refresh", str(path)]) == 2
    assert "målgruppen 'Findes ikke' findes ikke" in capsys.readouterr().out
    assert path.read_bytes() == before
