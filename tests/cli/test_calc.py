"""``som-xl calc`` and ``som-xl demo``: readable Danish output, JSON equal to the
library result, exit code 2 with a Danish message on invalid input."""

import copy
import json

import pytest

from som_xl.case import load_and_compute, results_to_json
from som_xl.cli.main import main
from som_xl.paths import examples_dir

EXAMPLE_PATH = examples_dir() / "housing_first.json"


def test_calc_json_equals_the_library_result(capsys):
    assert main(["calc", str(EXAMPLE_PATH), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    lib = results_to_json(load_and_compute(EXAMPLE_PATH))
    for key in ("npv", "break_even_year", "return_per_krone", "break_even_success_rate"):
        assert set(out[key]) == {"kommune", "region", "stat", "total"}
        assert out[key] == lib[key]
    assert out["years"] == lib["years"]
    row = out["years"][0]
    assert set(row) == {"year", "actor", "costs", "gains", "net", "cumulative_net", "cumulative_discounted_net"}


def test_calc_prints_a_danish_summary(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")  # wide enough that no table cell wraps
    assert main(["calc", str(EXAMPLE_PATH)]) == 0
    out = capsys.readouterr().out
    assert "Nettoresultat" in out and "Kommune" in out and "Break-even-succesrate" in out
    assert "Samlet nettoresultat (nutidsværdi)" in out


def test_demo_runs_on_the_shipped_knowledge(capsys):
    assert main(["demo"]) == 0
    assert "Housing First" in capsys.readouterr().out


@pytest.mark.parametrize("mutate, words", [
    (lambda d: d["effect"].update(success_rate=1.5), "$.effect.success_rate: succesrate skal være mellem 0 og 1"),
    (lambda d: d.update(target_group="ukendt"), "målgruppen 'ukendt' findes ikke"),
    (lambda d: d["settings"].update(price_year=1999), "$.settings.price_year"),
])
def test_invalid_input_exits_2_with_a_danish_message_and_no_traceback(tmp_path, capsys, mutate, words):
    data = json.loads(EXAMPLE_PATH.read_text("utf-8"))
    data = copy.deepcopy(data)
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["calc", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err


def test_missing_file_exits_2(capsys):
    assert main(["calc", "findes-ikke.json"]) == 2
    assert "filen findes ikke" in capsys.readouterr().err
