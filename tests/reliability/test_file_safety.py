"""Files som_xl must not replace, and files it creates (issue 12, point 6; the full disk
of point 11).

* A read-only workbook, or one open in Excel (``~$NAME``) or LibreOffice
  (``.~lock.NAME#``), is left as it is: exit 2 with a Danish message.
* New files get the user's umask (colleagues on a shared drive can open them).
* The suffix must match what is written: ``case import … X.xlsx``, ``case export -o
  X.xlsx`` and ``share -o X.xlsm`` are refused.
* A full disk is "Disken er fuld; filen er ikke ændret", exit 2, the file unchanged.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from som_xl import fileio
from som_xl.case import parse_case, read_case_file
from som_xl.cli.main import main
from som_xl.errors import InputError
from som_xl.paths import examples_dir, template_path
from som_xl.service.workbooks import fill_from_case
from tests.reliability.checks import check_problem

EXAMPLE = examples_dir() / "housing_first.json"


@pytest.fixture(scope="module")
def computed_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("c") / "sag.xlsm"
    fill_from_case(path, parse_case(read_case_file(EXAMPLE)), base=template_path())
    return path.read_bytes()


@pytest.fixture
def workbook(tmp_path, computed_bytes) -> Path:
    path = tmp_path / "sag.xlsm"
    path.write_bytes(computed_bytes)
    return path


def _commands(path: Path) -> list[list[str]]:
    return [["recalc", str(path)], ["case", "import", str(EXAMPLE), str(path)]]


@pytest.mark.parametrize("which", [0, 1], ids=["recalc", "case import"])
def test_a_read_only_workbook_is_not_replaced(workbook, capsys, which):
    os.chmod(workbook, 0o444)
    before = workbook.read_bytes()
    assert main(_commands(workbook)[which]) == 2
    out = capsys.readouterr()
    assert "skrivebeskyttet" in out.out + out.err
    assert workbook.read_bytes() == before and stat.S_IMODE(workbook.stat().st_mode) == 0o444


@pytest.mark.parametrize("lock, program", [("~$sag.xlsm", "Excel"), (".~lock.sag.xlsm#", "LibreOffice")])
@pytest.mark.parametrize("which", [0, 1], ids=["recalc", "case import"])
def test_a_workbook_open_in_excel_or_libreoffice_is_not_replaced(workbook, capsys, lock, program, which):
    (workbook.parent / lock).write_bytes(b"Bruger,maskine,07.01.2026 10:00,")
    before = workbook.read_bytes()
    assert main(_commands(workbook)[which]) == 2
    out = capsys.readouterr()
    assert f"åben i {program}" in out.out + out.err
    assert workbook.read_bytes() == before


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_get_the_users_umask(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        target = fileio.atomic_write_bytes(tmp_path / "ny.json", b"{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_new_workbook_is_readable_by_colleagues(tmp_path):
    old = os.umask(0o022)
    try:
        assert main(["new", str(tmp_path / "ny.xlsm")]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "ny.xlsm").stat().st_mode) == 0o644


@pytest.mark.parametrize("args, name", [
    (lambda d, wb: ["case", "import", str(EXAMPLE), str(d / "ud.xls")], "ud.xls"),
    (lambda d, wb: ["case", "export", str(wb), "-o", str(d / "ud.xlsx")], "ud.xlsx"),
    (lambda d, wb: ["share", str(wb), "-o", str(d / "ud.xlsm")], "ud.xlsm"),
    (lambda d, wb: ["report", str(EXAMPLE), "-o", str(d / "ud.docx")], "ud.docx"),
    (lambda d, wb: ["report", str(EXAMPLE), "-o", str(d / "ud.pdf"), "--format", "md"], "ud.pdf"),
], ids=["import-xlsx", "export-xlsx", "share-xlsm", "report-docx", "report-md-as-pdf"])
def test_the_suffix_must_match_what_is_written(tmp_path, workbook, capsys, args, name):
    assert main(args(tmp_path, workbook)) == 2
    err = capsys.readouterr().err
    assert "endelse" in err
    assert not (tmp_path / name).exists()
    assert not (tmp_path / "ud.xlsx").exists()  # nor under another name than the one asked for


def test_a_full_disk_changes_nothing_and_says_so_in_danish(workbook, monkeypatch, capsys):
    before = workbook.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", full)
    assert main(["recalc", str(workbook)]) == 2
    out = capsys.readouterr()
    assert "Disken er fuld; filen er ikke ændret" in out.out + out.err
    assert "Traceback" not in out.out + out.err
    assert workbook.read_bytes() == before
    assert list(workbook.parent.glob(".sag.xlsm.*.tmp")) == []


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # openpyxl's zip retries the close
def test_a_full_temporary_folder_is_disk_full_not_an_internal_error(workbook, tmp_path, monkeypatch, capsys):
    """The report's PDF goes through a copy in the temporary folder; that folder full (here
    the kernel's own ENOSPC, from /dev/full) is the promised Danish message, exit 2."""
    import contextlib
    import tempfile

    full = tmp_path / "fuld"
    full.mkdir()
    (full / "ark.xlsx").symlink_to("/dev/full")
    monkeypatch.setattr(tempfile, "TemporaryDirectory", lambda **kw: contextlib.nullcontext(str(full)))
    target = tmp_path / "oplaeg.pdf"
    assert main(["report", str(workbook), "-o", str(target)]) == 2
    out = capsys.readouterr()
    assert "Disken er fuld" in out.err and "ingen fil er ændret" in out.err
    assert "Intern fejl" not in out.err and "Traceback" not in out.err
    assert not target.exists()


def test_a_full_disk_is_a_problem_with_the_file_named(tmp_path, monkeypatch):
    monkeypatch.setattr(fileio.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with pytest.raises(InputError) as info:
        fileio.atomic_write_text(tmp_path / "a.json", "{}")
    (p,) = info.value.problems
    check_problem(p)
    assert p.location.endswith("a.json") and p.type == "disk-full"
