"""Open a workbook someone mailed us, safely: data only, bounded time and memory.

som_xl never runs VBA: macros are kept as opaque bytes. Before openpyxl parses
anything, the zip container is checked (is it a zip, how many members, how large
uncompressed, how strongly compressed) so truncated files, zip bombs and sheets with
millions of rows are refused with a Danish message. openpyxl parses XML through
defusedxml when it is installed (it is a dependency), which stops entity bombs.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from som_xl.errors import InputError, Problem

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_MEMBER_BYTES = 40 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 200  # uncompressed / compressed for a large member
MAX_ROWS = 100_000
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def _fail(path: Path, type_: str, message: str) -> InputError:
    return InputError([Problem(type_, path.name, message)])


def check_package(path: Path) -> None:
    """Raise a Danish :class:`InputError` unless ``path`` is a plausible, bounded xlsx/xlsm."""
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
            if len(infos) > MAX_MEMBERS:
                raise _fail(path, "too-many-parts", f"projektmappen har {len(infos)} dele; højst {MAX_MEMBERS}.")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _fail(path, "too-large", "projektmappen fylder for meget udpakket "
                                               f"({total // 2**20} MB; højst {MAX_UNCOMPRESSED_BYTES // 2**20} MB).")
            for i in infos:
                if i.file_size > MAX_MEMBER_BYTES or (
                        i.file_size > 2**20 and i.file_size > MAX_RATIO * max(1, i.compress_size)):
                    raise _fail(path, "zip-bomb", f"delen '{i.filename[:80]}' pakker sig ud til "
                                                  f"{i.file_size // 2**20} MB; filen afvises (mulig zip-bombe).")
            for i in infos:
                if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"):
                    with zf.open(i) as fh:
                        head = fh.read(4096)
                    m = _DIMENSION.search(head)
                    if m and m.group(1) and int(m.group(1)) > MAX_ROWS:
                        raise _fail(path, "too-many-rows", f"et ark har {int(m.group(1)):,} rækker; en "
                                                           f"SØM-projektmappe har højst {MAX_ROWS:,}.".replace(",", "."))
    except zipfile.BadZipFile as exc:
        raise _fail(path, "not-a-workbook", f"filen er en beskadiget zip-fil ({exc}).") from None


def open_workbook(path: str | Path, *, data_only: bool = False):
    """Check the package, then load it with openpyxl (VBA kept as bytes for ``.xlsm``)."""
    from openpyxl import load_workbook

    path = Path(path)
    check_package(path)
    try:
        return load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", data_only=data_only)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for broken parts
        raise _fail(path, "unreadable", f"projektmappen kan ikke læses ({type(exc).__name__}: "
                                        f"{str(exc)[:200]}).") from None
