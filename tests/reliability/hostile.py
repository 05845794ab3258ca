"""Makers of broken and hostile input, shared by the tests and ``benchmarks/bench_hostile.py``.

Every maker builds its file here, from the committed template or the shipped knowledge
package; nothing is downloaded. The tests assert that each is refused (or read safely)
within bounded memory and work; the benchmark measures each one's time and peak memory
in a fresh process.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

from som_xl.paths import default_knowledge_dir
from som_xl.workbook import layout as L

SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def rezip(base: bytes, replace: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None
          ) -> bytes:
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


def member(package: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return z.read(name)


def sheet_part(package: bytes, sheet: str) -> str:
    """The zip member holding ``sheet`` (through workbook.xml and its relationships)."""
    wb = member(package, "xl/workbook.xml").decode()
    rels = member(package, "xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', wb).group(1)
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def with_sheet(template: bytes, xml: str | bytes, sheet: str = L.LISTER) -> bytes:
    """``template`` with the part of ``sheet`` replaced by ``xml``."""
    data = xml.encode() if isinstance(xml, str) else xml
    return rezip(template, replace={sheet_part(template, sheet): data})


def with_formulas(package: bytes, sheet: str, formulas: dict[str, str]) -> bytes:
    """``package`` with ``<f>`` elements put into cells that hold a cached value."""
    part = sheet_part(package, sheet)
    xml = member(package, part).decode()
    for ref, formula in formulas.items():
        xml, n = re.subn(rf'(<c r="{ref}"[^>]*>)(<v>)', rf"\g<1><f>{formula}</f>\g<2>", xml)
        assert n == 1, ref
    return rezip(package, replace={part: xml.encode()})


# ---------------------------------------------------------------------------------
# Containers
# ---------------------------------------------------------------------------------

def zip_bomb(megabytes: int = 60) -> bytes:
    """A zip whose one sheet inflates ``megabytes`` MB of zeros from ~50 kB (sizes declared honestly)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z, z.open("xl/worksheets/sheet1.xml", "w") as fh:
        chunk = bytes(2**20)
        for _ in range(megabytes):
            fh.write(chunk)
    return out.getvalue()


def lying_sizes(template: bytes) -> bytes:
    """A member that declares 2 kB but inflates to 30 MB."""
    bomb = b"<x>" + bytes(30 * 2**20) + b"</x>"
    data = bytearray(rezip(template, replace={"[Content_Types].xml": bomb}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("[Content_Types].xml")
    fake = (2048).to_bytes(4, "little")
    data[info.header_offset + 22: info.header_offset + 26] = fake  # local header: uncompressed size
    for m in re.finditer(rb"PK\x01\x02", bytes(data)):  # central directory entry of that member
        name_len = int.from_bytes(data[m.start() + 28: m.start() + 30], "little")
        if bytes(data[m.start() + 46: m.start() + 46 + name_len]) == b"[Content_Types].xml":
            data[m.start() + 24: m.start() + 28] = fake
    return bytes(data)


def many_members(template: bytes, n: int) -> bytes:
    return rezip(template, add={f"xl/media/junk{i}.bin": b"x" for i in range(n)})


def other_compression(template: bytes, method: int = zipfile.ZIP_LZMA) -> bytes:
    """The template recompressed with a method Excel never uses (LZMA, bzip2)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w", method) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    return out.getvalue()


def encrypted_member(template: bytes) -> bytes:
    """The template with the 'encrypted' flag set on one member (zipfile cannot read it)."""
    data = bytearray(template)
    with zipfile.ZipFile(io.BytesIO(template)) as z:
        info = z.getinfo("xl/workbook.xml")
    data[info.header_offset + 6] |= 1
    for m in re.finditer(rb"PK\x01\x02", bytes(data)):
        name_len = int.from_bytes(data[m.start() + 28: m.start() + 30], "little")
        if bytes(data[m.start() + 46: m.start() + 46 + name_len]) == b"xl/workbook.xml":
            data[m.start() + 8] |= 1
    return bytes(data)


# ---------------------------------------------------------------------------------
# XML bombs
# ---------------------------------------------------------------------------------

LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
          + f']>\n<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')


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


# ---------------------------------------------------------------------------------
# Sheets that are too large
# ---------------------------------------------------------------------------------

def rows_xml(rows: int, per_row: int = 1, dimension: str | None = None) -> str:
    """A sheet with ``rows`` rows of ``per_row`` numeric cells (no ``<dimension>`` unless given)."""
    cols = [chr(65 + j) for j in range(per_row)]
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in cols) + "</row>"
                   for r in range(1, rows + 1))
    return SHEET_HEAD + dim + "<sheetData>" + body + "</sheetData></worksheet>"


def text_xml(cells: int, chars: int) -> str:
    """A sheet of ``cells`` cells in one column, each an inline text of ``chars`` characters
    (different in every cell, so the part does not compress like a zip bomb)."""
    import random

    rng = random.Random(12)
    body = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{rng.randbytes(chars // 2).hex()}</t></is>'
                   "</c></row>" for r in range(1, cells + 1))
    return SHEET_HEAD + "<sheetData>" + body + "</sheetData></worksheet>"


def declared_dimension(template: bytes) -> bytes:
    return with_sheet(template, SHEET_HEAD + '<dimension ref="A1:XFD1048576"/><sheetData/></worksheet>')


def merged_bomb(template: bytes, ref: str = "A1:XFD1048576") -> bytes:
    """One merged range over a whole sheet: openpyxl makes an object per covered cell."""
    return with_sheet(template, SHEET_HEAD + f'<sheetData/><mergeCells count="1"><mergeCell ref="{ref}"/>'
                                             "</mergeCells></worksheet>")


def styles_bomb(template: bytes, fonts: int = 300_000) -> bytes:
    """``fonts`` distinct fonts in styles.xml (Excel allows 64,000 cell formats in all)."""
    xml = member(template, "xl/styles.xml").decode()
    many = "".join(f'<font><sz val="{8 + i % 9}"/><name val="F{i}"/></font>' for i in range(fonts))
    xml = re.sub(r'<fonts count="\d+">', f'<fonts count="{fonts}">' + many, xml, count=1)
    return rezip(template, replace={"xl/styles.xml": xml.encode()})


def element_bomb(template: bytes, n: int = 1_100_000) -> bytes:
    """A sheet with ``n`` column definitions: no rows or cells at all, only elements."""
    cols = "".join(f'<col min="{1 + i % 16384}" max="{1 + i % 16384}"/>' for i in range(n))  # not a zip bomb
    return with_sheet(template, SHEET_HEAD + f"<cols>{cols}</cols><sheetData/></worksheet>")


def hidden_sheet(template: bytes, rows: int = 1_500_000, name: str = "xl/media/image9.png") -> bytes:
    """The Lister sheet moved to ``name`` (outside xl/worksheets/, not named .xml), its
    relationship pointing there, holding ``rows`` rows."""
    part = sheet_part(template, L.LISTER)
    rels = member(template, "xl/_rels/workbook.xml.rels").decode()
    target = part.removeprefix("xl/")
    rels = rels.replace(f'Target="{target}"', f'Target="/{name}"').replace(f'Target="/{part}"', f'Target="/{name}"')
    assert name in rels
    return rezip(template, replace={part: None, "xl/_rels/workbook.xml.rels": rels.encode()},
                 add={name: rows_xml(rows).encode()})


def utf16_sheet(template: bytes, rows: int = 1_500_000) -> bytes:
    """The Lister sheet in UTF-16, where a byte scan for ``<row`` finds nothing."""
    xml = rows_xml(rows).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return with_sheet(template, xml.encode("utf-16"))


def whole_column_input(computed: bytes, name: str = L.COSTS.name) -> bytes:
    """``computed`` with the input range ``name`` pointing at whole columns (B:H)."""
    wb = member(computed, "xl/workbook.xml").decode()
    new, n = re.subn(rf'(<definedName name="{name}"[^>]*>)[^<]*(</definedName>)',
                     rf"\g<1>'{L.INDSATS}'!$B$1:$H$1048576\g<2>", wb)
    assert n == 1
    return rezip(computed, replace={"xl/workbook.xml": new.encode()})


def output_far_down(computed: bytes, name: str = L.MESSAGES.name) -> bytes:
    """``computed`` with the output range ``name`` moved to row 1,048,000."""
    wb = member(computed, "xl/workbook.xml").decode()
    new, n = re.subn(rf'(<definedName name="{name}"[^>]*>)([^<]*)(</definedName>)',
                     lambda m: m.group(1) + re.sub(r"\$(\d+)", lambda r: f"${1_048_000 + int(r.group(1)) % 100}",
                                                   m.group(2)) + m.group(3), wb)
    assert n == 1
    return rezip(computed, replace={"xl/workbook.xml": new.encode()})


# ---------------------------------------------------------------------------------
# Case files, knowledge packages, experience imports
# ---------------------------------------------------------------------------------

def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` zero bytes that takes no disk (a hole)."""
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


def knowledge_copy(dest: Path) -> Path:
    shutil.copytree(default_knowledge_dir(), dest)
    return dest


def many_short_rows(path: Path, megabytes: int = 45) -> Path:
    """A CSV of ``megabytes`` MB of two-byte rows (millions of rows, under the size limit)."""
    line = b"a\n"
    with path.open("wb") as fh:
        fh.write(b"item\n")
        block = line * (2**20 // len(line))
        for _ in range(megabytes):
            fh.write(block)
    return path


def wide_header(path: Path, columns: int = 3_000_000) -> Path:
    """A CSV whose header has millions of columns and a few rows of as many cells."""
    header = b"," * columns + b"\n"
    with path.open("wb") as fh:
        fh.write(header)
        for _ in range(5):
            fh.write(header)
    return path


def many_resources(package: Path, n: int = 20_000) -> Path:
    """``package``'s descriptor listing ``n`` resources, each pointing at one small CSV."""
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    (package / "tiny.csv").write_text("a\n1\n", "utf-8")
    descriptor["resources"] += [{"name": f"r{i}", "path": "tiny.csv"} for i in range(n)]
    (package / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    return package


def experience_records(n: int, summary_chars: int = 10) -> list[dict]:
    """``n`` valid experience records with distinct uids (for import files)."""
    import uuid

    return [{"uid": str(uuid.UUID(int=i + 1)), "title": f"Post {i}", "summary": "x" * summary_chars,
             "target_group": "hjemløse", "material_type": "beregning", "actor_type": "kommune",
             "actor_name": "Testkommune", "review_status": "indsendt"} for i in range(n)]


def experience_import_file(path: Path, records: list[dict]) -> Path:
    """An export envelope holding ``records``."""
    path.write_text(json.dumps({"format": "som-xl-experience/1", "records": records}), "utf-8")
    return path


def blank_lines(package: Path, per_table: int) -> Path:
    """``per_table`` blank lines (a newline each) appended to every CSV of ``package``."""
    for csv_file in package.glob("*.csv"):
        with csv_file.open("ab") as fh:
            fh.write(b"\n" * per_table)
    return package


def remote_reference(package: Path, key: str, url: str = "http://127.0.0.1:9/items.csv") -> Path:
    """The ``items`` resource's ``key`` (path, schema, dialect or profile) names ``url``; for
    ``path`` a look-alike local folder (``http:/127.0.0.1:9/items.csv``) passes a naive
    inside-the-package check."""
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    items = next(r for r in descriptor["resources"] if r["name"] == "items")
    items[key] = url
    if key == "path":
        local = package / Path(url)
        local.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(package / "items.csv", local)
    (package / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    return package


def set_cell(csv_file: Path, row: int, column: str, value: str) -> Path:
    """Set one cell (``row`` counted as in the file, header = 1) of a CSV."""
    import csv

    rows = list(csv.reader(io.StringIO(csv_file.read_text("utf-8"), newline="")))
    rows[row - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    csv_file.write_text(out.getvalue(), "utf-8")
    return csv_file


def duplicate_sheets(package: bytes, n: int, sheet: str = L.RESULTATER, own_ids: bool = False) -> bytes:
    """``package`` with ``n`` more ``<sheet>`` entries loading the part of ``sheet``: sharing
    its relationship id, or (``own_ids``) each with its own relationship to the same part."""
    wb = member(package, "xl/workbook.xml").decode()
    rels = member(package, "xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', wb).group(1)
    target = sheet_part(package, sheet).removeprefix("xl/")
    ids = [f"rIdDup{i}" if own_ids else rid for i in range(n)]
    entries = "".join(f'<sheet name="Kopi{i}" sheetId="{1000 + i}" r:id="{x}"/>' for i, x in enumerate(ids))
    wb = wb.replace("</sheets>", entries + "</sheets>")
    if own_ids:
        kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
        rels = rels.replace("</Relationships>", "".join(
            f'<Relationship Id="{x}" Type="{kind}" Target="/xl/{target}"/>' for x in ids) + "</Relationships>")
    return rezip(package, replace={"xl/workbook.xml": wb.encode(), "xl/_rels/workbook.xml.rels": rels.encode()})


def rules_bomb(package: bytes, n: int, kind: str = "validation", sheet: str = L.LISTER) -> bytes:
    """``package`` with ``n`` data validations (or conditional-format rules) on ``sheet``."""
    part = sheet_part(package, sheet)
    xml = member(package, part).decode()
    if kind == "validation":
        block = (f'<dataValidations count="{n}">' + "".join(
            f'<dataValidation type="whole" sqref="Z{i + 1}"><formula1>0</formula1></dataValidation>'
            for i in range(n)) + "</dataValidations>")
        anchor = re.search(r"<(pageMargins|pageSetup|headerFooter|drawing|legacyDrawing|tableParts)[ />]", xml)
    else:
        block = "".join(f'<conditionalFormatting sqref="Z{i + 1}"><cfRule type="cellIs" dxfId="0" priority="{i + 1}" '
                        f'operator="greaterThan"><formula>0</formula></cfRule></conditionalFormatting>'
                        for i in range(n))
        anchor = re.search(r"<(dataValidations|hyperlinks|printOptions|pageMargins|pageSetup)[ />]", xml)
    at = anchor.start() if anchor else xml.index("</worksheet>")
    return rezip(package, replace={part: (xml[:at] + block + xml[at:]).encode()})


def part_named(package: bytes, name: str) -> bytes:
    """``package`` with one extra member called ``name`` (``../../evil.txt``, ``/etc/x`` …)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        info = zipfile.ZipInfo("placeholder")
        info.filename = name  # ZipInfo normalises some names; set it as it goes into the index
        dst.writestr(info, b"x")
    return out.getvalue()
