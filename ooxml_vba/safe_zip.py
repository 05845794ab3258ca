"""Check an xlsx/xlsm package before any XML library parses it: bounded time and memory.

:func:`check_package` refuses, with a typed :class:`~ooxml_vba.errors.PackageRefused`,
what would make a reader such as openpyxl build far more than the file's size suggests:

1. the zip's index alone: too many parts, too large unpacked, a part inflating more
   than :attr:`Limits.ratio` times, encryption, a compression Office never uses, and
   part names that leave the package (``../``, absolute, ``\\``, a drive);
2. every part, whatever its name, streamed once 1 MB at a time (:mod:`ooxml_vba.scan`):
   rows, cells and merged cells, styles, validations and conditional formats, XML
   elements, DTDs and non-UTF-8 XML;
3. the workbook's ``<sheet>`` entries, streamed: more than :attr:`Limits.sheets`, or two
   loading one part (a reader builds that sheet once per entry).

>>> Limits().cells
200000
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.parsers.expat import ExpatError

from .errors import InvalidInput, PackageRefused
from .scan import Tally, scan_part, sheet_entries, unsafe_member_name

_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


@dataclass(frozen=True)
class Limits:
    """The bounds :func:`check_package` enforces (defaults: generous for a workbook of a
    few thousand cells; an application sets its own)."""

    file_bytes: int = 50 * 1024 * 1024
    unpacked_bytes: int = 100 * 1024 * 1024
    member_bytes: int = 40 * 1024 * 1024
    members: int = 2000
    ratio: int = 200
    """Uncompressed / compressed, for a part over 1 MB."""
    rows: int = 100_000
    """Rows in one sheet (counted, or declared by its ``<dimension>``)."""
    cells: int = 200_000
    """Cells over all parts, the cells merged ranges cover included."""
    styles: int = 20_000
    elements: int = 1_000_000
    rules: int = 10_000
    """Data validations and conditional-format rules together."""
    sheets: int = 250


def check_index(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse on the zip's index alone (nothing is inflated)."""
    if len(infos) > limits.members:
        raise PackageRefused("too-many-parts", count=len(infos))
    total = sum(i.file_size for i in infos)
    if total > limits.unpacked_bytes:
        raise PackageRefused("unpacked-too-large", count=total)
    for i in infos:
        if unsafe_member_name(i.filename):
            raise PackageRefused("bad-part-name", i.filename)
        inflates = i.file_size > 2**20 and i.file_size > limits.ratio * max(1, i.compress_size)
        if i.file_size > limits.member_bytes or inflates:
            raise PackageRefused("zip-bomb", i.filename, count=i.file_size)
        if i.flag_bits & 0x1:
            raise PackageRefused("encrypted", i.filename)
        if i.compress_type not in _COMPRESSIONS:
            raise PackageRefused("compression", i.filename, count=i.compress_type)


def check_sheets(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse more than ``limits.sheets`` sheet entries, and two entries loading one part."""
    entries = sheet_entries(zf, limits.sheets)
    if len(entries) > limits.sheets:
        raise PackageRefused("too-many-sheets", count=len(entries))
    seen: dict[str, str] = {}
    for entry in entries:
        key = entry.target or f"id:{entry.rel_id}"
        if key in seen:
            raise PackageRefused("duplicate-sheet", entry.target or "", detail=f"{seen[key]}\t{entry.name}")
        seen[key] = entry.name


def _scan_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits) -> Tally:
    tally = Tally(limits.rows, limits.cells, limits.styles, limits.elements, limits.rules)
    for i in infos:
        with zf.open(i) as fh:
            part = scan_part(i.filename, fh, tally)
        kind = tally.crossed(part)
        if kind:
            rows = max(part.rows, part.declared_rows) if kind == "too-many-rows" else 0
            raise PackageRefused(kind, part.name, count=rows, detail=part.encoding or "",
                                 merged=tally.merged_cells + part.merged_cells)
        tally.add(part)
    return tally


def check_package(path: str | Path, limits: Limits | None = None) -> Tally:
    """Raise :class:`PackageRefused` unless ``path`` is a bounded zip package; returns
    the counts (:class:`~ooxml_vba.scan.Tally`) when it is."""
    path, limits = Path(path), limits or Limits()
    if not path.exists():
        raise PackageRefused("not-found")
    if path.is_dir():
        raise PackageRefused("is-a-folder")
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise PackageRefused("file-too-large", count=size)
    if not zipfile.is_zipfile(path):
        raise PackageRefused("not-a-zip")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            check_index(infos, limits)
            tally = _scan_parts(zf, infos, limits)
            check_sheets(zf, limits)
            return tally
    except zipfile.BadZipFile as exc:
        raise PackageRefused("bad-zip", detail=_detail(exc)) from None
    except (zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, OSError, RuntimeError,
            ExpatError, InvalidInput) as exc:
        raise PackageRefused("corrupt", detail=_detail(exc)) from None


def _detail(exc: BaseException) -> str:
    """A short detail of a library error (no class names)."""
    text = str(exc).strip().strip("'\"")
    return (text[:150] + "…") if len(text) > 150 else text
