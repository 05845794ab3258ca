"""The ``som-xl`` entry point: every listed command is there, each command imports only
what it needs (so ``som-xl --help`` and ``som-xl calc --json`` start fast), and a listed
command whose module is missing stops with an error naming it."""

from __future__ import annotations

import subprocess
import sys

import pytest

import som_xl.cli.main as cli

HEAVY = ("sqlalchemy", "rich", "pandas", "frictionless", "openpyxl", "som_xl.uncertainty", "som_xl.experience",
         "som_xl.workbook", "xlwings")


def _imported_by(args: list[str]) -> set[str]:
    """Top-level packages (and som_xl rooms) a fresh ``som-xl ARGS`` imports."""
    code = ("import sys; from som_xl.cli.main import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print('\\n'.join(sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    names = set(done.stderr.split())
    return {n for n in names if n.split(".")[0] != "som_xl"} | {".".join(n.split(".")[:2]) for n in names}


def test_every_listed_command_has_a_module_with_configure():
    parser = cli.build_parser()  # configures every command
    text = parser.format_help()
    for command in cli.COMMANDS:
        assert command in text
        assert callable(cli.command_module(command).configure)


def test_help_imports_no_command_and_no_heavy_library():
    got = _imported_by(["--help"])
    assert not {m for m in got if m.startswith("som_xl.cli.") and m != "som_xl.cli.main"}
    assert "numpy" not in got
    assert not [m for m in HEAVY if m in got]


def test_calc_json_imports_only_what_the_calculation_needs():
    from som_xl.paths import examples_dir

    got = _imported_by(["calc", str(examples_dir() / "housing_first.json"), "--json"])
    assert "numpy" in got and "som_xl.case" in got
    assert not [m for m in HEAVY if m in got], sorted(m for m in HEAVY if m in got)


def test_a_listed_command_without_its_module_fails_loudly(monkeypatch):
    monkeypatch.setitem(cli.COMMANDS, "nyt", ("findes_ikke", "en kommando uden modul"))
    with pytest.raises(cli.MissingCommand, match="som_xl.cli.findes_ikke"):
        cli.main(["calc", "x.json"])
    monkeypatch.setitem(cli.COMMANDS, "nyt", ("render", "et modul uden configure"))
    with pytest.raises(cli.MissingCommand, match="har ingen configure"):
        cli.main(["nyt"])
