"""A knowledge package whose discount schedule ends before the case's horizon: a Danish
input error naming the horizon, never an internal error (found in the final review)."""

from __future__ import annotations

import json

from som_xl.cli.main import main
from som_xl.paths import examples_dir


def test_a_schedule_ending_before_the_horizon_is_a_danish_input_error(package_copy, tmp_path, capsys):
    rates = package_copy / "discount_rates.csv"
    kept = [line for line in rates.read_text("utf-8").splitlines(keepends=True)
            if not line.startswith(("fm_2021,2021-01-07,36,", "fm_2021,2021-01-07,71,"))]
    rates.write_text("".join(kept), encoding="utf-8")  # fm_2021 now ends at year index 35
    case = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))
    case["settings"]["horizon_years"] = 40
    case["settings"]["discount_schedule"] = "fm_2021"
    path = tmp_path / "sag.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")

    assert main(["calc", str(path), "--knowledge", str(package_copy)]) == 2
    err = capsys.readouterr().err
    assert "$.settings.horizon_years" in err and "ingen rente for år 36" in err and "højst 36 år" in err

    case["settings"]["horizon_years"] = 36  # the last year index is 35: covered
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    assert main(["calc", str(path), "--knowledge", str(package_copy)]) == 0
