"""The app factory: ``create_app(settings)`` → the site as an ASGI application.

Production (several workers, one shared PostgreSQL)::

    gunicorn -w 4 -k uvicorn.workers.UvicornWorker 'som_xl.web.app:create_app_from_env()'

Optional routers (the Office add-in) are listed in :data:`OPTIONAL_ROUTERS`; each is
included when its module imports, so the site works before (or without) them.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse, RedirectResponse, Response

from som_xl import experience
from som_xl.errors import InputError, Problem, SomError
from som_xl.paths import package_file
from som_xl.web import (
    api,
    pages_account,
    pages_benchmark,
    pages_contact,
    pages_docs,
    pages_editor,
    pages_followup,
    pages_record,
    pages_search,
    pages_submit,
)
from som_xl.web.conversions import ConversionPool
from som_xl.web.security import BodyLimit, SecurityHeaders
from som_xl.web.settings import WebSettings
from som_xl.web.views import render, warm_up

log = logging.getLogger("som_xl.web")
STATIC = package_file("web", "static")

OPTIONAL_ROUTERS: tuple[str, ...] = (
    "som_xl.web.addin_mount:router",  # the Office add-in (issue 17), with the site's accounts
)
"""``module:attribute`` of routers to include when they import (one line per router). The
attribute is an ``APIRouter``, or a function ``f(app) -> APIRouter | None`` that builds one
from the site's settings (``None``: not available here). A module may also define
``STATIC = (url_path, folder)`` to have its files served."""

_TITLES = {400: "Forkert forespørgsel", 401: "Log ind", 403: "Ingen adgang", 404: "Ikke fundet",
           405: "Ikke tilladt", 413: "For stor", 422: "Kan ikke behandles", 429: "For mange forsøg",
           500: "Intern fejl", 503: "Ikke tilgængelig lige nu"}


def _is_api(request: Request) -> bool:
    """Machine routes (the API, health, an add-in's API) get JSON errors, never a redirect."""
    path = request.url.path
    return path.startswith(("/api/", "/healthz")) or "/api/" in path


def _error(request: Request, status: int, message: str, problems=None,
           headers: dict | None = None) -> Response:
    if _is_api(request):
        body: dict = {"detail": message}
        if problems:
            body["problems"] = [p.as_dict() for p in problems]
        return JSONResponse(body, status_code=status, headers=headers)

    response = render(request, "error.html", {"title": _TITLES.get(status, "Fejl"), "message": message,
                                              "problems": problems or [], "status": status},
                      status=status)
    response.headers.update(headers or {})
    return response


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if exc.status_code == 401 and not _is_api(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")

            return RedirectResponse(f"/log-ind?naeste={quote(target)}", status_code=303)
        message = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "Fejl")
        if exc.status_code == 404 and message == "Not Found":
            message = "Siden findes ikke."
        if exc.status_code == 405:
            message = "Denne handling er ikke tilladt på denne adresse."
        return _error(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError):
        return _error(request, 400, "Der er fejl i det indsendte.", exc.problems)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        problems = [Problem("invalid", "felt " + ".".join(str(p) for p in e.get("loc", ())[1:]),
                            "mangler eller har en forkert værdi.") for e in exc.errors()]
        return _error(request, 422, "Forespørgslen har forkerte eller manglende felter.", problems)

    @app.exception_handler(SomError)
    async def som_error(request: Request, exc: SomError):
        retry = getattr(exc, "retry_after", None)
        return _error(request, 503, str(exc).splitlines()[0] if str(exc) else "Fejl.",
                      headers={"Retry-After": str(retry)} if retry else None)

    @app.exception_handler(ClientDisconnect)
    async def gone(request: Request, exc: ClientDisconnect):
        # A client that went away mid-upload: one line, no traceback (nobody reads the answer).
        log.info("klienten afbrød %s %s", request.method, request.url.path)
        return Response(status_code=400)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        log.exception("intern fejl ved %s %s", request.method, request.url.path)
        return _error(request, 500, "Der opstod en intern fejl. Den er skrevet i serverens log; "
                                    "prøv igen om lidt.")


def include_optional_routers(app: FastAPI, names: tuple[str, ...] = OPTIONAL_ROUTERS) -> list[str]:
    """Include every router in ``names`` whose module imports; returns those included."""
    included = []
    for spec in names:
        module_name, _, attribute = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # not installed yet: the site works without it
            raise
        found = getattr(module, attribute or "router")
        routes = found if isinstance(found, APIRouter) else found(app)
        if routes is None:
            continue
        app.include_router(routes)
        static = getattr(module, "STATIC", None)
        if static:
            app.mount(static[0], StaticFiles(directory=static[1]), name=spec)
        included.append(spec)
    return included


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The erfaringsdatabase web site for ``settings`` (database opened and migrated now)."""
    settings = settings or WebSettings.from_env()
    db = experience.open_db(settings.db_url, pool_size=settings.db_pool_size)
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        db.close()

    app = FastAPI(title="Erfaringsdatabasen (som-xl)", version="1", lifespan=lifespan,
                  description="SØM-erfaringsdatabasens JSON-API. Materialet er ikke kvalitetssikret.",
                  docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json")
    app.state.settings, app.state.db = settings, db

    app.state.conversions = ConversionPool(settings.conversion_folder(), slots=settings.conversion_slots,
                                           wait_s=settings.conversion_wait_s)
    for module in (pages_search, pages_record, pages_submit, pages_editor, pages_contact,
                   pages_account, pages_docs, api, pages_benchmark, pages_followup):
        app.include_router(module.router)
    app.state.optional_routers = include_optional_routers(app)

    warm_up()
    pages_search.warm_up(db, settings.db_pool_size if db.dialect == "postgresql" else 1)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, hsts=settings.hsts)
    if settings.trusted_proxy_list:  # X-Forwarded-For/-Proto only from the configured proxies
        # lazy: uvicorn's middleware (≈50 ms) only behind a configured proxy
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list)
    return app


def create_app_from_env() -> FastAPI:
    """:func:`create_app` with :meth:`WebSettings.from_env` (for gunicorn/uvicorn ``--factory``)."""
    return create_app(WebSettings.from_env())
