"""A record's downloads, made by the same code as the command line: the case file, a
macro-free workbook (``som_xl.service.workbooks.share_copy``) and the decision report
(``som_xl.report.make_report``), each recomputed with the site's current knowledge.

Work happens in a private temporary folder; the site runs it through its conversion pool
(:mod:`som_xl.web.conversions`: bounded per machine, merged, cached by content), keyed by
:func:`xlsx_key` and :func:`report_key`.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from som_xl.case import compute, loads_case, parse_case
from som_xl.core.entities import ACTOR_KEYS_TOTAL
from som_xl.errors import InputError, Problem
from som_xl.experience.model import QUALITY_NOTE
from som_xl.experience.record import Record
from som_xl.experience.validate import net_per_year_problem
from som_xl.fileio import atomic_write_text
from som_xl.knowledge import load_knowledge
from som_xl.report import case_document, to_markdown
from som_xl.service.reports import make_report
from som_xl.web.conversions import content_key

INFO_SHEET = "Om materialet"


def case_bytes(record: Record) -> bytes:
    """The record's case file (format 1) as it was shared."""
    if not record.case_json:
        raise InputError([Problem("no-case", "sagsfil", "posten har ingen sagsfil.")])
    return record.case_json.encode("utf-8")


def _case_path(record: Record, folder: Path) -> Path:
    parse_case(loads_case(case_bytes(record).decode("utf-8"), f"post {record.id}"))  # validated first
    return atomic_write_text(folder / "sag.json", record.case_json or "")


def _info_rows(record: Record, site: str) -> list[tuple[str, Any]]:
    return [("Erfaringsdatabasen", "Ikke kvalitetssikret"),
            ("Bemærk", QUALITY_NOTE),
            ("Post", record.id), ("Titel", record.title), ("Delt af", record.actor_name),
            ("Materialetype", record.material_type_label), ("Status", record.review_status_label),
            ("Adresse", f"{site}/poster/{record.id}" if site else f"/poster/{record.id}"),
            ("Beregning", "Genberegnet med sidens nuværende vidensgrundlag ved download.")]


def _add_info_sheet(data: bytes, record: Record, site: str) -> bytes:
    """The workbook with a first sheet saying where it came from and that it is not
    quality assured; text that looks like a formula stays text."""
    from openpyxl import load_workbook  # lazy: openpyxl (≈0.1 s) only for a download, as xlsx_bytes

    wb = load_workbook(io.BytesIO(data))
    ws = wb.create_sheet(INFO_SHEET, 0)
    for r, (label, value) in enumerate(_info_rows(record, site), 1):
        ws.cell(row=r, column=1, value=label)
        cell = ws.cell(row=r, column=2, value=value)
        if isinstance(value, str) and value[:1] in "=+-@":
            cell.data_type = "s"  # never a formula, whatever the record says
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 22, 90
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def knowledge_hash() -> str:
    """The content hash of the knowledge package downloads are computed with."""
    return load_knowledge().content_hash


def xlsx_key(record: Record, site: str = "") -> str:
    """The conversion key of :func:`xlsx_bytes`: the case, the knowledge and what the
    information sheet shows."""
    return content_key("xlsx", record.case_json or "", knowledge_hash(), site, str(record.id), record.title,
                       record.actor_name, record.material_type_label, record.review_status_label)


def xlsx_bytes(record: Record, site: str = "") -> bytes:
    """A macro-free ``.xlsx`` of the record's calculation (inputs, results, charts)."""
    from som_xl.service.workbooks import new_workbook, share_copy  # lazy: openpyxl only for a download

    with tempfile.TemporaryDirectory(prefix="som-xl-web-") as tmp:
        folder = Path(tmp)
        workbook = folder / "sag.xlsm"
        new_workbook(workbook, _case_path(record, folder))  # filled from the case and computed
        shared = share_copy(workbook, folder / "sag_deling.xlsx")
        return _add_info_sheet(shared.read_bytes(), record, site)


def report_key(record: Record, fmt: str) -> str:
    """The conversion key of :func:`report_bytes` (the case and the knowledge; the Markdown
    note names the record)."""
    return content_key("report", fmt, record.case_json or "", knowledge_hash(),
                       str(record.id) if fmt == "md" else "")


def report_bytes(record: Record, fmt: str) -> bytes:
    """The decision report (``pdf`` or ``md``) of the record's calculation."""
    return _report(record, fmt)


def _report(record: Record, fmt: str) -> bytes:
    if fmt == "md":
        case = parse_case(loads_case(case_bytes(record).decode("utf-8"), f"post {record.id}"))
        data = to_markdown(case_document(case, load_knowledge())).encode("utf-8")
    else:
        with tempfile.TemporaryDirectory(prefix="som-xl-web-") as tmp:
            folder = Path(tmp)
            out = folder / f"oplaeg.{fmt}"
            make_report(_case_path(record, folder), out, fmt=fmt,
                        notice=f"Ikke kvalitetssikret (erfaringsdatabasen, post {record.id})")
            data = out.read_bytes()
    if fmt == "md":
        note = f"> **Ikke kvalitetssikret.** {QUALITY_NOTE} (Erfaringsdatabasen, post {record.id})\n\n"
        data = note.encode("utf-8") + data
    return data


def net_per_year(record: Record) -> tuple[list[int], dict[str, list], bool] | None:
    """Years and net result per actor: stored with the record when it was shared, else
    computed from its case file now (third value ``True``: computed now)."""
    stored = record.key_results.get("net_per_year") if isinstance(record.key_results, dict) else None
    if stored is not None and net_per_year_problem(stored) is None:  # a record stored before the check: no chart
        return list(stored["years"]), {k: v for k, v in stored.items() if k != "years"}, False
    if not record.case_json:
        return None
    try:
        results = compute(parse_case(loads_case(record.case_json, f"post {record.id}"))).results
    except Exception:  # a case this version cannot compute gets no chart, not an error page
        return None
    rows = results.net.tolist()
    return ([int(y) for y in results.years.tolist()], dict(zip(ACTOR_KEYS_TOTAL, rows, strict=True)), True)
