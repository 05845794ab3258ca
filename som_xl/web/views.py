"""Rendering pages: one Jinja2 environment (autoescaping on), Danish number and date
filters, target groups by name, and the helper every page uses."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import HTTPException, Request
from markupsafe import Markup, escape
from starlette.responses import HTMLResponse

from som_xl.experience.model import QUALITY_NOTE
from som_xl.experience.render import danish_number
from som_xl.knowledge import load_knowledge
from som_xl.paths import package_file
from som_xl.web.auth import CSRF_FIELD, csrf_token, current_user, set_csrf_cookie

TEMPLATES = package_file("web", "templates")
FLASH = {
    "indsendt": "Tak! Posten er indsendt og venter på redaktionen.",
    "trukket": "Posten er trukket tilbage.",
    "sendt": "Beskeden er sendt til bidragyderen.",
    "ikke-sendt": "Beskeden er gemt, men kunne ikke sendes som e-mail lige nu; den sendes ikke igen "
                  "af sig selv – skriv eventuelt igen senere.",
    "gemt": "Ændringerne er gemt.",
    "status": "Status er ændret.",
    "logget-ind": "Du er logget ind.",
    "logget-ud": "Du er logget ud.",
    "bruger": "Brugeren er oprettet.",
}
"""Fixed messages shown after a redirect (``?besked=code``): the URL never carries text."""
FLASH_ERRORS = frozenset({"ikke-sendt"})
"""The messages that say something failed: shown as an error, not as a green success."""
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_URL_END = ".,;:!?)]'"
"""Punctuation that ends a sentence rather than the address before it."""


def linked(text: str) -> Markup:
    """``text`` escaped, with every http(s) address a link that opens no opener (no other
    scheme is linked: ``javascript:`` and ``data:`` stay text).

    >>> print(linked("Kilde: https://social.dk/a?b=1. <b>"))
    Kilde: <a href="https://social.dk/a?b=1" rel="noopener noreferrer">https://social.dk/a?b=1</a>. &lt;b&gt;
    """
    out, pos = [], 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(_URL_END)
        out.append(escape(text[pos:m.start()]))
        out.append(Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>').format(url))
        pos = m.start() + len(url)
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _kroner(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return danish_number(float(value)) + " kr."
    return "–"


def _percent(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return danish_number(100 * float(value), 1) + " %"
    return "–"


def _decimal(value: Any, digits: int = 2) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return danish_number(float(value), digits)
    return "–"


def _date(value: dt.datetime | None) -> str:
    return value.strftime("%d.%m.%Y %H:%M UTC") if value else "–"


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The site's templates, compiled once per process (:func:`warm_up`): the files are not
    checked for changes on every render (``auto_reload=False``); restart to pick up edits."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                             lstrip_blocks=True, auto_reload=False, cache_size=-1)
    env.filters.update(kroner=_kroner, percent=_percent, decimal=_decimal, date=_date, linked=linked,
                       number=lambda v: danish_number(float(v)) if v is not None else "–")
    env.globals.update(quality_note=QUALITY_NOTE, csrf_field=CSRF_FIELD)
    return env


@functools.lru_cache(maxsize=1)
def target_group_names() -> dict[str, str]:
    """The knowledge package's target groups, id to Danish name in its order, loaded once per
    process; empty when the package cannot be loaded (callers never change the dict)."""
    try:
        return {t.target_group: t.name_da for t in load_knowledge().target_groups()}
    except Exception:  # the site must render even without a loadable knowledge package
        return {}


def target_group_name(value: str | None) -> str:
    """A target group's Danish name when it is a knowledge id, else the text as given."""
    if not value:
        return "–"
    return target_group_names().get(value, value)


def warm_up() -> None:
    """Load the knowledge package's names and compile the templates before the first request.

    A worker that a process manager starts (or restarts after a crash) would otherwise do
    this inside its first requests, all at once, and keep them waiting for seconds.
    """
    target_group_names()
    env = environment()
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)


def page_url(path: str, params: dict[str, Any], **changes: Any) -> str:
    """``path`` with the query ``params`` (empty values left out) and ``changes`` applied."""
    merged = {**params, **changes}
    query = urlencode([(k, v) for k, v in merged.items() if v not in (None, "")])
    return f"{path}?{query}" if query else path


def render(request: Request, template: str, context: dict[str, Any] | None = None,
           status: int = 200) -> HTMLResponse:
    """Render ``template`` with the signed-in user, the CSRF token and ``context``."""
    try:
        user = current_user(request)
    except HTTPException:  # a page for a request with a broken token: show it as anonymous
        user = None
    values = {"request": request, "user": user, "csrf_token": csrf_token(request),
              "target_group_name": target_group_name, "page_url": page_url,
              "flash": FLASH.get(request.query_params.get("besked", "")),
              "flash_error": request.query_params.get("besked", "") in FLASH_ERRORS}
    values.update(context or {})
    html = environment().get_template(template).render(values)
    response = HTMLResponse(html, status_code=status)
    set_csrf_cookie(request, response)
    response.headers["Cache-Control"] = "no-store" if user else "no-cache"
    return response
