"""Nothing lost: atomic writes everywhere, a kill during a save leaves the old file or
the new one (never half of either), recalculation never writes input cells, and text
cannot become a formula in a written workbook."""

from __future__ import annotations

import ast
import concurrent.futures
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from som_xl import fileio
from som_xl.case import parse_case, read_case_file
from som_xl.paths import examples_dir, template_path
from som_xl.service.workbooks import fill_from_case, recalc_file
from som_xl.workbook import layout as L
from tests.workbook.test_recalc import block_values

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = examples_dir() / "housing_first.json"


# ---------------------------------------------------------------------------------
# fileio
# ---------------------------------------------------------------------------------

def test_atomic_write_keeps_the_old_file_when_the_rename_fails(tmp_path, monkeypatch):
    target = tmp_path / "fil.xlsm"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(fileio.os, "replace", boom)
    with pytest.raises(OSError):
        fileio.atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(tmp_path.iterdir()) == sorted([target, fileio.lock_path(target)])  # the temporary file is gone
    monkeypatch.undo()
    fileio.atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and (target.stat().st_mode & 0o777) == 0o640


def test_leftover_temp_files_are_removed_by_the_next_save_once_stale(tmp_path):
    target = tmp_path / "a[1].xlsm"  # glob characters in the name
    target.write_bytes(b"x")
    stale = tmp_path / f".{target.name}.abc123.tmp"
    fresh = tmp_path / f".{target.name}.def456.tmp"
    other = tmp_path / ".b.xlsm.abc123.tmp"
    for p in (stale, fresh, other):
        p.write_bytes(b"half")
    old = time.time() - fileio.STALE_TEMP_SECONDS - 5
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    fileio.atomic_write_bytes(target, b"y")
    assert not stale.exists()
    assert fresh.exists()  # may belong to a save still running
    assert other.exists()  # another file's


# Calls that write files, and where they may appear. Everything else must go through
# som_xl.fileio. (ribbon.write_ribbon_module is a developer tool that regenerates a
# source file in the repository, never run on user data.)
ALLOWED_WRITERS = {
    ("som_xl/fileio.py", "fdopen"),
    ("som_xl/experience/files.py", "fdopen"),  # its own temp-file + fsync + os.replace (write_atomic)
    ("som_xl/workbook/ribbon.py", "write_bytes"),
    ("som_xl/workbook/oplaeg_export.py", "save"),  # into a private TemporaryDirectory, for LibreOffice's PDF export
}


def _writes(tree: ast.AST):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name in ("write_bytes", "write_text"):
            yield name
        elif name in ("open", "fdopen"):
            modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
            modes += [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
            if any(isinstance(m, str) and set(m) & set("wax+") for m in modes):
                yield name
        elif name == "save" and node.args:
            arg = node.args[0]
            if not (isinstance(arg, ast.Name) and arg.id in ("buf", "buffer", "out", "stream")):
                yield "save"


def test_every_file_som_xl_writes_goes_through_atomic_writes():
    found = set()
    for path in sorted((ROOT / "som_xl").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for name in _writes(ast.parse(path.read_text("utf-8"))):
            found.add((rel, name))
    assert found - ALLOWED_WRITERS == set(), "write these through som_xl.fileio.atomic_write_bytes"


# ---------------------------------------------------------------------------------
# The kill-during-save test
# ---------------------------------------------------------------------------------

KILLS = 50
SLOW_SAVE = "0.3"


def _key_figures(path: Path):
    from som_xl.workbook.backend import parse_destination

    wb = load_workbook(path, keep_vba=True)  # must open: never a half file
    s, r1, c1, r2, c2 = parse_destination(wb.defined_names[L.KEY_FIGURES.name].attr_text)
    return [list(r) for r in wb[s].iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2, values_only=True)]


@pytest.fixture(scope="module")
def stale_workbook(tmp_path_factory) -> tuple[bytes, list, list]:
    """A computed workbook whose success rate was then changed without recalculating:
    (its bytes, the key figures it shows, the key figures a recalculation writes)."""
    folder = tmp_path_factory.mktemp("stale")
    path = folder / "sag.xlsm"
    fill_from_case(path, parse_case(read_case_file(EXAMPLE)), base=template_path())
    wb = load_workbook(path, keep_vba=True)
    row, col = L.field_cell(L.field_by_key("effect.success_rate"))
    wb[L.INDSATS].cell(row=row, column=col, value=0.4)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    stale = path.read_bytes()
    old = _key_figures(path)
    recalc_file(path)
    new = _key_figures(path)
    assert old != new
    return stale, old, new


def _wait_for(folder: Path, path: Path, proc, appeared: bool) -> None:
    """Poll until ``path``'s temporary file exists (``appeared``), or existed and is gone
    again (renamed over ``path``), or the process ended."""
    seen = False
    while proc.poll() is None:
        exists = any(folder.glob(fileio.temp_pattern(path)))
        seen = seen or exists
        if (appeared and exists) or (not appeared and seen and not exists):
            return
        time.sleep(0.002)


def _run_and_kill(folder: Path, stale: bytes, when: str, delay: float) -> tuple[str, int]:
    """Start a recalc and kill it: after ``delay`` s (``when="delay"``), inside the save
    window (``"in-save"``: the temporary file is written, not yet renamed) or just after
    the rename (``"after-rename"``). Events, not clocks, decide the last two, so a slow
    machine changes nothing about where they land."""
    path = folder / "sag.xlsm"
    path.write_bytes(stale)
    env = dict(os.environ, **{fileio.SLOW_SAVE_ENV: SLOW_SAVE})
    proc = subprocess.Popen([sys.executable, "-m", "som_xl.cli.main", "recalc", str(path)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if when == "delay":
        time.sleep(delay)
    else:
        _wait_for(folder, path, proc, appeared=when == "in-save")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    temps = len(list(folder.glob(fileio.temp_pattern(path))))
    return ("finished" if proc.returncode == 0 else "killed"), temps


@pytest.mark.slow
def test_fifty_kills_during_recalc_leave_fifty_intact_files(tmp_path, stale_workbook):
    stale, old, new = stale_workbook
    # how long a run takes (with the slowed save), to kill anywhere in it
    probe = tmp_path / "probe"
    probe.mkdir()
    (probe / "sag.xlsm").write_bytes(stale)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "som_xl.cli.main", "recalc", str(probe / "sag.xlsm")], cwd=ROOT,
                   check=True, capture_output=True, env=dict(os.environ, **{fileio.SLOW_SAVE_ENV: SLOW_SAVE}))
    run_time = time.perf_counter() - start
    assert _key_figures(probe / "sag.xlsm") == new

    rng = random.Random(20260101)
    # a third at random moments, a third inside the save window (0.3 s between write and
    # rename), a third just after the rename
    plan = [(("delay", "in-save", "after-rename")[i % 3], rng.uniform(0, run_time)) for i in range(KILLS)]
    folders = []
    for i in range(KILLS):
        folders.append(tmp_path / f"k{i}")
        folders[-1].mkdir()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda a: _run_and_kill(*a), [(f, stale, when, d) for f, (when, d) in zip(
            folders, plan, strict=True)]))

    intact, states, leftovers = 0, {"old": 0, "new": 0}, 0
    for folder, (_status, temps) in zip(folders, runs, strict=True):
        figures = _key_figures(folder / "sag.xlsm")  # opens with openpyxl, or the test fails
        assert figures in (old, new), f"{folder.name}: neither the old nor the new results"
        states["old" if figures == old else "new"] += 1
        intact += 1
        leftovers += temps
        assert temps <= 1
    print(f"\n{KILLS} kills (run time {run_time:.2f} s), {intact} intact files: {states}; "
          f"{leftovers} left-over temporary files, each removed by the next save once stale")
    assert intact == KILLS
    assert states["old"] > 0 and states["new"] > 0  # kills landed before and after the rename
    assert leftovers > 0  # and some inside the save window

    # the next save cleans the leftovers (once they are older than a running save could be)
    for folder in folders:
        for tmp in folder.glob(fileio.temp_pattern(folder / "sag.xlsm")):
            old_time = time.time() - fileio.STALE_TEMP_SECONDS - 1
            os.utime(tmp, (old_time, old_time))
        if any(folder.glob(".sag.xlsm.*.tmp")):
            recalc_file(folder / "sag.xlsm")
            assert not list(folder.glob(".sag.xlsm.*.tmp"))
            assert _key_figures(folder / "sag.xlsm") == new


# ---------------------------------------------------------------------------------
# Inputs are never written; text never becomes a formula
# ---------------------------------------------------------------------------------

INJECTIONS = ['=HYPERLINK("http://evil.example","klik")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
              "@SUM(1+1)*cmd|' /C calc'!A0", "=1+1"]


def test_text_that_looks_like_a_formula_stays_text_through_recalc_and_share(tmp_path):
    from som_xl.service.workbooks import share_copy

    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["title"] = INJECTIONS[0]
    data["description"] = INJECTIONS[1]
    data["owner"] = {"name": INJECTIONS[2]}
    for cost, text in zip(data["costs"], INJECTIONS[2:], strict=False):
        cost["label"] = text
        cost["note"] = text
    path = tmp_path / "inj.xlsm"
    fill_from_case(path, parse_case(data), base=template_path())
    recalc_file(path)  # read and written once more
    shared = share_copy(path)
    for file in (path, shared):
        with zipfile.ZipFile(file) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    xml = z.read(name).decode("utf-8")
                    assert "cmd|" not in "".join(xml.split("<f>")[1:]).split("</f>")[0], name
                    assert "HYPERLINK" not in "".join(part.split("</f>")[0] for part in xml.split("<f>")[1:])
        wb = load_workbook(file)
        texts = {c.value: c.data_type for ws in wb.worksheets for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str) and c.value in INJECTIONS}
        assert set(texts) >= set(INJECTIONS[:4]), file
        assert set(texts.values()) == {"s"}, texts  # text, not formula ("f")


@pytest.mark.slow
def test_recalculation_never_writes_an_input_cell_of_any_generated_case(tmp_path):
    """Random valid cases, recalculated headless from a real file: inputs byte-for-byte
    the same before and after (the in-memory version runs 1,000 times in
    test_generated_inputs)."""
    from tests.reliability.strategies import random_valid_case

    rng = random.Random(7)
    for i in range(3):
        path = tmp_path / f"c{i}.xlsm"
        fill_from_case(path, parse_case(random_valid_case(rng, whole_participants=True)), base=template_path())
        before = {b.name: block_values(path, b.name) for b in L.INPUT_BLOCKS}
        assert recalc_file(path).ok
        assert {b.name: block_values(path, b.name) for b in L.INPUT_BLOCKS} == before


# ---------------------------------------------------------------------------------
# Concurrent writers of one workbook
# ---------------------------------------------------------------------------------

def _title(path: Path) -> str:
    wb = load_workbook(path, keep_vba=True)
    row, col = L.field_cell(L.field_by_key("title"))
    return wb[L.INDSATS].cell(row=row, column=col).value


def test_a_case_import_racing_a_recalc_is_not_lost(tmp_path, stale_workbook):
    """Two real processes: a recalc in its save window (slowed by the test hook, so its
    read came long before its rename) and a case import of the same workbook. Without
    a lock the recalc renamed its older copy over the import, which had reported success."""
    stale, _, _ = stale_workbook
    path = tmp_path / "sag.xlsm"
    path.write_bytes(stale)
    case = json.loads(EXAMPLE.read_text("utf-8"))
    case["title"] = "Importeret under en genberegning"
    case_file = tmp_path / "ny.json"
    case_file.write_text(json.dumps(case), "utf-8")
    cli = [sys.executable, "-m", "som_xl.cli.main"]
    recalc = subprocess.Popen(cli + ["recalc", str(path)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=dict(os.environ, **{fileio.SLOW_SAVE_ENV: "8"}))
    _wait_for(tmp_path, path, recalc, appeared=True)  # the recalc has read the workbook and is saving
    assert recalc.poll() is None
    imported = subprocess.run(cli + ["case", "import", str(case_file), str(path)], cwd=ROOT, capture_output=True,
                              text=True)
    recalc.communicate()
    assert recalc.returncode == 0 and imported.returncode == 0, imported.stderr
    assert _title(path) == "Importeret under en genberegning"  # the import's inputs survive the recalc
    assert recalc_file(path).computation.case.title == "Importeret under en genberegning"


def test_a_writer_that_cannot_get_the_lock_refuses_in_danish_and_changes_nothing(tmp_path, stale_workbook,
                                                                                 monkeypatch):
    stale, _, _ = stale_workbook
    path = tmp_path / "sag.xlsm"
    path.write_bytes(stale)
    hold = ("import sys, time\nfrom filelock import FileLock\nlock = FileLock(sys.argv[1])\nlock.acquire()\n"
            "print('holding', flush=True)\ntime.sleep(120)")
    holder = subprocess.Popen([sys.executable, "-c", hold, str(fileio.lock_path(path))], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        monkeypatch.setattr(fileio, "LOCK_TIMEOUT_SECONDS", 0.5)
        from som_xl.errors import InputError

        with pytest.raises(InputError) as info:
            recalc_file(path)
        (p,) = info.value.problems
        assert p.type == "busy" and "bruges af en anden som-xl-kørsel" in p.message and p.location == str(path)
        assert path.read_bytes() == stale
    finally:
        holder.kill()
        holder.wait()
    assert recalc_file(path).ok  # the lock is free again once its holder is gone
