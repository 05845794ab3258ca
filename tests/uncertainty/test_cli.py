"""``som-xl sensitivity``: Danish text and JSON.

The case layer (``som_xl.case``) and the knowledge package are built by other rooms;
most tests here feed the command a computation-like object through
``load_computation`` so they test this command alone. ``test_end_to_end_on_the_example``
runs the real chain and is skipped while the knowledge package is not there yet.
"""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from som_xl.cli import sensitivity
from som_xl.cli.main import main
from som_xl.core import calculate
from tests.uncertainty.helpers import housing_case

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "housing_first.json"


@pytest.fixture
def fake_case(monkeypatch):
    case_input = housing_case()
    comp = SimpleNamespace(
        case=SimpleNamespace(title="Housing First (test)",
                             effect=SimpleNamespace(low=0.10, high=0.40, evidence_level=2)),
        case_input=case_input, results=calculate(case_input))
    seen = {}

    def load(path, knowledge_dir=None):
        seen["path"] = path
        return comp

    monkeypatch.setattr(sensitivity, "load_computation", load)
    return seen


def test_text_report(fake_case, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")  # wide enough that no table cell wraps
    assert main(["sensitivity", "CASE.json", "--draws", "500"]) == 0
    out = capsys.readouterr().out
    assert fake_case["path"] == "CASE.json"
    assert "Indsatsen betaler sig for kommunen" in out or "Indsatsen betaler sig ikke for kommunen" in out
    assert "Følsomhedsanalyse" in out and "Omkostninger +20 %" in out
    assert "Monte Carlo: 500 træk, startværdi 20260101" in out
    assert "Sandsynlighed for nettoresultat ≥ 0" in out
    assert "Succesrate: PERT-fordeling, 10,0 % – 25,0 % – 40,0 %" in out
    assert "Justering" not in out  # adjustments are off by default


def test_json_is_the_same_results(fake_case, capsys):
    assert main(["sensitivity", "CASE.json", "--draws", "300", "--seed", "42", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["title"] == "Housing First (test)"
    assert d["monte_carlo"]["seed"] == 42 and d["monte_carlo"]["draws"] == 300
    assert [b["actor"] for b in d["break_even"]] == ["kommune", "region", "stat", "total"]
    assert d["tornado"]["settings"]["success_low"] == 0.10
    assert d["adjustments"]["on"] is False


def test_seed_reproduces_and_adjustments_are_reported(fake_case, capsys):
    args = ["sensitivity", "X.json", "--draws", "300", "--json", "--haircut", "--drop-off", "0.05"]
    main(args)
    first = json.loads(capsys.readouterr().out)
    main(args)
    second = json.loads(capsys.readouterr().out)
    assert first["monte_carlo"] == second["monte_carlo"]
    assert len(first["adjustments"]["notes"]) == 2
    assert first["success_rate"] == pytest.approx(0.25 * 0.75)
    main(args[:-4] + ["--haircut"])
    assert "Justering" in capsys.readouterr().out


def test_bad_input_is_exit_code_two(fake_case):
    assert main(["sensitivity", "X.json", "--draws", "0"]) == 2
    # The message itself (main prints it to the stderr it bound at import time).
    from som_xl.cli.main import build_parser
    from som_xl.errors import InputError

    args = build_parser().parse_args(["sensitivity", "X.json", "--draws", "0"])
    with pytest.raises(InputError, match="Antal træk skal ligge mellem 1 og 1.000.000"):
        args.func(args)


def test_end_to_end_on_the_example(capsys):
    try:
        from som_xl.knowledge import load_knowledge  # noqa: F401
    except ImportError:
        pytest.skip("the knowledge package (som_xl.knowledge) is not built yet")
    if not EXAMPLE.exists():
        pytest.skip("examples/housing_first.json is not there yet")
    assert main(["sensitivity", str(EXAMPLE), "--draws", "1000", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["tornado"]["settings"]["success_low"] == pytest.approx(0.10)
    assert d["monte_carlo"]["draws"] == 1000
