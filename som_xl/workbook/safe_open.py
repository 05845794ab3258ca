"""Open a workbook someone mailed us, safely: data only, bounded time and memory.

som_xl never runs VBA: macros are kept as opaque bytes. Before openpyxl parses
anything, :func:`ooxml_vba.safe_zip.check_package` checks the zip container and streams
every part (how many members, how large unpacked, how strongly compressed, rows, cells,
styles, validations, elements, DTDs, encodings, sheet entries) within the limits below,
som_xl's policy; a refusal is worded here in Danish. openpyxl parses XML through
defusedxml (a dependency; checked here), which stops entity bombs anywhere else.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.xml import DEFUSEDXML

from ooxml_vba.errors import PackageRefused
from ooxml_vba.safe_zip import Limits
from ooxml_vba.safe_zip import check_package as _check
from som_xl.errors import InputError, Problem
from som_xl.fmt import number

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


def limits() -> Limits:
    """The limits above as the toolchain takes them (read at call time, so tests may lower one)."""
    return Limits(file_bytes=MAX_FILE_BYTES, unpacked_bytes=MAX_UNCOMPRESSED_BYTES, member_bytes=MAX_MEMBER_BYTES,
                  members=MAX_MEMBERS, ratio=MAX_RATIO, rows=MAX_ROWS, cells=MAX_CELLS, styles=MAX_STYLES,
                  elements=MAX_ELEMENTS, rules=MAX_RULES, sheets=MAX_SHEETS)


def _fail(path: Path, type_: str, message: str) -> InputError:
    return InputError([Problem(type_, path.name, message)])


_REWRITE = "gem projektmappen igen i Excel"
_MESSAGES = {  # kind → (problem type, Danish message; {part}, {count}, {detail} filled in)
    "not-found": ("not-found", "filen findes ikke."),
    "is-a-folder": ("not-found", "det er en mappe, ikke en projektmappe."),
    "file-too-large": ("too-large", "filen er {mb} MB; en SØM-projektmappe må højst være {max_file} MB."),
    "not-a-zip": ("not-a-workbook", "filen er ikke en Excel-projektmappe (.xlsx/.xlsm); den kan være beskadiget, "
                                    "afkortet eller i et andet format (fx .xls eller .csv)."),
    "bad-zip": ("not-a-workbook", "filen er en beskadiget zip-fil ({detail})."),
    "corrupt": ("not-a-workbook", "filen kan ikke pakkes ud; den er beskadiget eller bruger en komprimering, Excel "
                                  "ikke bruger ({detail})."),
    "too-many-parts": ("too-many-parts", "projektmappen har {count} dele; højst {max_members}."),
    "unpacked-too-large": ("too-large", "projektmappen fylder for meget udpakket ({mb} MB; højst {max_unpacked} MB)."),
    "zip-bomb": ("zip-bomb", "delen '{part}' pakker sig ud til {mb} MB; filen afvises (mulig zip-bombe)."),
    "encrypted": ("not-a-workbook", "delen '{part}' er krypteret; en krypteret projektmappe kan ikke læses. Gem den "
                                    "uden adgangskode."),
    "compression": ("not-a-workbook", "delen '{part}' bruger en komprimering, som Excel ikke bruger; " + _REWRITE
                                      + "."),
    "bad-part-name": ("bad-part-name", "delen '{part}' har et navn, som peger uden for pakken (absolut sti, '..' "
                                       "eller '\\'); Excel skriver aldrig sådan et navn, så filen afvises."),
    "xml-dtd": ("xml-dtd", "delen '{part}' indeholder en DTD eller XML-entiteter, som Excel aldrig skriver; filen "
                           "afvises (mulig XML-bombe)."),
    "xml-encoding": ("xml-encoding", "delen '{part}' er XML i tegnsættet {detail}; Excel skriver altid UTF-8, så "
                                     "filen afvises."),
    "too-many-rows": ("too-many-rows", "arket '{sheet}' har mindst {rows} rækker; en SØM-projektmappe har højst "
                                       "{max_rows}. Filen afvises."),
    "too-many-styles": ("too-many-styles", "projektmappen har over {max_styles} typografier (skrifttyper, "
                                           "udfyldninger, rammer, formater); en SØM-projektmappe har under hundrede. "
                                           "Filen afvises."),
    "too-many-elements": ("too-many-elements", "projektmappen har over {max_elements} XML-elementer; en "
                                               "SØM-projektmappe har omkring 10.000. Filen afvises."),
    "too-many-rules": ("too-many-rules", "projektmappen har over {max_rules} datavalideringer og betingede "
                                         "formateringer; en SØM-projektmappe har under hundrede. Filen afvises."),
    "too-many-sheets": ("too-many-sheets", "projektmappen har over {max_sheets} ark; en SØM-projektmappe har 12. "
                                           "Filen afvises."),
    "duplicate-sheet": ("duplicate-sheet", "arkene '{first}' og '{second}' peger på samme del af filen; Excel skriver "
                                           "aldrig sådan en projektmappe. Filen afvises."),
}


def _danish(path: Path, refused: PackageRefused) -> InputError:
    """The Danish problem for a refusal of the toolchain."""
    if refused.kind == "too-many-cells":
        extra = f" (heraf {number(refused.merged)} i flettede områder)" if refused.merged else ""
        return _fail(path, refused.kind, f"projektmappen har over {number(MAX_CELLS)} celler{extra}; en "
                                         "SØM-projektmappe har nogle tusinde. Filen afvises.")
    type_, text = _MESSAGES[refused.kind]
    first, _, second = refused.detail.partition("\t")
    return _fail(path, type_, text.format(
        part=refused.part[:80], count=refused.count, mb=refused.count // 2**20, detail=refused.detail or
        "ingen detaljer", sheet=refused.part.rsplit("/", 1)[-1], rows=number(refused.count),
        first=first[:40], second=second[:40], max_file=MAX_FILE_BYTES // 2**20, max_members=MAX_MEMBERS,
        max_unpacked=MAX_UNCOMPRESSED_BYTES // 2**20, max_rows=number(MAX_ROWS), max_styles=number(MAX_STYLES),
        max_elements=number(MAX_ELEMENTS), max_rules=number(MAX_RULES), max_sheets=number(MAX_SHEETS)))


def check_package(path: Path) -> None:
    """Raise a Danish :class:`InputError` unless ``path`` is a plausible, bounded xlsx/xlsm
    (:func:`ooxml_vba.safe_zip.check_package` with som_xl's limits). Public: the web site
    checks uploaded workbooks with it before opening them."""
    try:
        _check(path, limits())
    except PackageRefused as refused:
        raise _danish(Path(path), refused) from None


def _detail(exc: BaseException) -> str:
    """A short, user-presentable detail of a library error (no Python class names)."""
    text = str(exc).strip().strip("'\"")
    return (text[:150] + "…") if len(text) > 150 else (text or "ingen detaljer")


def open_workbook(path: str | Path, *, data_only: bool = False):
    """Check the package, then load it with openpyxl (VBA kept as bytes for ``.xlsm``)."""
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
