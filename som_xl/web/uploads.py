"""A submitted case file or workbook → record fields, read by the same code as the CLI
(``som_xl.case`` for case files, ``som_xl.service.workbooks.export_case`` for workbooks,
whose container checks refuse zip bombs, DTDs and oversized sheets).

Messages name the file as the user called it, never a temporary path on the server.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from som_xl.case import loads_case, parse_case
from som_xl.errors import InputError, Problem
from som_xl.experience.attachments import clean_filename
from som_xl.experience.case_link import fields_from_case_text
from som_xl.experience.model import MAX_CASE_BYTES
from som_xl.fileio import atomic_write_bytes

CASE_SUFFIXES = (".json",)
WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")


def _renamed(exc: InputError, folder: str) -> InputError:
    def fix(text: str) -> str:
        return text.replace(folder + "/", "").replace(folder, "")

    return InputError([Problem(p.type, fix(p.location), fix(p.message), p.severity)
                       for p in exc.problems])


def _case_text(data: bytes, shown: str) -> str:
    if len(data) > MAX_CASE_BYTES:
        raise InputError([Problem("too-large", shown, f"sagsfilen fylder {len(data) // 1024} KB; højst "
                                                      f"{MAX_CASE_BYTES // 1024 // 1024} MB er tilladt.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem("bad-encoding", shown, "sagsfilen er ikke UTF-8-tekst; er det en "
                                                         "som-xl-sagsfil (.json)?")]) from None
    parse_case(loads_case(text, shown))  # the whole case validated, as 'som-xl case import' does
    return text


def _workbook_case(data: bytes, suffix: str, shown: str) -> str:
    from som_xl.service.workbooks import export_case  # lazy: openpyxl only for an uploaded workbook

    with tempfile.TemporaryDirectory(prefix="som-xl-upload-") as tmp:
        # The copy carries the user's (cleaned) name, so every message names their file.
        book = atomic_write_bytes(Path(tmp) / (Path(shown).stem[:100] + suffix), data)
        try:
            export_case(book, Path(tmp) / ".sag.json")
        except InputError as exc:
            raise _renamed(exc, tmp) from None
        return (Path(tmp) / ".sag.json").read_text("utf-8")


def fields_from_upload(filename: str, data: bytes) -> tuple[dict[str, Any], list[Problem]]:
    """Record fields from an uploaded case file (.json) or SØM workbook (.xlsm/.xlsx).

    Raises
    ------
    InputError
        A Danish message naming the file (and cell or JSON path) for anything broken,
        hostile or of another type; nothing is stored then.
    """
    shown = clean_filename(filename, default="filen")
    suffix = Path(shown).suffix.lower()
    if suffix in CASE_SUFFIXES:
        text = _case_text(data, shown)
    elif suffix in WORKBOOK_SUFFIXES:
        text = _workbook_case(data, suffix, shown)
    else:
        raise InputError([Problem("wrong-type", shown, "ukendt filtype; vedhæft en sagsfil (.json) "
                                                       "eller en SØM-projektmappe (.xlsm/.xlsx).")])
    return fields_from_case_text(text, location=shown)
