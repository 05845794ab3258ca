"""A CLI that speaks Danish throughout (issue 12, point 12).

argparse's own texts, Danish numbers on the command line, a help text for every
positional argument, a summary after recalculating several files, JSON errors with
line and column, years without a thousands separator, singular and plural, no "kr..",
``knowledge show`` readable at 80 columns, and a missing LibreOffice pointing at
``--format md``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil

import pytest

from som_xl import fmt
from som_xl.case import parse_case, read_case_file
from som_xl.cli.main import build_parser, main
from som_xl.paths import examples_dir, template_path
from som_xl.service.workbooks import fill_from_case

EXAMPLE = examples_dir() / "housing_first.json"
ENGLISH = re.compile(r"\b(usage|error|required|invalid|choose from|the following|unrecognized|expected|"
                     r"positional arguments|options|show this help)\b", re.IGNORECASE)


def _run(capsys, args) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's own exits (help, usage errors)
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("args, danish", [
    (["calc"], "følgende argumenter mangler: case"),
    (["findes-ikke"], "ugyldigt valg"),
    (["report", str(EXAMPLE), "--format", "docx"], "ugyldigt valg: 'docx' (vælg mellem 'pdf', 'md')"),
    (["calc", str(EXAMPLE), "--ukendt"], "ukendte argumenter: --ukendt"),
    (["sensitivity", str(EXAMPLE), "--draws", "mange"], "ugyldigt tal: 'mange'"),
    (["report", str(EXAMPLE), "-o"], "forventede ét argument"),
], ids=["missing", "command", "choice", "unknown", "number", "one-argument"])
def test_argparse_errors_are_danish(capsys, args, danish):
    code, out, err = _run(capsys, args)
    assert code == 2
    assert danish in err, err
    assert err.startswith("brug: som-xl"), err
    assert "som-xl: fejl:" in err or "fejl:" in err
    assert not ENGLISH.search(err), err


@pytest.mark.parametrize("args", [["--help"], ["calc", "--help"], ["experience", "add", "--help"]])
def test_help_is_danish(capsys, args):
    code, out, _ = _run(capsys, args)
    assert code == 0
    assert out.startswith("brug: som-xl") and "vis denne hjælp og afslut" in out
    assert "tilvalg" in out
    assert not ENGLISH.search(out), out


def _positionals(parser: argparse.ArgumentParser, path=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _positionals(sub, (*path, name))
        elif not action.option_strings:
            yield " ".join(path), action


def test_every_positional_argument_has_a_help_text():
    missing = [f"{cmd} {a.dest}" for cmd, a in _positionals(build_parser()) if not a.help]
    assert missing == []


@pytest.mark.parametrize("args, attr, value", [
    (["--draws", "1.000"], "draws", 1000), (["--draws", "2000"], "draws", 2000),
    (["--deadweight", "0,1"], "deadweight", 0.1), (["--drop-off", "0.05"], "drop_off", 0.05),
    (["--seed", "12.345"], "seed", 12345),
])
def test_numbers_take_danish_decimals_and_thousands(args, attr, value):
    ns = build_parser().parse_args(["sensitivity", str(EXAMPLE), *args])
    assert getattr(ns, attr) == pytest.approx(value)


def test_a_whole_number_option_refuses_a_fraction_in_danish(capsys):
    code, _, err = _run(capsys, ["sensitivity", str(EXAMPLE), "--draws", "1,5"])
    assert code == 2 and "helt tal" in err


def test_recalc_of_several_files_ends_with_a_summary(tmp_path, capsys):
    good = tmp_path / "a.xlsm"
    fill_from_case(good, parse_case(read_case_file(EXAMPLE)), base=template_path())
    shutil.copy(good, tmp_path / "b.xlsm")
    (tmp_path / "c.xlsm").write_bytes(b"ikke en projektmappe")
    code, out, _ = _run(capsys, ["recalc", str(good), str(tmp_path / "b.xlsm"), str(tmp_path / "c.xlsm")])
    assert code == 2
    assert out.strip().splitlines()[-1] == "2 beregnet, 1 med fejl."
    code, out, _ = _run(capsys, ["recalc", str(good)])
    assert code == 0 and out.strip().splitlines()[-1] == "1 beregnet, 0 med fejl."


def test_json_errors_name_line_and_column_in_danish(tmp_path, capsys):
    bad = tmp_path / "sag.json"
    bad.write_text('{\n  "format": "som-xl-case/1",\n  "title": "x",,\n}', "utf-8")
    code, _, err = _run(capsys, ["calc", str(bad)])
    assert code == 2
    assert "sag.json linje 3, kolonne 16" in err and "ikke gyldig JSON" in err
    assert "Expecting" not in err and "delimiter" not in err


def test_years_are_never_printed_with_a_thousands_separator(tmp_path, capsys):
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["settings"]["start_year"] = 1999
    data["programme"]["cohorts"][0]["year"] = 2250
    case = tmp_path / "sag.json"
    case.write_text(json.dumps(data), "utf-8")
    code, _, err = _run(capsys, ["calc", str(case)])
    assert code == 2
    assert "1999" in err and "2000" in err and "2250" in err
    assert not re.search(r"\b(1\.999|2\.000|2\.100|2\.200|2\.250)\b", err), err


def test_singular_and_plural_and_no_double_full_stop(tmp_path, capsys):
    from som_xl.errors import Problem
    from som_xl.workbook import layout as L
    from som_xl.workbook.backend import MemoryBackend
    from som_xl.workbook.writer import write_failure

    backend = MemoryBackend()
    write_failure(backend, [Problem("required", "Indsats!C5", "Titel skal udfyldes.")])
    assert backend.read(L.STATUS.name).values[0][0].startswith("Fejl: 1 problem i input.")
    code, out, err = _run(capsys, ["calc", str(EXAMPLE)])
    assert "kr.." not in out + err


def test_knowledge_show_is_readable_at_80_columns(capsys):
    from som_xl.knowledge import load_knowledge

    k = load_knowledge()
    code, out, _ = _run(capsys, ["knowledge", "show"])
    assert code == 0
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert "…" not in out  # nothing cut short
    flat = " ".join(" ".join(lines).split())
    for p in k.prices():
        for amount in p.amounts:
            assert fmt.number(amount, 2) in flat
    for i in k.items():
        assert " ".join(i.name_da.split()) in flat


def test_a_missing_libreoffice_suggests_markdown(tmp_path, capsys, monkeypatch):
    import som_xl.workbook.render as render

    monkeypatch.setattr(render.shutil, "which", lambda name: None)
    code, _, err = _run(capsys, ["report", str(EXAMPLE), "-o", str(tmp_path / "o.pdf")])
    assert code == 2
    assert "--format md" in err and "apt" not in err and "libreoffice-calc-nogui" not in err
