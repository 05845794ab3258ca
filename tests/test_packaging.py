"""The wheel carries every data file som_xl reads at run time, and an installed som_xl finds
its own copy with ``importlib.resources``, never a folder that happens to sit beside it
(issue 22, point 5).

The wheel is built from a copy of the checkout (``pip wheel --no-build-isolation``, offline),
unpacked as an installer would, and run in a fresh interpreter."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("som_xl", "ooxml_vba")
TOP_LEVEL = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "workbook_template.xlsm", "knowledge_tables",
             "examples", "tests/cases", *PACKAGES)
"""What the build reads (setup.py's copies and the packages)."""
_JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")


def _data_files(package: str) -> set[str]:
    """The package's files that are not Python source (its tests stay in the repository)."""
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / package).rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
            and "tests" not in p.relative_to(ROOT / package).parts}


def test_every_package_data_pattern_matches_files_that_exist():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    empty = [f"{package}/{pattern}" for package, globs in patterns.items() for pattern in globs
             if not any(p.is_file() for p in (ROOT / package).glob(pattern))]
    assert empty == []


def modules_finding_data_by_file(root: Path) -> list[str]:
    """``path:line`` of every line in som_xl that names ``__file__``: data is found with
    ``som_xl.paths.package_file`` (importlib.resources), never from a module's own path."""
    return [f"{path.relative_to(root).as_posix()}:{n}" for path in sorted((root / "som_xl").rglob("*.py"))
            for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if "__file__" in line]


def test_no_module_finds_its_data_from_its_own_path():
    assert modules_finding_data_by_file(ROOT) == []


def test_the_data_path_check_finds_a_module_path(tmp_path):
    (tmp_path / "som_xl").mkdir()
    (tmp_path / "som_xl" / "m.py").write_text("from pathlib import Path\n\nHERE = Path(__file__).parent\n", "utf-8")
    assert modules_finding_data_by_file(tmp_path) == ["som_xl/m.py:3"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("dist")
    for name in TOP_LEVEL:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=_JUNK)
        else:
            shutil.copy2(ROOT / name, src / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                           "--no-index", "-w", str(out), str(src)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    (built,) = out.glob("som_xl-*.whl")
    with zipfile.ZipFile(built) as zf:
        yield zf


def test_the_wheel_carries_the_data_read_at_run_time(wheel):
    names = set(wheel.namelist())
    package_data = set().union(*(_data_files(p) for p in PACKAGES))
    assert {"som_xl/schemas/case-1.schema.json", "som_xl/web/templates/base.html"} <= package_data
    descriptor = json.loads((ROOT / "knowledge_tables" / "datapackage.json").read_text("utf-8"))
    knowledge = {f"knowledge_tables/{r['path']}" for r in descriptor["resources"]}
    knowledge.add("knowledge_tables/datapackage.json")
    top = (knowledge | {"workbook_template.xlsm"}
           | {f"examples/{p.name}" for p in (ROOT / "examples").glob("*.json")})
    shipped = {f"som_xl/_shipped/{name}" for name in top}
    shipped |= {f"som_xl/_shipped/case_tests/{p.name}" for p in (ROOT / "tests" / "cases").glob("*.yaml")}
    assert len(shipped) > 20
    assert sorted((package_data | shipped) - names) == []


def _run(site: Path, code: str, work: Path) -> str:
    """``code``'s output in a fresh interpreter that imports som_xl from ``site``."""
    env = {k: v for k, v in os.environ.items() if k != "SOM_XL_KNOWLEDGE"}
    env.update(PYTHONPATH=str(site), XDG_CACHE_HOME=str(work / "cache"))
    done = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_an_installed_wheel_uses_its_own_data_not_a_folder_beside_it(wheel, tmp_path):
    site = tmp_path / "site-packages"
    wheel.extractall(site)
    for decoy in ("knowledge_tables", "examples", "tests/cases"):  # what a checkout has at its top
        (site / decoy).mkdir(parents=True)
    (site / "workbook_template.xlsm").write_bytes(b"not a workbook")
    code = ("import json, som_xl; from som_xl import paths as p; print(json.dumps([som_xl.__file__, "
            "str(p.default_knowledge_dir()), str(p.template_path()), str(p.examples_dir()), "
            "str(p.case_tests_dir()), p.checkout_template_path()]))")
    found = json.loads(_run(site, code, tmp_path))
    shipped = site / "som_xl" / "_shipped"
    assert found == [str(site / "som_xl" / "__init__.py"), str(shipped / "knowledge_tables"),
                     str(shipped / "workbook_template.xlsm"), str(shipped / "examples"),
                     str(shipped / "case_tests"), None]


def test_an_installed_wheel_computes_the_example_as_the_checkout_does(wheel, tmp_path):
    site = tmp_path / "site-packages"
    wheel.extractall(site)
    calc = ("import sys; from som_xl.cli.main import main; "
            "sys.exit(main(['calc', {case!r}, '--json']))")
    example = site / "som_xl" / "_shipped" / "examples" / "housing_first.json"
    installed = _run(site, calc.format(case=str(example)), tmp_path)
    checkout = _run(ROOT, calc.format(case=str(ROOT / "examples" / "housing_first.json")), tmp_path)
    a, b = json.loads(installed), json.loads(checkout)
    assert a.pop("provenance")["knowledge"] == b.pop("provenance")["knowledge"]  # the same package, by hash
    assert a == b and a["npv"] != 0
