"""Runs every ``tests/cases/*.yaml`` case test, and checks that a malformed test file
fails with a Danish message naming the key, the test and the file."""

from pathlib import Path

import pytest

from som_xl.casetests import load_case_tests, run_case_test
from som_xl.cli.main import main
from som_xl.errors import InputError

HERE = Path(__file__).parent
TESTS = [t for f in sorted(HERE.glob("*.yaml")) for t in load_case_tests(f)]


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.name)
def test_yaml_case(test):
    assert run_case_test(test) == []


def test_som_xl_test_runs_them(capsys):
    assert main(["test", str(HERE)]) == 0
    assert f"{len(TESTS)} bestået, 0 fejlet." in capsys.readouterr().out


def test_unknown_key_names_key_test_and_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: En test\ncase: {}\nexpected: {npv: {kommune: 1}}\nabsolut_margin: 1\n", "utf-8")
    with pytest.raises(InputError) as info:
        load_case_tests(bad)
    p = info.value.problems[0]
    assert p.location == "bad.yaml: En test" and "'absolut_margin'" in p.message


def test_a_wrong_expectation_fails(tmp_path):
    text = (HERE / "wsipp_workshop.yaml").read_text("utf-8").replace("4526.12, total", "4000, total")
    f = tmp_path / "wrong.yaml"
    f.write_text(text, "utf-8")
    (diff,) = run_case_test(load_case_tests(f)[0])
    assert diff.startswith("npv.kommune: forventet 4000")
