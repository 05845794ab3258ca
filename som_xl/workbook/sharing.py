"""Moving a calculation between municipalities: workbook ⇄ case file, and a macro-free
copy that opens anywhere without macro warnings."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from som_xl.errors import InputError, raise_if_errors
from som_xl.fileio import atomic_write_bytes, atomic_write_text

if TYPE_CHECKING:
    from som_xl.case import Computation
    from som_xl.knowledge import Knowledge


def compute_workbook(workbook: str | Path, knowledge: Knowledge | None = None) -> Computation:
    """Read a workbook's inputs, validate and compute them (the file is only read); the
    provenance of its last calculation comes along. Raises :class:`InputError` with the
    cells named if the inputs are invalid."""
    from som_xl.case import compute, parse_case
    from som_xl.knowledge import load_knowledge
    from som_xl.workbook.openpyxl_backend import OpenpyxlBackend
    from som_xl.workbook.reader import read_inputs
    from som_xl.workbook.recalc import load_workbook_file, previous_provenance

    knowledge = knowledge or load_knowledge()
    backend = OpenpyxlBackend(load_workbook_file(Path(workbook)))
    inputs = read_inputs(backend, knowledge)
    raise_if_errors(inputs.problems)
    previous = previous_provenance(backend)
    if previous:  # what the workbook was last computed with, so a changed knowledge package is reported
        inputs.data["provenance"] = previous
    try:
        return compute(parse_case(inputs.data), knowledge)
    except InputError as exc:
        raise InputError(inputs.to_cells(exc.problems)) from None


def export_case(workbook: str | Path, output: str | Path, knowledge: Knowledge | None = None) -> dict:
    """Read a workbook's inputs, validate and compute them, and write the case file
    (format 1) with provenance. Raises :class:`InputError` (cells named) if invalid."""
    from som_xl.case.provenance import record

    comp = compute_workbook(workbook, knowledge)
    data = comp.case.to_dict()
    data["provenance"] = record(comp)
    atomic_write_text(output, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return data


def import_case(case_file: str | Path, workbook: str | Path, knowledge: Knowledge | None = None):
    """Fill ``workbook``'s inputs from a case file and recalculate it.

    The case file is validated like typed input first; a broken or hostile file is
    rejected with a Danish message and the workbook is not touched.
    """
    from som_xl.case import parse_case, read_case_file
    from som_xl.workbook.files import fill_from_case

    case = parse_case(read_case_file(case_file))  # raises before anything is written
    return fill_from_case(workbook, case, knowledge)


def share_copy(workbook: str | Path, output: str | Path | None = None) -> Path:
    """A values-only ``.xlsx`` copy (inputs, results, charts; no macros, no ribbon)."""
    from som_xl.workbook import layout as L
    from som_xl.workbook.charts import add_charts
    from som_xl.workbook.safe_open import open_workbook

    src = Path(workbook)
    out = Path(output) if output else src.with_name(src.stem + "_deling.xlsx")
    if out.suffix.lower() != ".xlsx":
        out = out.with_suffix(".xlsx")
    wb = open_workbook(src)
    wb.vba_archive = None  # drop the VBA project: the copy must open without macro warnings
    if L.XLWINGS_CONF in wb.sheetnames:
        del wb[L.XLWINGS_CONF]
    years = wb[L.RESULTATER]
    n = sum(1 for r in range(L.YEARS.first_row, L.YEARS.first_row + L.YEARS.rows)
            if years.cell(row=r, column=L.YEARS.first_col).value is not None)
    add_charts(wb, n)
    buf = io.BytesIO()
    wb.save(buf)
    return atomic_write_bytes(out, buf.getvalue())
