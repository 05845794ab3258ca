"""The record page (Post) and its downloads: case file, macro-free workbook, decision
report, attachments; withdrawing one's own record."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import RedirectResponse

from som_xl.case.text import recorded_break_even_year
from som_xl.core.entities import ACTORS_WITH_TOTAL
from som_xl.errors import InputError, SomError
from som_xl.experience.access import can_change, is_editor
from som_xl.experience.accounts import User
from som_xl.experience.engine import Busy
from som_xl.experience.record import Record
from som_xl.knowledge import load_knowledge
from som_xl.web import exports
from som_xl.web.auth import (
    check_csrf,
    current_user,
    get_db,
    require_user,
    visible_record,
    visible_record_summary,
)
from som_xl.web.chart import NARROW, SERIES, WIDE, net_chart_svg
from som_xl.web.downloads import MEDIA_TYPES, download
from som_xl.web.pages_benchmark import record_extras
from som_xl.web.views import render

router = APIRouter()
KEY_ROWS = (("npv", "Nutidsværdi (NPV)", "kroner"), ("break_even_year", "Break-even-år", "year"),
            ("return_per_krone", "Afkast pr. krone", "decimal"),
            ("break_even_success_rate", "Break-even-succesrate", "percent"))


def _knowledge_note(record: Record) -> dict | None:
    if not (record.knowledge_name or record.knowledge_version):
        return None
    try:
        current = load_knowledge()
        now = {"name": current.name, "version": current.version, "hash": current.content_hash}
    except SomError:
        now = None
    same = now is not None and record.knowledge_hash == now["hash"]
    return {"name": record.knowledge_name, "version": record.knowledge_version,
            "hash": (record.knowledge_hash or "")[:12], "current": now, "same": same}


def _chart(db, record: Record) -> dict | None:
    found = exports.net_per_year(record)
    if found is None and record.has_case:  # shared before key figures kept the years
        found = exports.net_per_year(db.require(record.id))
    if found is None:
        return None
    years, series, computed_now = found
    caption = ("Nettoresultat pr. år for kommune, region, stat og i alt, i kroner"
               + (", beregnet nu med sidens vidensgrundlag." if computed_now else
                  ", som beregnet da posten blev delt."))
    rows = [(year, [series.get(a, [None] * len(years))[i] for a, *_ in SERIES])
            for i, year in enumerate(years)]
    # two drawings of one chart: the page's style sheet shows the one that fits the screen
    svg = net_chart_svg(years, series, caption, WIDE) + net_chart_svg(years, series, caption, NARROW)
    return {"svg": svg, "caption": caption, "rows": rows,
            "labels": [label for _, label, *_ in SERIES]}


@router.get("/poster/{record_id}", name="record")
def record_page(request: Request, record: Record = Depends(visible_record_summary),
                user: User | None = Depends(current_user)):
    db = get_db(request)
    insider = can_change(record, user)
    around = db.workflow.surroundings(record, history=insider)
    key = record.key_results if isinstance(record.key_results, dict) else {}  # whatever was stored before
    key_rows = [(label, kind, key[name]) for name, label, kind in KEY_ROWS if isinstance(key.get(name), dict)]
    reasons = key.get("break_even_year_reason")
    reasons = reasons if isinstance(reasons, dict) else {}
    # the break-even years in words, as every other output says them
    key_rows = [(label, "text", {a: recorded_break_even_year(v, reasons.get(a)) for a, v in values.items()})
                if kind == "year" else (label, kind, values) for label, kind, values in key_rows]
    return render(request, "record.html", {
        "r": record, "organisation": around.organisation, "key_rows": key_rows,
        "actors": tuple((a.key, a.label) for a in ACTORS_WITH_TOTAL),
        "price_year": key.get("price_year"), "chart": _chart(db, record),
        "knowledge": _knowledge_note(record), "attachments": around.attachments,
        "history": around.history,
        "can_withdraw": insider and record.review_status != "trukket_tilbage",
        "can_contact": user is not None and not insider and record.organisation_id is not None,
        "is_editor": is_editor(user), "extras": record_extras(request, record, user),
    })


def _file_base(record: Record) -> str:
    return f"erfaring-{record.id}"


def _made(make):
    try:
        return make()
    except InputError as exc:
        raise HTTPException(422, "Posten kan ikke eksporteres: " + exc.text()) from None
    except Busy:
        raise
    except SomError as exc:
        raise HTTPException(503, f"Eksporten kunne ikke laves lige nu: {exc}") from None


async def _converted(request: Request, key, make) -> bytes:
    """``make()`` through the site's conversion pool (bounded, merged, cached by content)."""
    pool = request.app.state.conversions
    try:
        return await pool.get(_made(key), lambda: _made(make))
    except HTTPException:
        raise
    except Busy:
        raise
    except SomError as exc:
        raise HTTPException(503, f"Eksporten kunne ikke laves lige nu: {exc}") from None


@router.get("/poster/{record_id}/sagsfil.json", name="download_case")
def download_case(record: Record = Depends(visible_record)):
    data = _made(lambda: exports.case_bytes(record))
    return download(data, _file_base(record) + ".json", MEDIA_TYPES["json"])


@router.get("/poster/{record_id}/beregning.xlsx", name="download_xlsx")
async def download_xlsx(request: Request, record: Record = Depends(visible_record)):
    site = request.app.state.settings.base_url
    if not record.case_json:
        _made(lambda: exports.case_bytes(record))  # 422: no case file
    data = await _converted(request, lambda: exports.xlsx_key(record, site),
                            lambda: exports.xlsx_bytes(record, site))
    return download(data, _file_base(record) + ".xlsx", MEDIA_TYPES["xlsx"])


@router.get("/poster/{record_id}/oplaeg.{fmt}", name="download_report")
async def download_report(fmt: str, request: Request, record: Record = Depends(visible_record)):
    if fmt not in ("pdf", "md"):
        raise HTTPException(404, "Oplægget findes som PDF eller Markdown (.pdf eller .md).")
    if not record.case_json:
        _made(lambda: exports.case_bytes(record))  # 422: no case file
    data = await _converted(request, lambda: exports.report_key(record, fmt),
                            lambda: exports.report_bytes(record, fmt))
    return download(data, f"{_file_base(record)}-oplaeg.{fmt}", MEDIA_TYPES[fmt])


@router.get("/poster/{record_id}/bilag/{attachment_id}", name="download_attachment")
def download_attachment(attachment_id: int, request: Request, record: Record = Depends(visible_record)):
    found = get_db(request).workflow.attachment_data(record.id, attachment_id)
    if found is None:
        raise HTTPException(404, "Bilaget findes ikke.")
    attachment, data = found
    return download(data, attachment.filename, "application/pdf")


@router.post("/poster/{record_id}/traek-tilbage", name="withdraw", dependencies=[Depends(check_csrf)])
def withdraw(request: Request, record: Record = Depends(visible_record), user: User = Depends(require_user)):
    try:
        get_db(request).workflow.set_status(record.id, user, "trukket_tilbage")
    except InputError:
        raise HTTPException(404, "Posten findes ikke, eller du har ikke adgang til den.") from None
    return RedirectResponse(f"/poster/{record.id}?besked=trukket", status_code=303)
