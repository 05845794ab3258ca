"""A corpus of broken and hostile files, made here, each rejected (or read safely) in
bounded time and memory with a Danish message; nothing in them is ever executed.

Bounds are generous (10 s, a few hundred MB): they are not speed benchmarks, they prove
that nothing blows up. Peak memory is measured with tracemalloc in-process, and for the
bombs once more as the resident peak of a separate process.
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
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from som_xl.case import parse_case, read_case_file
from som_xl.case.parse import MAX_CASE_BYTES
from som_xl.errors import InputError
from som_xl.paths import default_knowledge_dir, examples_dir, template_path
from som_xl.workbook import layout as L
from som_xl.workbook import safe_open
from som_xl.workbook.files import fill_from_case
from som_xl.workbook.recalc import recalc_file
from tests.reliability.checks import check_problem

SECONDS = 10
PEAK_BYTES = 300 * 2**20
EXAMPLE = examples_dir() / "housing_first.json"


# ---------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------

def bounded(fn, *args):
    """Run ``fn``; return (InputError or result, seconds, tracemalloc peak bytes).
    Any exception other than InputError propagates (and fails the test)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    try:
        try:
            result = fn(*args)
        except InputError as exc:
            result = exc
        return result, time.perf_counter() - start, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def rejected(fn, *args, type_: str | None = None) -> InputError:
    result, seconds, peak = bounded(fn, *args)
    assert isinstance(result, InputError), f"not rejected: {str(result)[:300]}"
    assert seconds < SECONDS, f"took {seconds:.1f} s"
    assert peak < PEAK_BYTES, f"peak {peak / 2**20:.0f} MB"
    for p in result.problems:
        check_problem(p)
    if type_:
        assert type_ in {p.type for p in result.problems}, result.problems
    return result


def rezip(base: bytes, replace: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """``base`` (a zip) with members replaced (None: removed) or added."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    dst.writestr(info.filename, replace[info.filename])
            else:
                dst.writestr(info, src.read(info))
        for name, data in add.items():
            dst.writestr(name, data)
    return out.getvalue()


def sheet_part(package: bytes, sheet: str) -> str:
    """The zip member holding ``sheet`` (through workbook.xml and its relationships)."""
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', wb).group(1)
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


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
    rejected(recalc_file, write(tmp_path, "x.xlsm", data), type_="not-a-workbook")


@pytest.mark.parametrize("fraction", [0.01, 0.1, 0.33, 0.5, 0.9, 0.999])
def test_a_truncated_workbook_is_refused(tmp_path, template_bytes, fraction):
    cut = template_bytes[: int(len(template_bytes) * fraction)]
    exc = rejected(recalc_file, write(tmp_path, "cut.xlsm", cut))
    assert exc.problems[0].type in ("not-a-workbook", "unreadable")


def test_a_corrupt_member_is_refused(tmp_path, template_bytes):
    data = bytearray(template_bytes)
    with zipfile.ZipFile(io.BytesIO(template_bytes)) as z:
        info = z.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start: start + 40] = bytes(40)  # garble the deflated bytes: CRC or inflate error
    rejected(recalc_file, write(tmp_path, "corrupt.xlsm", bytes(data)))


def test_a_zip_bomb_is_refused_before_inflating(tmp_path, template_bytes):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet1.xml", "w") as fh:
            chunk = bytes(2**20)
            for _ in range(safe_open.MAX_MEMBER_BYTES // 2**20 + 10):  # 50 MB of zeros → ~50 kB
                fh.write(chunk)
    path = write(tmp_path, "bomb.xlsm", rezip(template_bytes, add={}) if False else out.getvalue())
    assert path.stat().st_size < 200_000
    rejected(recalc_file, path, type_="zip-bomb")


def test_a_zip_that_lies_about_sizes_is_bounded_by_the_declared_size(tmp_path, template_bytes):
    """A member that declares 2 kB but inflates to 30 MB: zipfile stops at the declared
    size and the CRC check fails, so the lie costs nothing."""
    bomb = b"<x>" + bytes(30 * 2**20) + b"</x>"
    data = bytearray(rezip(template_bytes, replace={"[Content_Types].xml": bomb}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("[Content_Types].xml")
    fake = (2048).to_bytes(4, "little")
    data[info.header_offset + 22: info.header_offset + 26] = fake  # local header: uncompressed size
    cd = bytes(data).rfind(b"PK\x01\x02" + bytes(data[bytes(data).find(b"PK\x01\x02") + 4:][:0]), 0)
    for m in re.finditer(rb"PK\x01\x02", bytes(data)):  # central directory entry of that member
        name_len = int.from_bytes(data[m.start() + 28: m.start() + 30], "little")
        if bytes(data[m.start() + 46: m.start() + 46 + name_len]) == b"[Content_Types].xml":
            data[m.start() + 24: m.start() + 28] = fake
            cd = m.start()
    assert cd
    exc = rejected(recalc_file, write(tmp_path, "liar.xlsm", bytes(data)))
    assert exc.problems[0].type in ("not-a-workbook", "unreadable")


def test_a_zip_with_thousands_of_members_is_refused(tmp_path, template_bytes):
    add = {f"xl/media/junk{i}.bin": b"x" for i in range(safe_open.MAX_MEMBERS + 1)}
    rejected(recalc_file, write(tmp_path, "many.xlsm", rezip(template_bytes, add=add)), type_="too-many-parts")


# ---------------------------------------------------------------------------------
# XML bombs
# ---------------------------------------------------------------------------------

LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
          + ']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            'uniqueCount="1"><si><t>&lol9;</t></si></sst>')


def test_openpyxl_parses_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML
    from openpyxl.xml.functions import fromstring

    assert DEFUSEDXML
    with pytest.raises(Exception) as info:
        fromstring(LAUGHS.encode())
    assert type(info.value).__module__.startswith("defusedxml")


def laughs_in(package: bytes, part: str, pad: int = 0) -> bytes:
    """``package`` with ``part`` replaced by a billion-laughs document (the DTD after
    ``pad`` bytes of comment, to hide it from a scan of the part's beginning)."""
    xml = LAUGHS if part.endswith("sharedStrings.xml") else LAUGHS.replace("<sst", "<worksheet").replace(
        "</sst>", "</worksheet>").replace("<si><t>&lol9;</t></si>", "<sheetData><row r=\"1\"><c r=\"A1\" "
                                           "t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData>")
    if pad:
        noise = os.urandom(pad // 2).hex()  # incompressible, so it is not a zip bomb
        xml = xml.replace("<!DOCTYPE", "<!--" + noise + "-->\n<!DOCTYPE", 1)
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        exists = part in z.namelist()
    return rezip(package, replace={part: xml.encode()} if exists else {}, add={} if exists else {part: xml.encode()})


@pytest.mark.parametrize("where", ["sheet", "xl/sharedStrings.xml"])
def test_billion_laughs_is_refused_before_parsing(tmp_path, computed, where):
    part = sheet_part(computed.read_bytes(), L.INDSATS) if where == "sheet" else where
    exc = rejected(recalc_file, write(tmp_path, "laughs.xlsm", laughs_in(computed.read_bytes(), part)),
                   type_="xml-dtd")
    assert "XML-bombe" in exc.problems[0].message


def test_billion_laughs_hidden_after_two_megabytes_is_stopped_by_defusedxml(tmp_path, computed):
    """The DTD after a 2 MB comment is past check_package's scan; openpyxl's defusedxml stops it."""
    part = sheet_part(computed.read_bytes(), L.INDSATS)
    data = laughs_in(computed.read_bytes(), part, pad=2 * 2**20)
    exc = rejected(recalc_file, write(tmp_path, "hidden.xlsm", data), type_="xml-dtd")
    assert "XML-bombe" in exc.problems[0].message


# ---------------------------------------------------------------------------------
# Millions of rows
# ---------------------------------------------------------------------------------

SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def test_a_declared_dimension_of_millions_of_rows_is_refused(tmp_path, template_bytes):
    sheet = sheet_part(template_bytes, L.LISTER)
    xml = SHEET_HEAD + '<dimension ref="A1:XFD1048576"/><sheetData/></worksheet>'
    exc = rejected(recalc_file, write(tmp_path, "dim.xlsm", rezip(template_bytes, replace={sheet: xml.encode()})),
                   type_="too-many-rows")
    assert "1.048.576" in exc.problems[0].message


@pytest.mark.parametrize("rows, per_row, expected", [(1_500_000, 0, "too-many-rows"),
                                                     (60_000, 10, "too-many-cells")])
def test_millions_of_actual_rows_or_cells_are_refused_without_parsing(tmp_path, template_bytes, rows, per_row,
                                                                      expected):
    sheet = sheet_part(template_bytes, L.LISTER)
    cols = [chr(65 + j) for j in range(per_row)]
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in cols) + "</row>"
                   for r in range(1, rows + 1))  # no <dimension>: only counting finds them
    data = rezip(template_bytes, replace={sheet: (SHEET_HEAD + "<sheetData>" + body + "</sheetData></worksheet>")
                                          .encode()})
    rejected(recalc_file, write(tmp_path, "rows.xlsm", data), type_=expected)


# ---------------------------------------------------------------------------------
# Formulas, external links, VBA: read data, never execute
# ---------------------------------------------------------------------------------

def with_formulas(package: bytes, sheet: str, formulas: dict[str, str]) -> bytes:
    """``package`` with ``<f>`` elements put into cells that hold a cached value."""
    part = sheet_part(package, sheet)
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        xml = z.read(part).decode()
    for ref, formula in formulas.items():
        xml, n = re.subn(rf'(<c r="{ref}"[^>]*>)(<v>)', rf"\g<1><f>{formula}</f>\g<2>", xml)
        assert n == 1, ref
    return rezip(package, replace={part: xml.encode()})


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
    data = with_formulas(computed.read_bytes(), L.INDSATS, {
        rate_cell: "1/0",  # evaluated, this would be #DIV/0!: the cached 0.25 must be used
        people_cell: "SUM(C1:C3)",
        link_cell: "'[other.xlsx]Ark1'!A1",  # an external link, with its cached value
    })
    path = write(tmp_path, "formulas.xlsm", data)
    (tmp_path / "other.xlsx").write_bytes(b"a trap: never opened")
    with Audit():
        outcome, seconds, _ = bounded(recalc_file, path)
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
    with path.open("wb") as fh:  # sparse: costs no disk
        fh.truncate(100 * 2**20)
    rejected(read_case_file, path, type_="too-large")
    result, seconds, peak = bounded(read_case_file, path)
    assert peak < 2**20, "the file was read"


@pytest.mark.parametrize("text", ["[" * 200_000, '{"a":' * 200_000 + "1" + "}" * 200_000,
                                  '{"format": "som-xl-case/1", "title": ' + "[" * 50_000 + "]" * 50_000 + "}"])
def test_deeply_nested_case_json_is_refused_in_danish(tmp_path, text):
    path = tmp_path / "deep.json"
    path.write_text(text, "utf-8")
    exc = rejected(lambda p: parse_case(read_case_file(p)), path)
    assert exc.problems[0].type in ("too-deep", "bad-json")


def test_a_large_case_just_under_the_limit_is_rejected_in_bounded_time(tmp_path):
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
    assert created == {"work/ny.xlsm", "work/importeret.xlsm", "work/eksport.json", "work/ny_deling.xlsx"}
    assert not Path("/tmp/som_pwned").exists()
    assert json.loads((work / "eksport.json").read_text("utf-8"))["title"] == data["title"]  # kept as text


# ---------------------------------------------------------------------------------
# Knowledge packages
# ---------------------------------------------------------------------------------

@pytest.fixture
def package(tmp_path) -> Path:
    dest = tmp_path / "viden"
    shutil.copytree(default_knowledge_dir(), dest)
    return dest


def _load(path):
    from som_xl.knowledge import load_knowledge

    return load_knowledge(path)


@pytest.mark.parametrize("content", [os.urandom(5000), b"item,name\n" + bytes(3000) + b"\n",
                                     b"\xff\xfe" + "item,navn\n".encode("utf-16-le"),
                                     b'item,name\n"' + b"x" * 300_000 + b'"\n', b""])
def test_a_broken_or_binary_knowledge_csv_is_a_danish_problem(package, content):
    (package / "prices.csv").write_bytes(content)
    exc = rejected(_load, package)
    assert any("prices.csv" in p.location or "prices.csv" in p.message for p in exc.problems)


def test_a_huge_knowledge_csv_is_refused_by_its_size(package):
    with (package / "items.csv").open("r+b") as fh:
        fh.truncate(200 * 2**20)  # sparse, and no newline: reading it would take 200 MB at once
    exc = rejected(_load, package, type_="package-error")
    assert "items.csv" in exc.problems[0].location


def test_a_knowledge_resource_pointing_outside_the_package_is_refused(package):
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    descriptor["resources"][0]["path"] = "../../../../etc/passwd"
    (package / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    exc = rejected(_load, package, type_="bad-path")
    assert "etc/passwd" in exc.problems[0].message


def test_full_validation_of_a_binary_csv_reports_in_danish(package):
    from som_xl.knowledge import validate_package

    (package / "outcomes.csv").write_bytes(os.urandom(3000))
    problems, seconds, _ = bounded(validate_package, package)
    assert problems and seconds < SECONDS
    for p in problems:
        check_problem(p)


# ---------------------------------------------------------------------------------
# The bombs once more, in a separate process: the resident peak stays bounded
# ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_bombs_stay_within_500_mb_resident_in_a_fresh_process(tmp_path, template_bytes, computed):
    files = {
        "zipbomb.xlsm": None,
        "laughs.xlsm": laughs_in(computed.read_bytes(), sheet_part(computed.read_bytes(), L.INDSATS)),
        "rows.xlsm": rezip(template_bytes, replace={sheet_part(template_bytes, L.LISTER): (
            SHEET_HEAD + "<sheetData>" + "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>'
                                                 for r in range(1, 400_000)) + "</sheetData></worksheet>").encode()}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z, z.open("xl/worksheets/sheet1.xml", "w") as fh:
        for _ in range(60):
            fh.write(bytes(2**20))
    files["zipbomb.xlsm"] = out.getvalue()
    for name, data in files.items():
        write(tmp_path, name, data)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as fh:
        fh.truncate(100 * 2**20)
    script = textwrap.dedent("""
        import json, sys, time
        from som_xl.case import read_case_file
        from som_xl.errors import InputError
        from som_xl.workbook.recalc import recalc_file
        out = {}
        for path in sys.argv[1:]:
            start = time.perf_counter()
            try:
                (read_case_file if path.endswith(".json") else recalc_file)(path)
                out[path] = "accepted"
            except InputError as exc:
                out[path] = exc.problems[0].type
            out[path + " s"] = time.perf_counter() - start
        # VmHWM is this process's own peak. ru_maxrss is not: on Linux a child inherits
        # the parent's high-water mark across fork/exec, so it would report pytest's.
        with open("/proc/self/status") as fh:
            hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
        out["maxrss_mb"] = hwm / 1024
        print(json.dumps(out))
    """)
    paths = [str(tmp_path / n) for n in files] + [str(huge)]
    proc = subprocess.run([sys.executable, "-c", script, *paths], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert [report[p] for p in paths] == ["zip-bomb", "xml-dtd", "too-many-rows", "too-large"], report
    assert all(report[p + " s"] < SECONDS for p in paths), report
    assert report["maxrss_mb"] < 500, report
