"""The FastAPI router the erfaringsdatabase site mounts: manifest, task pane, commands, functions.

Routes (the site mounts the router at its root)::

    GET  /manifest                          the add-in manifest (XML)
    GET  /addin/taskpane.html               the task pane (also the shared runtime page)
    GET  /addin/static/{file}               its scripts, style sheet and icons
    GET  /addin/functions.json|.js          custom-functions metadata and registration code
    POST /addin/api/functions/call          one custom-function call (xlwings' dispatcher)
    GET  /addin/api/commands                what each command needs from the workbook
    POST /addin/api/commands/{key}          run a ribbon command on the sent workbook

Computing needs no account and stores nothing. ``del-beregning`` and ``soeg-erfaringer``
depend on the site's own user dependencies (bearer token from the task pane's sign-in),
so they get the site's roles and organisation checks. Every add-in page and script is
sent with a Content-Security-Policy that allows scripts only from the site itself and
Office.js's CDN, and no inline script.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from typing import Any

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from som_xl.addin import service, xlwings_pro
from som_xl.addin.commands import COMMANDS, Command, Context
from som_xl.addin.config import AddinConfig
from som_xl.addin.functions import function_specs
from som_xl.addin.manifest import render_manifest
from som_xl.addin.payload import MAX_BODY_BYTES, PayloadError, parse_body
from som_xl.addin.taskpane import render_taskpane
from som_xl.fmt import number
from som_xl.knowledge import load_knowledge
from som_xl.paths import package_file

STATIC = package_file("addin", "static")
STATIC_FILES = {"taskpane.js": "text/javascript", "client.js": "text/javascript", "taskpane.css": "text/css",
                **{f"icon-{s}.png": "image/png" for s in (16, 32, 64, 80)}}
MAX_CALL_BYTES = 200_000
MAX_CALL_CELLS = 20_000
"""Cells in one custom-function call's arguments (SOM.BEREGN's tables hold a few thousand)."""
COMPUTE_LANES = 1
FUNCTION_LANES = 1
MAX_WAITING = 16
"""Requests that may wait for a lane in one process; more get 503 with Retry-After."""
BUSY = "Serveren regner på mange forespørgsler lige nu; prøv igen om lidt."
_COMMAND_LANES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = \
    weakref.WeakKeyDictionary()
_FUNCTION_LANES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = \
    weakref.WeakKeyDictionary()
"""The custom functions' lanes (one per event loop)."""
OFFICE_FRAMES = ("https://*.officeapps.live.com https://*.office.com https://*.office365.com "
                 "https://*.sharepoint.com https://*.cloud.microsoft https://*.microsoft365.com")
NO_ACCOUNTS = ("Deling og søgning kræver login på erfaringsdatabasens websted, og det er ikke sat op på "
               "denne server. Beregn, Opdatér viden og Lav beslutningsoplæg virker uden login.")


def csp(config: AddinConfig) -> str:
    """The add-in's Content-Security-Policy: 'self' plus Office.js's CDN; no inline script."""
    office = config.officejs_origin
    scripts = "'self'" if office == "'self'" else f"'self' {office}"
    return (f"default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self'; frame-src {scripts}; frame-ancestors 'self' {OFFICE_FRAMES}; "
            "base-uri 'none'; form-action 'self'; object-src 'none'")


NO_PUBLIC_URL = ("Manifestet kan ikke laves: serverens offentlige adresse er ikke sat. IT: sæt "
                 "SOM_XL_WEB_BASE_URL (eller SOM_XL_PUBLIC_URL) til sidens https-adresse; adressen tages "
                 "aldrig fra forespørgslen.")


def _base_url(config: AddinConfig) -> str:
    """The site's configured public URL; never the request's Host header (anyone can send one)."""
    if not config.public_url:
        raise HTTPException(503, NO_PUBLIC_URL)
    return config.public_url.rstrip("/")


async def read_bounded(request: Request, limit: int) -> bytes:
    """The request body, refused (413, Danish) as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"Forespørgslen er for stor (højst {number(limit)} byte).")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"Forespørgslen er for stor (højst {number(limit)} byte).")
        chunks.append(chunk)
    return b"".join(chunks)


def _anonymous() -> None:
    """Computing needs no account."""
    return


def _no_accounts() -> None:
    raise HTTPException(503, NO_ACCOUNTS)


def _register_command(router: APIRouter, command: Command, config: AddinConfig, knowledge_loader) -> None:
    dependency = None
    if command.needs_account:
        dependency = config.user_for_share if command.key == "del-beregning" else config.user_for_search
        if dependency is None or config.open_db is None:
            dependency = _no_accounts

    account = Depends(dependency or _anonymous)

    async def run(request: Request, user: Any = account):
        body = await read_bounded(request, MAX_BODY_BYTES)
        ctx = Context(knowledge=None, open_db=config.open_db, user=user)
        try:
            answer = await anyio.to_thread.run_sync(_answer, command, body, ctx, knowledge_loader,
                                                    config.xlwings_license_key, limiter=_compute_lane())
        except PayloadError as exc:
            raise HTTPException(400, str(exc)) from None
        return Response(answer, media_type="application/json")

    run.__name__ = f"command_{command.key.replace('-', '_')}"
    router.add_api_route(f"/addin/api/commands/{command.key}", run, methods=["POST"],
                         summary=command.title)


def _compute_lane() -> anyio.CapacityLimiter:
    """This process computes one command at a time (one limiter per event loop).

    The work is pure Python, so a process's threads take turns on one core anyway; two at
    once only trade the GIL back and forth (the benchmark measured about a tenth more CPU
    per Beregn at 10 concurrent requests) and finish both late. Pages, searches and
    custom-function calls do not wait for it (the calls have their own lane). At most
    :data:`MAX_WAITING` requests wait; more get 503 "prøv igen om lidt".
    """
    return _queued(_COMMAND_LANES, COMPUTE_LANES)


def _queued(lanes: weakref.WeakKeyDictionary, size: int) -> anyio.CapacityLimiter:
    """This event loop's limiter in ``lanes``; 503 with Retry-After when its queue is full."""
    loop = asyncio.get_running_loop()
    lane = lanes.get(loop)
    if lane is None:
        lane = lanes[loop] = anyio.CapacityLimiter(size)
    if lane.statistics().tasks_waiting >= MAX_WAITING:
        raise HTTPException(503, BUSY, headers={"Retry-After": "10"})
    return lane


def _answer(command: Command, body: bytes, ctx: Context, knowledge_loader, licence: str | None) -> bytes:
    """The command's answer as JSON bytes (parsing, computing and encoding off the event loop)."""
    data = parse_body(body)
    ctx.knowledge = knowledge_loader()
    xlwings_pro.ensure_engine(licence)
    answer = service.run_command(command, data, ctx)
    # Encoded here: FastAPI's generic encoder walks every cell and costs more than Beregn.
    return json.dumps(answer, ensure_ascii=False, allow_nan=False).encode()


def _cells(args: list) -> int:
    """Values in a call's arguments (scalars, rows and 2-D ranges), counted without recursion."""
    count = 0
    for arg in args:
        rows = arg if isinstance(arg, list) else [arg]
        for row in rows:
            count += len(row) if isinstance(row, list) else 1
    return count


def _bounded_call(body: bytes, licence: str | None) -> dict[str, Any]:
    # At most one value per two bytes: the byte limit bounds them; the cells are counted after.
    return _call_function(parse_body(body, MAX_CALL_BYTES, MAX_CALL_BYTES // 2 + 10), licence)


def _call_function(data: Any, licence: str | None) -> dict[str, Any]:
    ids = {s.id for s in function_specs()}
    if not isinstance(data, dict) or data.get("func_name") not in ids or not isinstance(data.get("args"), list):
        raise PayloadError("Funktionskaldet kunne ikke bruges: ukendt funktion eller forkerte argumenter.")
    if _cells(data["args"]) > MAX_CALL_CELLS:
        raise PayloadError(f"Funktionskaldet kunne ikke bruges: argumenterne har over {number(MAX_CALL_CELLS)} "
                           "celler; giv mindre områder.")
    data.setdefault("client", "Office.js")
    data.setdefault("version", "")
    data.setdefault("runtime", "1.1")
    xlwings_pro.ensure_engine(licence)
    return {"result": xlwings_pro.call_custom_function(data)}


def functions_js() -> str:
    """Registers every custom function with Office (``CustomFunctions.associate``)."""
    lines = ["// SØM custom functions: each posts its arguments to the server (som_xl, MIT).",
             "/* global CustomFunctions, somCallFunction */", '"use strict";']
    for spec in function_specs():
        lines.append(f'CustomFunctions.associate("{spec.id}", (...args) => somCallFunction("{spec.id}", args));')
    return "\n".join(lines) + "\n"


def addin_router(config: AddinConfig | None = None, knowledge_loader=None) -> APIRouter:
    """The add-in's routes for ``config`` (default: :meth:`AddinConfig.from_env`).

    ``knowledge_loader`` returns the knowledge package (default: the shipped one, cached).
    """
    config = config or AddinConfig.from_env()
    knowledge_loader = knowledge_loader or load_knowledge
    xlwings_pro.ensure_engine(config.xlwings_license_key)
    headers = {"Content-Security-Policy": csp(config), "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "no-referrer"}
    router = APIRouter()

    @router.get("/manifest", summary="Add-in manifest (XML)")
    def manifest() -> Response:
        return Response(render_manifest(config, _base_url(config)), media_type="application/xml",
                        headers={"Content-Disposition": 'inline; filename="som-manifest.xml"'})

    @router.get("/addin/taskpane.html", summary="Task pane")
    def taskpane() -> Response:
        return Response(render_taskpane(config), media_type="text/html; charset=utf-8", headers=headers)

    @router.get("/addin/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC_FILES:
            raise HTTPException(404, "Filen findes ikke.")
        return FileResponse(STATIC / name, media_type=STATIC_FILES[name], headers=headers)

    @router.get("/addin/functions.json")
    def functions_meta() -> JSONResponse:
        return JSONResponse(xlwings_pro.custom_functions_meta(), headers=headers)

    @router.get("/addin/functions.js")
    def functions_code() -> Response:
        return Response(functions_js(), media_type="text/javascript", headers=headers)

    @router.post("/addin/api/functions/call")
    async def call_function(request: Request) -> dict[str, Any]:
        body = await read_bounded(request, MAX_CALL_BYTES)
        try:
            return await anyio.to_thread.run_sync(_bounded_call, body, config.xlwings_license_key,
                                                  limiter=_queued(_FUNCTION_LANES, FUNCTION_LANES))
        except PayloadError as exc:
            raise HTTPException(400, str(exc)) from None

    @router.get("/addin/api/commands")
    def commands() -> dict[str, Any]:
        return {c.key: {"title": c.title, "help": c.help, "reads": list(c.reads), "names": list(c.names),
                        "needs_account": c.needs_account} for c in COMMANDS.values()}

    for command in COMMANDS.values():
        _register_command(router, command, config, knowledge_loader)
    return router
