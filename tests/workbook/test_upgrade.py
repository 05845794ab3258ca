"""A workbook made from an older template: Beregn/recalc say how to carry it over, and
``som-xl upgrade`` carries its inputs into the current template without touching it.

``tests/fixtures/older_template_3b87386.xlsm`` is a real workbook from an older som_xl:
``som-xl new --case examples/housing_first.json`` at commit 3b87386 (23 Nov 2026), then
``som-xl recalc`` there (knowledge 2026.1.0). It lacks the blocks later versions added
(``som_faktiske``, the follow-up's actuals, and ``som_grundlag``, what the gains rest on).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from som_xl.case import compute, parse_case, read_case_file
from som_xl.cli.main import main
from som_xl.core.entities import TOTAL_INDEX
from som_xl.errors import InputError
from som_xl.paths import template_path
from som_xl.service.workbooks import recalc_file, upgraded_path
from som_xl.workbook import layout as L

FIXTURE = Path(__file__).parent.parent / "fixtures" / "older_template_3b87386.xlsm"
EXAMPLE = FIXTURE.with_suffix(".case.json")
"""What the fixture was filled from: examples/housing_first.json as it was before the knowledge
package 2026.3.0 (evidence level 2; its consequence lines came from the package then)."""


@pytest.fixture
def old(tmp_path):
    path = tmp_path / "Gammel sag.xlsm"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_is_an_older_template(old):
    names = set(openpyxl.load_workbook(old, keep_vba=True).defined_names)
    assert L.SETTINGS.name in names
    assert {L.ACTUALS.name, L.GROUNDS.name} - names == {L.ACTUALS.name, L.GROUNDS.name}


def test_recalc_points_to_upgrade_and_changes_nothing(old, capsys):
    before = old.read_bytes()
    assert main(["recalc", str(old)]) == 2
    out = capsys.readouterr().out
    assert "'som_grundlag' mangler i projektmappen: den er lavet med en ældre udgave af som_xl's skabelon" in out
    assert "som-xl upgrade" in out
    assert "Traceback" not in out
    assert old.read_bytes() == before


def test_upgrade_carries_every_input_and_computes_with_todays_knowledge(old, tmp_path, capsys):
    before = old.read_bytes()
    assert main(["upgrade", str(old)]) == 0
    out = capsys.readouterr().out
    new = upgraded_path(old)
    assert new.name == "Gammel sag (opgraderet).xlsm" and new.exists()
    assert old.read_bytes() == before  # only read
    # every input field: export of the new workbook == the case the old one was filled from, and the
    # consequence lines the old package put on its Konsekvenser sheet, now the workbook's own lines
    # (today's package has other lines for the target group, so they are no longer the package's)
    expected_case = parse_case(read_case_file(EXAMPLE))
    exported = tmp_path / "ny.json"
    assert main(["case", "export", str(new), "-o", str(exported)]) == 0
    data = json.loads(exported.read_text("utf-8"))
    data.pop("provenance")
    lines = data.pop("consequences")
    assert data == {k: v for k, v in expected_case.to_dict().items() if k not in ("provenance", "consequences")}
    assert lines and all(line["source"].startswith("Viden (illustrativ)") for line in lines)  # 2026.1.0's
    assert lines[0]["item"] == "forsorgshjem_110" and lines[0]["per_success_by_year"][:2] == [-40, -45]
    # the new workbook recalculates (the old one cannot), to the result of the same inputs through calc
    expected = compute(parse_case({**data, "consequences": lines}), _knowledge())
    outcome = recalc_file(new)
    assert outcome.ok
    assert outcome.computation.results.npv[TOTAL_INDEX] == pytest.approx(expected.results.npv[TOTAL_INDEX])
    # what changed is said: the old result and knowledge, the block that was blank
    assert "2026.1.0" in out and "-1.845.651 kr. → " in out
    assert L.ACTUALS.name in out and "kr.." not in out


def _knowledge():
    from som_xl.knowledge import load_knowledge

    return load_knowledge()


def test_upgrade_never_overwrites(old, tmp_path, capsys):
    assert main(["upgrade", str(old), "-o", str(old)]) == 2
    assert "den gamle overskrives aldrig" in capsys.readouterr().err
    taken = tmp_path / "optaget.xlsm"
    taken.write_bytes(b"kollegaens fil")
    assert main(["upgrade", str(old), "-o", str(taken)]) == 2
    assert "findes allerede" in capsys.readouterr().err
    assert taken.read_bytes() == b"kollegaens fil"
    assert main(["upgrade", str(old), "-o", str(tmp_path / "ny.docx")]) == 2
    assert not (tmp_path / "ny.docx").exists()
    assert main(["upgrade", str(old), "-o", str(taken), "--force"]) == 0
    assert taken.read_bytes()[:2] == b"PK"


def test_upgrade_to_a_macro_free_workbook(old, tmp_path):
    new = tmp_path / "Til tilføjelsesprogrammet.xlsx"
    assert main(["upgrade", str(old), "-o", str(new)]) == 0
    assert recalc_file(new).ok


def test_invalid_old_inputs_name_the_cells_and_write_nothing(old, tmp_path, capsys):
    wb = openpyxl.load_workbook(old, keep_vba=True)
    row, col = L.field_cell(L.field_by_key("effect.success_rate"))
    wb[L.INDSATS].cell(row=row, column=col, value=1.5)
    wb.save(old)
    assert main(["upgrade", str(old)]) == 2
    assert f"{L.INDSATS}!{L.get_column_letter(col)}{row}: succesrate" in capsys.readouterr().err
    assert not upgraded_path(old).exists()


def test_a_workbook_not_from_the_template_is_not_called_older(tmp_path):
    """Without the settings block it is not som_xl's workbook: the old message, no upgrade offered."""
    path = tmp_path / "fremmed.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError) as exc:
        recalc_file(path)
    assert [p.type for p in exc.value.problems] == ["missing-range"]
    assert "ikke lavet ud fra som_xl's skabelon" in str(exc.value.problems[0])
    assert "upgrade" not in str(exc.value.problems[0])


@pytest.mark.parametrize("newer", ["version", "block"])
def test_a_workbook_from_a_newer_som_xl_is_refused_not_stripped(tmp_path, capsys, newer):
    """A newer template's inputs this version does not know would be dropped silently."""
    from openpyxl.workbook.defined_name import DefinedName

    from som_xl.service.workbooks import fill_from_case

    path = tmp_path / "Ny sag.xlsm"
    fill_from_case(path, parse_case(read_case_file(EXAMPLE)), base=template_path())
    wb = openpyxl.load_workbook(path, keep_vba=True)
    if newer == "version":
        wb[L.FORSIDE].cell(row=L.VERSIONS.first_row, column=L.VERSIONS.first_col, value="som_xl 99.1.0")
    else:
        wb.defined_names["som_fremtidige_input"] = DefinedName("som_fremtidige_input", attr_text="Indsats!$Z$1:$Z$5")
    wb.save(path)
    before = path.read_bytes()
    assert main(["upgrade", str(path)]) == 2
    err = capsys.readouterr().err
    assert "nyere end denne som_xl" in err
    assert ("99.1.0" in err) if newer == "version" else ("som_fremtidige_input" in err)
    assert path.read_bytes() == before and not upgraded_path(path).exists()
