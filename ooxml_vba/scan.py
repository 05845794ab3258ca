"""A streaming count over every part of an xlsx/xlsm package, before anything is parsed.

openpyxl builds a Python object for every cell, every cell a merged range covers, every
row with attributes, every style, every defined name: a file far under the size limits
can ask for gigabytes. :func:`scan_part` reads one zip member in 1 MB chunks (never
whole) and counts what openpyxl would build; :class:`Tally` adds up the parts and says
when a bound is crossed. Every member is scanned whatever its name, because openpyxl
follows the package's relationships wherever they point (a sheet stored as
``xl/media/image9.png`` is parsed as a sheet).

Only UTF-8 XML is accepted (Excel and LibreOffice write nothing else): in UTF-16 or an
8-bit encoding such as EBCDIC, ``<row`` is spelled in other bytes and would escape the
count. A DTD or entity declaration anywhere in a part is refused (Excel never writes
one; it is how XML bombs are made).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

from .errors import ForbiddenXml

_CHUNK = 1 << 20
_CARRY = 320
"""Bytes kept from the end of a chunk: longer than any token counted below (≤ 250 bytes),
so a token split between chunks is counted once, in the chunk where it starts."""

_TOKENS = re.compile(
    rb"<(?:\w{1,20}:)?(?:"
    rb"(?P<row>row)[\s>/]"
    rb"|(?P<cell>c)[\s>/]"
    rb"|(?P<style>font|fill|border|xf|dxf|numFmt|cellStyle|tableStyle)[\s>/]"
    rb"|(?P<merge>mergeCell)\s[^>]{0,200}?\bref\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d{1,7})"
    rb"(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?"
    rb"|(?P<rule>dataValidation|cfRule)[\s>/]"
    rb")"
    rb"|(?P<dtd><!(?:DOCTYPE|ENTITY))",
    re.IGNORECASE,
)
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
_DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([^"']{1,40})["']""")
_UTF8_NAMES = {b"utf-8", b"utf8"}
_WIDE_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


@dataclass
class PartCount:
    """What one part would make openpyxl build."""

    name: str
    xml: bool = False
    rows: int = 0
    cells: int = 0
    merged_cells: int = 0
    styles: int = 0
    rules: int = 0
    """Data validations and conditional-format rules (openpyxl keeps and rewrites each)."""
    elements: int = 0
    declared_rows: int = 0
    dtd: bool = False
    encoding: str | None = None
    """Set when the part is XML in an encoding other than UTF-8 (refused)."""


@dataclass
class Tally:
    """Counts over the whole package; :meth:`add` stops a scan as soon as a bound is crossed."""

    max_rows: int
    max_cells: int
    max_styles: int
    max_elements: int
    max_rules: int = 10_000
    cells: int = 0
    merged_cells: int = 0
    styles: int = 0
    rules: int = 0
    elements: int = 0
    parts: list[PartCount] = field(default_factory=list)

    def crossed(self, part: PartCount) -> str | None:
        """The first bound ``part`` (with the parts before it) crosses, as a problem type."""
        if part.dtd:
            return "xml-dtd"
        if part.encoding:
            return "xml-encoding"
        if max(part.rows, part.declared_rows) > self.max_rows:
            return "too-many-rows"
        if self.cells + part.cells + self.merged_cells + part.merged_cells > self.max_cells:
            return "too-many-cells"
        if self.styles + part.styles > self.max_styles:
            return "too-many-styles"
        if self.elements + part.elements > self.max_elements:
            return "too-many-elements"
        if self.rules + part.rules > self.max_rules:
            return "too-many-rules"
        return None

    def add(self, part: PartCount) -> None:
        self.cells += part.cells
        self.merged_cells += part.merged_cells
        self.styles += part.styles
        self.rules += part.rules
        self.elements += part.elements
        self.parts.append(part)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _merge_area(m: re.Match) -> int:
    c1, r1, c2, r2 = m.group(5), m.group(6), m.group(7), m.group(8)
    if c2 is None:
        return 1
    rows = abs(int(r2) - int(r1)) + 1
    cols = abs(_column_number(c2) - _column_number(c1)) + 1
    return rows * cols


def _kind(head: bytes) -> tuple[bool, str | None]:
    """(is XML, refused encoding) from the first bytes of a part."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith(_WIDE_STARTS) or (b"\x00" in head[:4] and b"<" in head[:4]):
        return True, "UTF-16/UTF-32"
    if not head.lstrip(b" \t\r\n").startswith(b"<"):
        return False, None  # a picture, the VBA project, …: never parsed as XML
    m = _DECLARED_ENCODING.search(head[:300])
    if m and m.group(1).strip().lower() not in _UTF8_NAMES:
        return True, m.group(1).decode("ascii", "replace")
    return True, None


def _count_tokens(part: PartCount, buf: bytes, end: int) -> None:
    for m in _TOKENS.finditer(buf):
        if m.start() >= end:
            break  # counted with the next chunk, where it is whole
        if m.group("row"):
            part.rows += 1
        elif m.group("cell"):
            part.cells += 1
        elif m.group("style"):
            part.styles += 1
        elif m.group("rule"):
            part.rules += 1
        elif m.group("merge"):
            part.merged_cells += _merge_area(m)
        else:
            part.dtd = True


def scan_part(name: str, fh: IO[bytes], tally: Tally) -> PartCount:
    """Count what openpyxl would build from the member ``name`` read from ``fh``.

    Reads 1 MB at a time and stops as soon as ``tally.crossed`` names a bound; the
    returned count is then incomplete (and the package refused).
    """
    part = PartCount(name)
    chunk = fh.read(_CHUNK)
    part.xml, part.encoding = _kind(chunk[:4096])
    if not part.xml or part.encoding:
        return part
    m = _DIMENSION.search(chunk[:4096])
    if m and m.group(1):
        part.declared_rows = int(m.group(1))
    carry = b""
    while chunk:
        following = fh.read(_CHUNK)
        buf = carry + chunk
        end = len(buf) if not following else len(buf) - _CARRY
        _count_tokens(part, buf, end)
        # start tags: every '<' that does not open an end tag, a comment/DTD or a declaration
        part.elements += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<!") - chunk.count(b"<?")
        if tally.crossed(part):
            return part
        carry, chunk = buf[end:], following
    return part


_MAIN_TYPES = tuple(f"application/vnd.{t}.main+xml" for t in (
    "ms-excel.template.macroEnabled", "openxmlformats-officedocument.spreadsheetml.template",
    "ms-excel.sheet.macroEnabled", "openxmlformats-officedocument.spreadsheetml.sheet"))
"""The workbook part's content types, in the order openpyxl looks for them."""
_R_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class SheetEntry:
    """One ``<sheet>`` of the workbook part: its name, relationship id and the part it loads."""

    name: str
    rel_id: str
    target: str | None


def _iter_elements(zf: zipfile.ZipFile, name: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(local name, attributes) of every start tag of part ``name``, streamed through expat
    64 KB at a time: nothing is kept, and a DTD or entity declaration raises
    :class:`ForbiddenXml` (nothing is expanded)."""
    found: list[tuple[str, dict[str, str]]] = []
    parser = expat.ParserCreate(namespace_separator="}")

    def forbid(*args) -> None:
        raise ForbiddenXml(name)

    parser.StartElementHandler = lambda tag, attrs: found.append((tag.rsplit("}", 1)[-1], attrs))
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    with zf.open(name) as fh:
        while chunk := fh.read(1 << 16):
            parser.Parse(chunk, False)
            yield from found
            found.clear()
    parser.Parse(b"", True)
    yield from found


def workbook_part(zf: zipfile.ZipFile) -> str:
    """The workbook part's name, found as openpyxl finds it (``[Content_Types].xml``)."""
    found: dict[str, str] = {}
    if "[Content_Types].xml" in zf.namelist():
        for tag, attrs in _iter_elements(zf, "[Content_Types].xml"):
            if tag == "Override" and attrs.get("ContentType") in _MAIN_TYPES:
                found.setdefault(str(attrs["ContentType"]), str(attrs.get("PartName", "")).lstrip("/"))
    return next((found[t] for t in _MAIN_TYPES if t in found), "xl/workbook.xml")


def _rels_targets(zf: zipfile.ZipFile, part: str, wanted: set[str]) -> dict[str, str]:
    """Relationship id → target part (resolved as openpyxl resolves it) for the ids in ``wanted``."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    out: dict[str, str] = {}
    if rels not in zf.namelist():
        return out
    for tag, attrs in _iter_elements(zf, rels):
        if tag == "Relationship" and attrs.get("Id") in wanted and attrs.get("TargetMode") != "External":
            target = str(attrs.get("Target", ""))
            out[str(attrs["Id"])] = (target[1:] if target.startswith("/") else
                                     posixpath.normpath(posixpath.join(folder, target)))
            if len(out) == len(wanted):
                break
    return out


def sheet_entries(zf: zipfile.ZipFile, limit: int) -> list[SheetEntry]:
    """The workbook's ``<sheet>`` entries with the parts they load, read as they stream;
    at most ``limit + 1`` (so a caller refusing more than ``limit`` reads no further).

    openpyxl loads one worksheet per entry: two entries naming one part load it twice,
    so a package of 100 KB could make it build one sheet thousands of times.
    """
    part = workbook_part(zf)
    if part not in zf.namelist():
        return []
    entries: list[tuple[str, str]] = []
    for tag, attrs in _iter_elements(zf, part):
        if tag == "sheet":
            entries.append((str(attrs.get("name", "")), str(attrs.get(_R_ID, ""))))
            if len(entries) > limit:
                break
    targets = _rels_targets(zf, part, {rid for _, rid in entries})
    return [SheetEntry(name, rid, targets.get(rid)) for name, rid in entries]


def unsafe_member_name(name: str) -> bool:
    """True for a zip member name no Office package has and a writer must not carry on:
    absolute, with a drive, a backslash, a NUL or a ``..`` segment (it would land
    outside the folder of whoever unpacks the saved file)."""
    return (name.startswith("/") or "\\" in name or "\x00" in name or re.match(r"^[A-Za-z]:", name) is not None
            or ".." in name.split("/"))
