"""The Erfaringer sheet: search the experience database, share this calculation, import
a shared one. Backend-agnostic (openpyxl headless, xlwings in Excel, memory in tests)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from som_xl.case import loads_case, parse_case
from som_xl.case.provenance import record as provenance_record
from som_xl.errors import InputError, Problem, raise_if_errors
from som_xl.vocabulary.actor_types import DEFAULT_SHARING_ACTOR_TYPE, SHARING_ACTOR_TYPES
from som_xl.vocabulary.lookup import code_for
from som_xl.vocabulary.materials import MATERIAL_TYPES
from som_xl.workbook import layout as L
from som_xl.workbook.backend import Backend
from som_xl.workbook.cells import convert, is_blank
from som_xl.workbook.inputs_writer import check_importable, write_case_inputs
from som_xl.workbook.recalc import recalculate
from som_xl.workbook.writer import write_output

if TYPE_CHECKING:
    from som_xl.knowledge import Knowledge


def read_fields(backend: Backend) -> dict[str, Any]:
    """The Erfaringer input fields (blank → None); InputError names bad cells."""
    rng = backend.read(L.EXPERIENCE_SEARCH.name)
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for i, f in enumerate(L.EXPERIENCE_FIELDS):
        raw = rng.values[i][0] if i < len(rng.values) else None
        kind = L.TEXT if f.kind == L.LIST else f.kind
        values[f.key] = None if is_blank(raw) else convert(raw, kind, rng.address(i, 0), f.label, problems)
    if values.get("material_type"):
        values["material_type"] = code_for(values["material_type"], MATERIAL_TYPES) or values["material_type"]
    raise_if_errors(problems)
    return values


def _where(db) -> str:
    """Which database was used, for the status line: a server or the local file."""
    return getattr(db, "where", None) or f"den lokale database {getattr(db, 'url', '')}".strip()


def _status(backend: Backend, text: str) -> None:
    write_output(backend, L.EXPERIENCE_STATUS, [[text]])


def search_to_sheet(backend: Backend, db) -> int:
    """Search with the sheet's criteria and write the hits (one read, two writes)."""
    v = read_fields(backend)
    hits = db.search(text=v["text"], target_group=v["target_group"], material_type=v["material_type"],
                     actor_type=v["actor_type"], year=v["year"], limit=L.EXPERIENCE_RESULTS.rows)
    rows = []
    for r in hits:
        npv = (r.key_results or {}).get("npv", {}) if isinstance(r.key_results, dict) else {}
        total = npv.get("total") if isinstance(npv, dict) else None
        rows.append([r.id, r.title, r.target_group, r.material_type_label, f"{r.actor_name} ({r.actor_type})",
                     r.year, r.review_status_label, total, "Ikke kvalitetssikret"])
    write_output(backend, L.EXPERIENCE_RESULTS, rows)
    _status(backend, f"{len(hits)} fundet i {_where(db)}. Materialet er ikke kvalitetssikret af "
                     "Social- og Boligstyrelsen.")
    return len(hits)


def share_to_db(backend: Backend, db, knowledge: Knowledge):
    """Recalculate this workbook and add it to the database as a 'beregning' record."""
    from som_xl.experience.case_link import key_results_from  # lazy: ≈0.4 s of database libraries, for Del only

    v = read_fields(backend)
    outcome = recalculate(backend, knowledge)
    if not outcome.ok:
        raise InputError([Problem("not-computed", L.RESULTATER, "beregningen har fejl og kan ikke deles; "
                                                                "ret dem (se arket Resultater) og prøv igen.")]
                         + [p for p in outcome.problems if p.severity == "error"])
    comp = outcome.computation
    assert comp is not None  # not ok is raised above
    case = comp.case
    data = case.to_dict() | {"provenance": provenance_record(comp)}
    rec = db.add({
        "title": case.title,
        "summary": v["summary"] or case.description or case.title,
        "target_group": case.target_group or "egen målgruppe",
        "material_type": "beregning",
        "actor_type": case.owner.type if case.owner.type in SHARING_ACTOR_TYPES else DEFAULT_SHARING_ACTOR_TYPE,
        "actor_name": case.owner.name or "ukendt",
        "contact": v["contact"],
        "year": dt.date.today().year,
        "key_results": key_results_from(comp),
        "case_json": json.dumps(data, ensure_ascii=False),
        "knowledge_name": comp.knowledge.name,
        "knowledge_version": comp.knowledge.version,
        "knowledge_hash": comp.knowledge.content_hash,
    })
    _status(backend, f"Delt som erfaring nr. {rec.id} ({rec.review_status_label}) i {_where(db)}. "
                     "Ikke kvalitetssikret.")
    return rec


def import_from_db(backend: Backend, db, knowledge: Knowledge):
    """Fill this workbook's inputs from the case of the record in 'Id der skal importeres'."""
    v = read_fields(backend)
    where = f"{L.ERFARINGER}!C{L.field_cell(L.EXPERIENCE_FIELDS[-1])[0]}"
    if v["import_id"] is None:
        raise InputError([Problem("required", where, "skriv id'et på den erfaring, der skal importeres.")])
    rec = db.get(v["import_id"])
    if rec is None:
        raise InputError([Problem("not-found", where, f"der er ingen erfaring med id {v['import_id']}.")])
    if not rec.case_json:
        raise InputError([Problem("no-case", where, f"erfaring nr. {rec.id} har ingen beregning at importere.")])
    case = parse_case(loads_case(rec.case_json, f"erfaring {rec.id}"))
    check_importable(case, knowledge)  # validated as calc does, before anything is written
    write_case_inputs(backend, case, knowledge)
    outcome = recalculate(backend, knowledge)
    _status(backend, f"Importeret fra erfaring nr. {rec.id}: '{rec.title}'. Tjek forudsætningerne; materialet er "
                     "ikke kvalitetssikret.")
    return outcome
