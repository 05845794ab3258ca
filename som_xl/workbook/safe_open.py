"""Open a workbook someone mailed us, safely: data only, bounded time and memory.

som_xl never runs VBA: macros are kept as opaque bytes. Before openpyxl parses
anything, the zip container is checked (is it a zip, how many members, how large
uncompressed, how strongly compressed) so truncated files, zip bombs and sheets with
millions of rows or cells are refused with a Danish message; a part with a DTD or entity
declarations (Excel never writes one) is refused before parsing, and openpyxl parses XML
through defusedxml (a dependency; checked here), which stops entity bombs anywhere else.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.parsers.expat import ExpatError

from som_xl.errors import InputError, Problem
from som_xl.fmt import number
from som_xl.workbook.package_scan import PartCount, Tally, scan_part, sheet_entries, unsafe_member_name

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_MEMBER_BYTES = 40 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 200  # uncompressed / compressed for a large member
MAX_ROWS = 100_000
"""Rows in one sheet (counted, or declared by its ``<dimension>``)."""
MAX_CELLS = 200_000
"""Cells over all sheets, the cells of merged ranges included; the template has ~7,600."""
MAX_STYLES = 20_000
"""Fonts, fills, borders, cell formats and named styles together; the template has ~60
(Excel allows 64,000 cell formats, but a SØM workbook never needs thousands)."""
MAX_ELEMENTS = 1_000_000
"""XML elements over all parts (each becomes an object or more); the template has ~11,000."""
MAX_RULES = 10_000
"""Data validations and conditional-format rules together; the template has 80. openpyxl
keeps each and writes it back larger, so 300,000 of them made a file som_xl then refused."""
MAX_SHEETS = 250
"""``<sheet>`` entries in the workbook; the template has 12."""
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def _fail(path: Path, type_: str, message: str) -> InputError:
    return InputError([Problem(type_, path.name, message)])


def _check_index(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse on the zip's index alone: too many parts, too large, bombs, odd compression."""
    if len(infos) > MAX_MEMBERS:
        raise _fail(path, "too-many-parts", f"projektmappen har {len(infos)} dele; højst {MAX_MEMBERS}.")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _fail(path, "too-large", "projektmappen fylder for meget udpakket "
                                       f"({total // 2**20} MB; højst {MAX_UNCOMPRESSED_BYTES // 2**20} MB).")
    for i in infos:
        if unsafe_member_name(i.filename):
            raise _fail(path, "bad-part-name", f"delen '{i.filename[:80]}' har et navn, som peger uden for "
                                               "pakken (absolut sti, '..' eller '\\'); Excel skriver aldrig "
                                               "sådan et navn, så filen afvises.")
        inflates = i.file_size > 2**20 and i.file_size > MAX_RATIO * max(1, i.compress_size)
        if i.file_size > MAX_MEMBER_BYTES or inflates:
            raise _fail(path, "zip-bomb", f"delen '{i.filename[:80]}' pakker sig ud til "
                                          f"{i.file_size // 2**20} MB; filen afvises (mulig zip-bombe).")
        if i.flag_bits & 0x1:
            raise _fail(path, "not-a-workbook", f"delen '{i.filename[:80]}' er krypteret; en krypteret "
                                                "projektmappe kan ikke læses. Gem den uden adgangskode.")
        if i.compress_type not in _COMPRESSIONS:
            raise _fail(path, "not-a-workbook", f"delen '{i.filename[:80]}' bruger en komprimering, som Excel "
                                                "ikke bruger; gem projektmappen igen i Excel.")


def _refusal(path: Path, kind: str, part: PartCount, tally: Tally) -> InputError:
    where = part.name[:80]
    if kind == "xml-dtd":
        return _fail(path, kind, f"delen '{where}' indeholder en DTD eller XML-entiteter, som Excel aldrig "
                                 "skriver; filen afvises (mulig XML-bombe).")
    if kind == "xml-encoding":
        return _fail(path, kind, f"delen '{where}' er XML i tegnsættet {part.encoding}; Excel skriver altid "
                                 "UTF-8, så filen afvises.")
    if kind == "too-many-rows":
        return _too_many_rows(path, part.name, max(part.rows, part.declared_rows))
    if kind == "too-many-cells":
        merged = tally.merged_cells + part.merged_cells
        extra = f" (heraf {number(merged)} i flettede områder)" if merged else ""
        return _fail(path, kind, f"projektmappen har over {number(MAX_CELLS)} celler{extra}; en SØM-projektmappe "
                                 "har nogle tusinde. Filen afvises.")
    if kind == "too-many-styles":
        return _fail(path, kind, f"projektmappen har over {number(MAX_STYLES)} typografier (skrifttyper, "
                                 "udfyldninger, rammer, formater); en SØM-projektmappe har under hundrede. "
                                 "Filen afvises.")
    if kind == "too-many-rules":
        return _fail(path, kind, f"projektmappen har over {number(MAX_RULES)} datavalideringer og betingede "
                                 "formateringer; en SØM-projektmappe har under hundrede. Filen afvises.")
    return _fail(path, kind, f"projektmappen har over {number(MAX_ELEMENTS)} XML-elementer; en SØM-projektmappe "
                             "har omkring 10.000. Filen afvises.")


def _check_sheets(path: Path, zf: zipfile.ZipFile) -> None:
    """Refuse more than :data:`MAX_SHEETS` sheet entries, and two entries for one part
    (openpyxl would build that sheet once per entry, past the cell count)."""
    entries = sheet_entries(zf, MAX_SHEETS)
    if len(entries) > MAX_SHEETS:
        raise _fail(path, "too-many-sheets", f"projektmappen har over {number(MAX_SHEETS)} ark; en "
                                             "SØM-projektmappe har 12. Filen afvises.")
    seen: dict[str, str] = {}
    for entry in entries:
        key = entry.target or f"id:{entry.rel_id}"
        if key in seen:
            raise _fail(path, "duplicate-sheet", f"arkene '{seen[key][:40]}' og '{entry.name[:40]}' peger på samme "
                                                 "del af filen; Excel skriver aldrig sådan en projektmappe. Filen "
                                                 "afvises.")
        seen[key] = entry.name


def check_package(path: Path) -> None:
    """Raise a Danish :class:`InputError` unless ``path`` is a plausible, bounded xlsx/xlsm.

    The zip's index is checked first (size, parts, compression); then every part is
    streamed once, 1 MB at a time, and counted (:mod:`som_xl.workbook.package_scan`):
    rows, cells and merged cells, styles, validations and conditional formats, XML
    elements, DTDs and encodings; last the sheet entries (no two loading one part). Public: the
    web site checks uploaded workbooks with it before opening them.
    """
    if not path.exists():
        raise _fail(path, "not-found", "filen findes ikke.")
    if path.is_dir():
        raise _fail(path, "not-found", "det er en mappe, ikke en projektmappe.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _fail(path, "too-large", f"filen er {size // 2**20} MB; en SØM-projektmappe må højst være "
                                       f"{MAX_FILE_BYTES // 2**20} MB.")
    if not zipfile.is_zipfile(path):
        raise _fail(path, "not-a-workbook", "filen er ikke en Excel-projektmappe (.xlsx/.xlsm); den kan være "
                                            "beskadiget, afkortet eller i et andet format (fx .xls eller .csv).")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_index(path, infos)
            tally = Tally(MAX_ROWS, MAX_CELLS, MAX_STYLES, MAX_ELEMENTS, MAX_RULES)
            for i in infos:
                with zf.open(i) as fh:
                    part = scan_part(i.filename, fh, tally)
                kind = tally.crossed(part)
                if kind:
                    raise _refusal(path, kind, part, tally)
                tally.add(part)
            _check_sheets(path, zf)
    except zipfile.BadZipFile as exc:
        raise _fail(path, "not-a-workbook", f"filen er en beskadiget zip-fil ({exc}).") from None
    except (zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, OSError, RuntimeError,
            ExpatError, ValueError) as exc:
        raise _fail(path, "not-a-workbook", f"filen kan ikke pakkes ud; den er beskadiget eller bruger en "
                                            f"komprimering, Excel ikke bruger ({_detail(exc)}).") from None


def _too_many_rows(path: Path, member: str, rows: int) -> InputError:
    return _fail(path, "too-many-rows", f"arket '{member.rsplit('/', 1)[-1]}' har mindst {number(rows)} rækker; "
                                        f"en SØM-projektmappe har højst {number(MAX_ROWS)}. Filen afvises.")


def _detail(exc: BaseException) -> str:
    """A short, user-presentable detail of a library error (no Python class names)."""
    text = str(exc).strip().strip("'\"")
    return (text[:150] + "…") if len(text) > 150 else (text or "ingen detaljer")


def open_workbook(path: str | Path, *, data_only: bool = False):
    """Check the package, then load it with openpyxl (VBA kept as bytes for ``.xlsm``)."""
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    path = Path(path)
    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise _fail(path, "unsafe-setup", "pakken defusedxml mangler, så projektmapper ikke kan læses sikkert; "
                                          "installér som_xl igen (pip install som-xl).")
    check_package(path)
    try:
        return load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", data_only=data_only)
    except InputError:
        raise
    except MemoryError:
        raise _fail(path, "too-large", "projektmappen kræver mere hukommelse, end der er; filen afvises.") from None
    except Exception as exc:  # openpyxl raises many kinds for broken parts
        if _caused_by_defusedxml(exc):
            raise _fail(path, "xml-dtd", "projektmappen indeholder XML med entiteter eller en DTD, som Excel "
                                         "aldrig skriver; filen afvises (mulig XML-bombe).") from None
        detail = _detail(exc).replace(str(path), path.name).split("\n")[0]
        raise _fail(path, "unreadable", f"projektmappen kan ikke læses; den er beskadiget eller ikke gemt af "
                                        f"Excel ({detail}).") from None


def _caused_by_defusedxml(exc: BaseException | None) -> bool:
    """openpyxl wraps parse errors (``ValueError`` … ``from`` the parser's); look down the chain."""
    seen = 0
    while exc is not None and seen < 20:
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False
