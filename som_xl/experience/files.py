"""Export and import files: a JSON envelope written atomically, read back safely."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from som_xl import jsontext
from som_xl.errors import InputError, Problem
from som_xl.experience.model import QUALITY_NOTE
from som_xl.experience.record import EXPORT_FORMAT
from som_xl.fileio import atomic_write_text, read_bounded_text

MAX_IMPORT_BYTES = 64 * 1024 * 1024
"""An import file: thousands of records with case files of kilobytes (a few of 5 MB)."""
MAX_IMPORT_RECORDS = 10_000
MAX_IMPORT_VALUES = 2_000_000
"""JSON values in one import file (a record has a few dozen; the case file inside is one
string). Counted before parsing: ``[{},{},…]`` would otherwise take 25 times the file's size."""


def export_document(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The export file's content: format, time, the quality note, and the records."""
    return {
        "format": EXPORT_FORMAT,
        "exported_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "quality_note": QUALITY_NOTE,
        "count": len(records),
        "records": records,
    }


def dumps(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` so a reader never sees half a file (temp file in the
    same folder, fsync, rename; see :mod:`som_xl.fileio`)."""
    return atomic_write_text(path, text)


def _load_json(p: Path) -> Any:
    """JSON from a user-named file of at most ``MAX_IMPORT_BYTES`` and ``MAX_IMPORT_VALUES``
    values (Danish errors with line and column)."""
    text = read_bounded_text(p, MAX_IMPORT_BYTES)
    return jsontext.loads(text, str(p), max_values=MAX_IMPORT_VALUES)


def read_import_file(path: str | Path) -> list[dict[str, Any]]:
    """The records in an import file: an export envelope or a bare JSON list of records."""
    p = Path(path)
    data = _load_json(p)
    if isinstance(data, dict):
        if data.get("format") != EXPORT_FORMAT or not isinstance(data.get("records"), list):
            raise InputError([Problem("wrong-format", str(p),
                                      f'filen er ikke en eksport fra erfaringsdatabasen; forventet '
                                      f'et JSON-objekt med "format": "{EXPORT_FORMAT}" og en liste '
                                      f'"records" (eller blot en liste af poster).')])
        return _bounded(p, data["records"])
    if isinstance(data, list):
        return _bounded(p, data)
    raise InputError([Problem("wrong-format", str(p), "filen skal indeholde en liste af poster "
                                                      "eller en eksport fra erfaringsdatabasen.")])


def _bounded(p: Path, records: list) -> list:
    if len(records) > MAX_IMPORT_RECORDS:
        raise InputError([Problem("too-many-records", str(p), f"filen har {len(records):,} poster; en import må "
                                                              f"højst have {MAX_IMPORT_RECORDS:,}. Del filen op."
                                  .replace(",", "."))])
    return records


def read_record_file(path: str | Path) -> dict[str, Any]:
    """One record's fields from a JSON file (``experience add --from-json``)."""
    p = Path(path)
    data = _load_json(p)
    if not isinstance(data, dict):
        raise InputError([Problem("wrong-type", str(p), "filen skal indeholde ét JSON-objekt med "
                                                        "postens felter (title, summary, ...).")])
    return data
