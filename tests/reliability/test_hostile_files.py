"""A corpus of broken and hostile workbooks and case files, made here, each rejected (or
read safely) within bounded memory and work with a Danish message; nothing in them is ever
executed.

The bounds are memory (tracemalloc's peak, and for the bombs once more the resident peak
of a fresh process) and work (bytes inflated from the zip), never wall time: time on a
shared machine says more about the neighbours than about som_xl. Time and peak memory per
input class are printed by ``benchmarks/bench_hostile.py``. The makers of the files are in
``tests/reliability/hostile.py``; knowledge packages and experience imports are in
``test_hostile_packages.py``.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from som_xl.case import parse_case, read_case_file
from som_xl.case.parse import MAX_CASE_BYTES
from som_xl.paths import examples_dir, template_path
from som_xl.service.workbooks import fill_from_case, recalc_file
from som_xl.workbook import layout as L
from som_xl.workbook import safe_open
from tests.reliability import hostile as H
from tests.reliability.budget import rejected, spend
from tests.reliability.hostile import rezip, sheet_part, sparse_file

EXAMPLE = examples_dir() / "housing_first.json"
TEMPLATE_MB = 1  # the template inflates to ~0.4 MB; reading it whole stays under this


@pytest.fixture(scope="module")
def template_bytes() -> bytes:
    return template_path().read_bytes()


@pytest.fixture(scope="module")
def computed(tmp_path_factory) -> Path:
    """The Housing First example as a computed workbook (read-only: copy before changing)."""
    path = tmp_path_factory.mktemp("computed") / "housing_first.xlsm"
    fill_from_case(path, parse_case(read_case_file(EXAMPLE)), base=template_path())
    return path


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------
# Broken containers
# ---------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"Dette er ikke en projektmappe\n" * 100,
                                  b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(5000),  # an old .xls (OLE)
                                  "Titel;Beløb\nHousing First;1000\n".encode()])
def test_a_file_that_is_not_a_zip_is_refused(tmp_path, data):
    rejected(recalc_file, write(tmp_path, "x.xlsm", data), type_="not-a-workbook", peak_mb=5, inflated_mb=0)


@pytest.mark.parametrize("fraction", [0.01, 0.1, 0.33, 0.5, 0.9, 0.999])
def test_a_truncated_workbook_is_refused(tmp_path, template_bytes, fraction):
    cut = template_bytes[: int(len(template_bytes) * fraction)]
    exc = rejected(recalc_file, write(tmp_path, "cut.xlsm", cut), peak_mb=50, inflated_mb=TEMPLATE_MB)
    assert exc.problems[0].type in ("not-a-workbook", "unreadable")


def test_a_corrupt_member_is_refused(tmp_path, template_bytes):
    data = bytearray(template_bytes)
    with zipfile.ZipFile(io.BytesIO(template_bytes)) as z:
        info = z.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start: start + 40] = bytes(40)  # garble the deflated bytes: CRC or inflate error
    rejected(recalc_file, write(tmp_path, "corrupt.xlsm", bytes(data)), peak_mb=50, inflated_mb=TEMPLATE_MB)


def test_a_zip_bomb_is_refused_before_inflating(tmp_path):
    path = write(tmp_path, "bomb.xlsm", H.zip_bomb(safe_open.MAX_MEMBER_BYTES // 2**20 + 10))
    assert path.stat().st_size < 200_000
    rejected(recalc_file, path, type_="zip-bomb", peak_mb=5, inflated_mb=0)


def test_a_zip_that_lies_about_sizes_is_bounded_by_the_declared_size(tmp_path, template_bytes):
    """A member that declares 2 kB but inflates to 30 MB: zipfile stops at the declared
    size and the CRC check fails, so the lie costs nothing."""
    exc = rejected(recalc_file, write(tmp_path, "liar.xlsm", H.lying_sizes(template_bytes)), peak_mb=20,
                   inflated_mb=TEMPLATE_MB)
    assert exc.problems[0].type in ("not-a-workbook", "unreadable")


def test_a_zip_with_thousands_of_members_is_refused(tmp_path, template_bytes):
    data = H.many_members(template_bytes, safe_open.MAX_MEMBERS + 1)
    rejected(recalc_file, write(tmp_path, "many.xlsm", data), type_="too-many-parts", peak_mb=20, inflated_mb=0)


@pytest.mark.parametrize("method", [zipfile.ZIP_LZMA, zipfile.ZIP_BZIP2])
def test_a_compression_excel_never_uses_is_refused_before_inflating(tmp_path, template_bytes, method):
    data = H.other_compression(template_bytes, method)
    exc = rejected(recalc_file, write(tmp_path, "lzma.xlsm", data), type_="not-a-workbook", peak_mb=5,
                   inflated_mb=0)
    assert "komprimering" in exc.problems[0].message


def test_an_encrypted_part_is_refused_in_danish(tmp_path, template_bytes):
    exc = rejected(recalc_file, write(tmp_path, "enc.xlsm", H.encrypted_member(template_bytes)),
                   type_="not-a-workbook", peak_mb=5, inflated_mb=0)
    assert "krypteret" in exc.problems[0].message


# ---------------------------------------------------------------------------------
# XML bombs
# ---------------------------------------------------------------------------------

def test_openpyxl_parses_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML
    from openpyxl.xml.functions import fromstring

    assert DEFUSEDXML
    with pytest.raises(Exception) as info:
        fromstring(H.LAUGHS.encode())
    assert type(info.value).__module__.startswith("defusedxml")


@pytest.mark.parametrize("where", ["sheet", "xl/sharedStrings.xml"])
def test_billion_laughs_is_refused_before_parsing(tmp_path, computed, where):
    part = sheet_part(computed.read_bytes(), L.INDSATS) if where == "sheet" else where
    exc = rejected(recalc_file, write(tmp_path, "laughs.xlsm", H.laughs_in(computed.read_bytes(), part)),
                   type_="xml-dtd", peak_mb=20, inflated_mb=TEMPLATE_MB)
    assert "XML-bombe" in exc.problems[0].message


def test_billion_laughs_hidden_after_two_megabytes_is_found_by_the_scan(tmp_path, computed):
    """The whole of every part is scanned, so a DTD after a 2 MB comment is found before
    openpyxl parses anything (openpyxl's defusedxml would stop it too)."""
    part = sheet_part(computed.read_bytes(), L.INDSATS)
    data = H.laughs_in(computed.read_bytes(), part, pad=2 * 2**20)
    exc = rejected(recalc_file, write(tmp_path, "hidden.xlsm", data), type_="xml-dtd", peak_mb=20,
                   inflated_mb=TEMPLATE_MB + 3)
    assert "XML-bombe" in exc.problems[0].message


# ---------------------------------------------------------------------------------
# Too many rows, cells, merged cells, styles, elements
# ---------------------------------------------------------------------------------

def test_a_declared_dimension_of_millions_of_rows_is_refused(tmp_path, template_bytes):
    exc = rejected(recalc_file, write(tmp_path, "dim.xlsm", H.declared_dimension(template_bytes)),
                   type_="too-many-rows", peak_mb=20, inflated_mb=TEMPLATE_MB)
    assert "1.048.576" in exc.problems[0].message


@pytest.mark.parametrize("rows, per_row, expected", [(1_500_000, 0, "too-many-rows"),
                                                     (60_000, 10, "too-many-cells")])
def test_millions_of_actual_rows_or_cells_are_refused_without_parsing(tmp_path, template_bytes, rows, per_row,
                                                                      expected):
    data = H.with_sheet(template_bytes, H.rows_xml(rows, per_row))  # no <dimension>: only counting finds them
    # streamed: memory stays far below the sheet's size, and it is inflated once at most
    rejected(recalc_file, write(tmp_path, "rows.xlsm", data), type_=expected, peak_mb=30,
             inflated_mb=safe_open.MAX_UNCOMPRESSED_BYTES / 2**20)


def test_a_sheet_moved_outside_the_worksheets_folder_is_counted_too(tmp_path, template_bytes):
    """openpyxl follows the workbook's relationships wherever they point (here to a part
    named like a picture); the count follows every part."""
    data = H.hidden_sheet(template_bytes, rows=safe_open.MAX_ROWS + 10)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not [n for n in z.namelist() if n.startswith("xl/worksheets/") and "sheet" in n
                    and z.getinfo(n).file_size > 2**20]
    rejected(recalc_file, write(tmp_path, "moved.xlsm", data), type_="too-many-rows", peak_mb=30)


def test_a_sheet_in_utf16_is_refused_before_parsing(tmp_path, template_bytes):
    """In UTF-16 a byte scan for rows finds none; Excel always writes UTF-8, so other
    encodings are refused."""
    data = H.utf16_sheet(template_bytes, rows=200_000)
    exc = rejected(recalc_file, write(tmp_path, "utf16.xlsm", data), type_="xml-encoding", peak_mb=30)
    assert "UTF-8" in exc.problems[0].message


def test_an_xml_encoding_that_hides_rows_is_refused(tmp_path, template_bytes):
    """An 8-bit encoding (here EBCDIC) spells ``<row`` in other bytes."""
    declaration, body = H.rows_xml(10).replace('encoding="UTF-8"', 'encoding="cp037"').split("\n", 1)
    data = H.with_sheet(template_bytes, declaration.encode() + b"\n" + body.encode("cp037"))
    rejected(recalc_file, write(tmp_path, "ebcdic.xlsm", data), type_="xml-encoding", peak_mb=30)


def test_one_merged_range_over_a_whole_sheet_is_refused(tmp_path, template_bytes):
    """openpyxl makes an object for every cell a merge covers: 17 billion here."""
    exc = rejected(recalc_file, write(tmp_path, "merged.xlsm", H.merged_bomb(template_bytes)),
                   type_="too-many-cells", peak_mb=30)
    assert "flettede" in exc.problems[0].message


def test_hundreds_of_thousands_of_styles_are_refused(tmp_path, template_bytes):
    rejected(recalc_file, write(tmp_path, "styles.xlsm", H.styles_bomb(template_bytes)), type_="too-many-styles",
             peak_mb=30)


def test_millions_of_elements_without_cells_are_refused(tmp_path, template_bytes):
    rejected(recalc_file, write(tmp_path, "cols.xlsm", H.element_bomb(template_bytes)),
             type_="too-many-elements", peak_mb=30)


@pytest.mark.parametrize("own_ids", [False, True], ids=["one-id", "own-ids"])
@pytest.mark.parametrize("n", [3, 2_000, 100_000])
def test_sheet_entries_loading_one_part_twice_are_refused_before_openpyxl(tmp_path, computed, n, own_ids):
    """Each entry made openpyxl build the sheet again: 2,000 took 1.8 GB, past the cell count."""
    data = H.duplicate_sheets(computed.read_bytes(), n, own_ids=own_ids)
    expected = "too-many-sheets" if n > safe_open.MAX_SHEETS else "duplicate-sheet"
    exc = rejected(recalc_file, write(tmp_path, "dup.xlsm", data), type_=expected, peak_mb=40)
    assert ("Resultater" in exc.problems[0].message) == (expected == "duplicate-sheet")


@pytest.mark.parametrize("kind", ["validation", "format"])
def test_hundreds_of_thousands_of_validations_or_conditional_formats_are_refused(tmp_path, template_bytes, kind):
    """300,000 validations made recalc write a file som_xl then refused as a bomb; 250,000
    conditional formats cost share 58 s and 835 MB."""
    data = H.rules_bomb(template_bytes, 300_000 if kind == "validation" else 250_000, kind)
    assert len(data) < safe_open.MAX_FILE_BYTES
    rejected(recalc_file, write(tmp_path, "rules.xlsm", data), type_="too-many-rules", peak_mb=30)


def test_validations_under_the_limit_are_kept_and_the_file_stays_readable(tmp_path, computed):
    path = write(tmp_path, "rules.xlsm", H.rules_bomb(computed.read_bytes(), 5_000))
    assert recalc_file(path).ok
    safe_open.check_package(path)  # what it wrote, som_xl reads again
    assert len(load_workbook(path)[L.LISTER].data_validations.dataValidation) == 5_000


@pytest.mark.parametrize("name", ["../../evil.txt", "xl/../../evil.txt", "/etc/evil.txt", "xl\\..\\evil.txt",
                                  "C:/evil.txt"])
def test_a_part_whose_name_leaves_the_package_is_refused_and_never_carried_on(tmp_path, computed, name):
    path = write(tmp_path, "names.xlsm", H.part_named(computed.read_bytes(), name))
    assert name in zipfile.ZipFile(path).namelist()
    before = path.read_bytes()
    exc = rejected(recalc_file, path, type_="bad-part-name", peak_mb=20)
    assert name[:20] in exc.problems[0].message and path.read_bytes() == before


def test_an_input_range_over_whole_columns_is_refused_before_it_is_read(tmp_path, computed):
    path = write(tmp_path, "column.xlsm", H.whole_column_input(computed.read_bytes()))
    before = path.read_bytes()
    exc = rejected(recalc_file, path, type_="range-too-large", peak_mb=150)
    assert L.COSTS.name in exc.problems[0].location or L.COSTS.name in exc.problems[0].message
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", [L.MESSAGES.name, L.OPLAEG_BLOCK.name])
def test_an_output_range_moved_to_the_last_rows_is_never_written(tmp_path, computed, name):
    """Writing there would stretch the sheet to a million rows (and the next open would
    refuse the file): the range is refused and the file left as it was (the Oplæg block
    is written cell by cell around its merged paragraphs: checked all the same)."""
    path = write(tmp_path, "far.xlsm", H.output_far_down(computed.read_bytes(), name))
    before = path.read_bytes()
    rejected(recalc_file, path, type_="range-too-large", peak_mb=150)
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------------
# Formulas, external links, VBA: read data, never execute
# ---------------------------------------------------------------------------------

class Audit:
    """Records files opened and processes started (``sys.audit`` events) while active."""

    events: list[tuple[str, str]] = []
    active = False
    installed = False

    def __enter__(self):
        if not Audit.installed:
            sys.addaudithook(Audit._hook)
            Audit.installed = True
        Audit.events = []
        Audit.active = True
        return self

    def __exit__(self, *exc):
        Audit.active = False

    @staticmethod
    def _hook(event, args):
        if Audit.active and (event == "open" or event.startswith(("subprocess", "os.system", "os.exec",
                                                                 "os.spawn", "os.posix_spawn", "os.startfile",
                                                                 "ctypes.dlopen", "webbrowser"))):
            Audit.events.append((event, str(args[0]) if args else ""))


def test_formulas_in_input_cells_use_the_cached_value_warn_and_are_never_evaluated(tmp_path, computed):
    rate_cell = f"C{L.field_cell(L.field_by_key('effect.success_rate'))[0]}"
    people_cell = f"C{L.COHORTS.first_row}"
    link_cell = f"C{L.COHORTS.first_row + 1}"
    data = H.with_formulas(computed.read_bytes(), L.INDSATS, {
        rate_cell: "1/0",  # evaluated, this would be #DIV/0!: the cached 0.25 must be used
        people_cell: "SUM(C1:C3)",
        link_cell: "'[other.xlsx]Ark1'!A1",  # an external link, with its cached value
    })
    path = write(tmp_path, "formulas.xlsm", data)
    (tmp_path / "other.xlsx").write_bytes(b"a trap: never opened")
    with Audit():
        outcome, _ = spend(recalc_file, path)
        opened = [arg for ev, arg in Audit.events if ev == "open"]
        started = [e for e in Audit.events if e[0] != "open"]
    assert outcome.ok, outcome.problems
    assert not [o for o in opened if "other.xlsx" in o], "the external link was followed"
    assert started == []
    warned = {p.location for p in outcome.problems if p.type == "formula-in-input"}
    assert warned == {f"{L.INDSATS}!{c}" for c in (rate_cell, people_cell)}
    linked = [p for p in outcome.problems if p.type == "external-link"]
    assert [p.location for p in linked] == [f"{L.INDSATS}!{link_cell}"]
    assert "følges aldrig" in linked[0].message
    from som_xl.case import compute

    assert outcome.computation.results.npv == pytest.approx(compute(parse_case(read_case_file(EXAMPLE))).results.npv)


def test_an_array_formula_in_an_input_cell_is_read_by_its_cached_value(tmp_path, computed):
    rate_cell = f"C{L.field_cell(L.field_by_key('effect.success_rate'))[0]}"
    part = sheet_part(computed.read_bytes(), L.INDSATS)
    with zipfile.ZipFile(computed) as z:
        xml = z.read(part).decode()
    xml, n = re.subn(rf'(<c r="{rate_cell}"[^>]*>)(<v>)', rf'\g<1><f t="array" ref="{rate_cell}">0.5</f>\g<2>', xml)
    assert n == 1
    outcome = recalc_file(write(tmp_path, "array.xlsm", rezip(computed.read_bytes(), replace={part: xml.encode()})))
    assert outcome.ok and outcome.computation.case.effect.success_rate == 0.25


def test_unknown_vba_is_kept_as_bytes_and_never_run(tmp_path, computed):
    evil = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Sub Workbook_Open()\r\nShell \"calc.exe\"\r\nEnd Sub\r\n"
            + os.urandom(4000))
    path = write(tmp_path, "vba.xlsm", rezip(computed.read_bytes(), replace={"xl/vbaProject.bin": evil}))
    with Audit():
        outcome = recalc_file(path)
        started = [e for e in Audit.events if e[0] != "open"]
    assert outcome.ok and started == []
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/vbaProject.bin") == evil  # carried along untouched, never interpreted


# ---------------------------------------------------------------------------------
# Merged and moved ranges
# ---------------------------------------------------------------------------------

def test_merged_cells_inside_an_input_range_are_a_danish_problem_naming_the_range(tmp_path, computed):
    wb = load_workbook(computed, keep_vba=True)
    r = L.COHORTS.first_row + 1
    wb[L.INDSATS].merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
    path = tmp_path / "merged.xlsm"
    wb.save(path)
    exc = rejected(recalc_file, path, type_="merged-cells")
    p = exc.problems[0]
    assert p.location == f"{L.INDSATS}!B{r}:C{r}"
    assert L.COHORTS.name in p.message and f"{L.INDSATS}!B{L.COHORTS.first_row}:C" in p.message


def test_a_user_who_inserted_rows_still_gets_the_same_results(tmp_path, computed):
    """Inserting rows in Excel moves the cells and every defined name below them."""
    from som_xl.workbook.backend import parse_destination
    from tests.workbook.test_recalc import block_values

    before = recalc_file(shutil.copy(computed, tmp_path / "plain.xlsm"))
    wb = load_workbook(computed, keep_vba=True)
    shift = 7
    wb[L.INDSATS].insert_rows(1, shift)
    for _name, dn in list(wb.defined_names.items()):
        if not dn.attr_text.startswith(f"'{L.INDSATS}'!"):
            continue  # other sheets' ranges, and the lists' dynamic (OFFSET) names
        sheet, r1, c1, r2, c2 = parse_destination(dn.attr_text)
        if sheet == L.INDSATS:
            ref = dn.attr_text.rsplit("!", 1)[1]
            moved = re.sub(r"\$(\d+)", lambda m: f"${int(m.group(1)) + shift}", ref)
            dn.attr_text = f"'{L.INDSATS}'!{moved}"
    path = tmp_path / "moved.xlsm"
    wb.save(path)
    inputs_before = block_values(path, L.COHORTS.name)
    outcome = recalc_file(path)
    assert outcome.ok, outcome.problems
    assert outcome.computation.results.npv.tolist() == before.computation.results.npv.tolist()
    assert block_values(path, L.COHORTS.name) == inputs_before  # read at the new place, not written
    # a problem in a moved range names the moved cell
    wb = load_workbook(path, keep_vba=True)
    wb[L.INDSATS].cell(row=L.COHORTS.first_row + shift, column=L.COHORTS.first_col + 1, value="tyve")
    wb.save(path)
    outcome = recalc_file(path)
    assert not outcome.ok
    assert f"{L.INDSATS}!C{L.COHORTS.first_row + shift}" in {p.location for p in outcome.problems}


# ---------------------------------------------------------------------------------
# Case files
# ---------------------------------------------------------------------------------

def test_a_100_mb_case_file_is_refused_by_its_size_without_reading_it(tmp_path):
    path = tmp_path / "huge.json"
    sparse_file(path, 100 * 2**20)  # costs no disk
    rejected(read_case_file, path, type_="too-large", peak_mb=1)  # under 1 MB: the file was not read


@pytest.mark.parametrize("text", ["[" * 200_000, '{"a":' * 200_000 + "1" + "}" * 200_000,
                                  '{"format": "som-xl-case/1", "title": ' + "[" * 50_000 + "]" * 50_000 + "}"])
def test_deeply_nested_case_json_is_refused_in_danish(tmp_path, text):
    path = tmp_path / "deep.json"
    path.write_text(text, "utf-8")
    exc = rejected(lambda p: parse_case(read_case_file(p)), path)
    assert exc.problems[0].type in ("too-deep", "bad-json")


def test_a_large_case_just_under_the_limit_is_rejected_within_bounds(tmp_path):
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["programme"]["cohorts"] = [{"year": 2025, "participants": 1}] * 60_000
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data), "utf-8")
    assert path.stat().st_size < MAX_CASE_BYTES
    rejected(lambda p: parse_case(read_case_file(p)), path, type_="wrong-length")


def test_file_names_inside_a_case_never_become_paths(tmp_path, monkeypatch):
    """Strings from a case end up in cells and messages, never in a path: the only files
    written are the ones named on the command line."""
    from som_xl.cli.main import main

    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["title"] = "../../../../tmp/som_pwned"
    data["description"] = "/etc/passwd"
    data["owner"] = {"name": "..\\..\\Windows\\system32", "contact": "../som_pwned.xlsm"}
    data["costs"][0]["label"] = "../../som_pwned.json"
    data["effect"]["source"] = "file:///etc/shadow"
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    before = set(tmp_path.rglob("*"))
    assert main(["new", "ny.xlsm", "--case", str(case)]) == 0
    assert main(["case", "import", str(case), "importeret.xlsm"]) == 0
    assert main(["case", "export", "ny.xlsm", "-o", "eksport.json"]) == 0
    assert main(["share", "ny.xlsm"]) == 0
    created = {p.relative_to(tmp_path).as_posix() for p in set(tmp_path.rglob("*")) - before}
    written = {"work/ny.xlsm", "work/importeret.xlsm", "work/eksport.json", "work/ny_deling.xlsx"}
    locks = {f"work/.{Path(name).name}.som-xl-lock" for name in written if not name.endswith(".json")}
    assert created == written | locks  # and the lock file beside each workbook written (fileio.writer_lock)
    assert not Path("/tmp/som_pwned").exists()
    assert json.loads((work / "eksport.json").read_text("utf-8"))["title"] == data["title"]  # kept as text


# ---------------------------------------------------------------------------------
# The bombs once more, in a separate process: the resident peak stays bounded
# ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_bombs_stay_within_500_mb_resident_in_a_fresh_process(tmp_path, template_bytes, computed):
    files = {
        "zipbomb.xlsm": H.zip_bomb(60),
        "laughs.xlsm": H.laughs_in(computed.read_bytes(), sheet_part(computed.read_bytes(), L.INDSATS)),
        "rows.xlsm": H.with_sheet(template_bytes, H.rows_xml(400_000)),
        "merged.xlsm": H.merged_bomb(template_bytes),
        "column.xlsm": H.whole_column_input(computed.read_bytes()),
    }
    for name, data in files.items():
        write(tmp_path, name, data)
    huge = sparse_file(tmp_path / "huge.json", 100 * 2**20)
    script = textwrap.dedent("""
        import json, sys
        from som_xl.case import read_case_file
        from som_xl.errors import InputError
        from som_xl.service.workbooks import recalc_file
        out = {}
        for path in sys.argv[1:]:
            try:
                (read_case_file if path.endswith(".json") else recalc_file)(path)
                out[path] = "accepted"
            except InputError as exc:
                out[path] = exc.problems[0].type
        # VmHWM is this process's own peak. ru_maxrss is not: on Linux a child inherits
        # the parent's high-water mark across fork/exec, so it would report pytest's.
        with open("/proc/self/status") as fh:
            hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
        out["maxrss_mb"] = hwm / 1024
        print(json.dumps(out))
    """)
    paths = [str(tmp_path / n) for n in files] + [str(huge)]
    # the timeout only stops a hang; it is no speed bound
    proc = subprocess.run([sys.executable, "-c", script, *paths], capture_output=True, text=True, timeout=900,
                          cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert [report[p] for p in paths] == ["zip-bomb", "xml-dtd", "too-many-rows", "too-many-cells",
                                          "range-too-large", "too-large"], report
    assert report["maxrss_mb"] < 500, report
