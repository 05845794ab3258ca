"""Small things a new user trips over (issue 23, point 5): a workbook given to ``calc``,
``case import`` into the macro-free ``.xlsx``, help with one "tilvalg" section."""

from __future__ import annotations

import pytest

from som_xl.cli.main import main
from som_xl.paths import examples_dir

EXAMPLE = examples_dir() / "housing_first.json"


def test_calc_of_a_workbook_says_what_to_do_with_it(tmp_path, capsys):
    book = tmp_path / "Sag.xlsm"
    assert main(["new", str(book)]) == 0
    capsys.readouterr()
    assert main(["calc", str(book)]) == 2
    err = capsys.readouterr().err
    assert "projektmappe, ikke en sagsfil" in err and f"som-xl recalc {book}" in err
    assert "?." not in err and ".." not in err


def test_a_file_that_is_not_text_ends_its_message_once(tmp_path, capsys):
    binary = tmp_path / "sag.json"
    binary.write_bytes(b"\xff\xfe\x00 not text \x80")
    assert main(["calc", str(binary)]) == 2
    err = capsys.readouterr().err
    assert "ikke UTF-8-tekst; er det en sagsfil (.json)?" in err and "?." not in err


@pytest.mark.parametrize("exists", [True, False], ids=["existing", "new"])
def test_case_import_fills_a_macro_free_workbook(tmp_path, capsys, exists):
    """The README presents the .xlsx as the same workbook without macros: import works on it."""
    from som_xl.case import load_and_compute
    from som_xl.workbook import layout as L
    from som_xl.workbook.openpyxl_backend import open_backend

    book = tmp_path / "Tom.xlsx"
    if exists:
        assert main(["new", str(book)]) == 0
    assert main(["case", "import", str(EXAMPLE), str(book)]) == 0
    assert "udfyldt og beregnet" in capsys.readouterr().out
    npv = open_backend(book).read(L.KEY_FIGURES.name).values[2]
    assert npv == pytest.approx(load_and_compute(EXAMPLE).results.npv.tolist())
    import zipfile

    assert not [n for n in zipfile.ZipFile(book).namelist() if "vba" in n.lower()]  # still macro-free


@pytest.mark.parametrize("argv", [["experience", "serve", "--help"], ["experience", "users", "add", "--help"],
                                  ["experience", "search", "--help"], ["experience", "token", "create", "--help"]])
def test_help_has_one_options_section(capsys, argv):
    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr().out
    assert out.count("tilvalg:") == 1 and "--db URL" in out
    options = out.split("tilvalg:")[1]
    assert options.index("-h, --help") < options.index("--db URL")
