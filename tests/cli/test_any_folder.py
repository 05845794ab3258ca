"""Commands work from any folder (issue 12, point 13).

* ``som-xl test`` without paths runs the shipped case tests wherever it is started; a
  case test may name its case file, found beside the test (not in the current folder);
  a path with no tests is a Danish exit 2, not "0 passed".
* ``som-xl report CASE`` writes the report in the current folder; beside the case only
  when ``-o`` says so.
* ``som-xl build-template`` without a path never overwrites an installed package's
  template (only a source checkout's).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from som_xl import paths
from som_xl.cli.main import main
from som_xl.paths import examples_dir

EXAMPLE = examples_dir() / "housing_first.json"


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "et andet sted"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_som_xl_test_without_paths_runs_the_shipped_tests_from_any_folder(elsewhere, capsys):
    assert main(["test"]) == 0
    out = capsys.readouterr().out
    assert "OK    wsipp_workshop.yaml" in out and " 0 fejlet." in out.strip().splitlines()[-1]


def test_a_case_test_finds_its_case_file_beside_it(tmp_path, elsewhere, capsys):
    suite = tmp_path / "suite"
    (suite / "sager").mkdir(parents=True)
    shutil.copy(EXAMPLE, suite / "sager" / "hf.json")
    from som_xl.case import load_and_compute

    npv = float(load_and_compute(EXAMPLE).results.npv[3])
    (suite / "hf.yaml").write_text(f"name: Housing First fra sagsfil\ncase: sager/hf.json\n"
                                   f"expected: {{npv: {{total: {npv}}}}}\n", "utf-8")
    assert main(["test", str(suite / "hf.yaml")]) == 0
    assert "1 bestået" in capsys.readouterr().out


def test_a_path_without_case_tests_is_a_danish_error(tmp_path, elsewhere, capsys):
    assert main(["test", str(tmp_path / "findes-ikke")]) == 2
    assert "ingen case-tests" in capsys.readouterr().err


def test_report_writes_in_the_current_folder_unless_told(tmp_path, elsewhere, capsys):
    case_dir = tmp_path / "sager"
    case_dir.mkdir()
    case = case_dir / "hf.json"
    case.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    assert main(["report", str(case), "--format", "md"]) == 0
    assert (elsewhere / "hf_oplaeg.md").exists() and not (case_dir / "hf_oplaeg.md").exists()
    assert main(["report", str(case), "-o", str(case_dir / "hf_oplaeg.md")]) == 0
    assert (case_dir / "hf_oplaeg.md").exists()


def test_build_template_without_a_path_never_overwrites_an_installed_template(tmp_path, monkeypatch, capsys):
    site = tmp_path / "site-packages"
    installed = site / "som_xl" / "_shipped" / "workbook_template.xlsm"
    installed.parent.mkdir(parents=True)
    installed.write_bytes(b"den installerede skabelon")
    monkeypatch.setattr(paths, "checkout_dir", lambda: None)  # installed: no checkout around it
    monkeypatch.setattr(paths, "package_file", lambda *parts: site.joinpath("som_xl", *parts))
    assert paths.template_path() == installed
    assert main(["build-template"]) == 2
    assert "angiv" in capsys.readouterr().err
    assert installed.read_bytes() == b"den installerede skabelon"


def test_build_template_without_a_path_in_a_checkout_writes_the_checkouts_template():
    assert paths.checkout_template_path() == paths.template_path()
    assert (paths.template_path().parent / "pyproject.toml").is_file()


def test_the_wheel_ships_the_case_tests():
    text = (Path(paths.__file__).resolve().parents[1] / "setup.py").read_text("utf-8")
    assert '"tests/cases", "case_tests"' in text
