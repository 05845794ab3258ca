"""Mounting the Office add-in (:mod:`som_xl.addin`) on the site, with the site's accounts.

The add-in's ribbon commands Del beregning and Søg erfaringer run the workbook's own code
(``share_to_db``/``search_to_sheet``) on a database object. Here that object is a
:class:`UserView`: the site's database as the signed-in user may use it – searches show
what the user may see (published records and their own organisation's), a share is a
submission in the user's organisation (status ``indsendt``, audit log). The user comes
from the site's own dependency :func:`~som_xl.web.auth.require_token_role` (a bearer
token from the task pane's sign-in at :data:`TOKEN_PATH`); the add-in hands it to
``open_db(user)`` explicitly.

The add-in is mounted only when it is installed and the server has an xlwings licence
key (``XLWINGS_LICENSE_KEY``; see the README on the licence). Without a key the site
runs without it, and ``/manifest`` and ``/addin/…`` answer 503 with a Danish text that
tells IT what to set.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import Response

from som_xl.errors import InputError, Problem
from som_xl.experience.accounts import User
from som_xl.experience.browse import SearchQuery, parse_query
from som_xl.web.auth import ADDIN_SCOPE, bearer_token, get_db, require_token_role
from som_xl.web.bodies import sign_in_fields, text_field
from som_xl.web.pages_account import authenticate_limited
from som_xl.web.serve import ADDIN_STATUS_SHOWN

log = logging.getLogger("som_xl.web")
TOKEN_PATH = "/api/v1/token"
TOKEN_LABEL = "Office-tilføjelsen"
SHARE_ROLE = SEARCH_ROLE = "bidragyder"
"""The site's role for submitting a record (``POST /api/v1/records``); searching from the
add-in asks for the same sign-in."""
LOGIN_FIRST = "Log ind i opgaveruden for at dele eller søge."
NOT_ENABLED = ("Office-tilføjelsesprogrammet er ikke slået til på denne server: der er ingen "
               "xlwings-licensnøgle. IT: sæt XLWINGS_LICENSE_KEY (fx 'noncommercial' for kommuner, "
               "regioner og styrelser) i serverens miljø, og start serveren igen; se README, "
               "'Excel uden Python'. Resten af erfaringsdatabasen virker uden.")


class UserView:
    """The site's database as ``user`` may use it, with the methods the workbook calls."""

    def __init__(self, db, user: User, site: str) -> None:
        self.db, self.user, self.where = db, user, f"erfaringsdatabasen {site}".strip()

    def search(self, text=None, target_group=None, material_type=None, actor_type=None, year=None,
               limit: int = 50) -> list:
        query = parse_query({"q": text, "target_group": target_group, "material_type": material_type,
                             "actor_type": actor_type, "year": year})
        per_page = max(1, min(int(limit), 200))
        return self.db.search_page(SearchQuery(**{**query.__dict__, "per_page": per_page}), self.user,
                                   facets=False).records

    def add(self, record: dict[str, Any]):
        return self.db.workflow.submit(record, self.user)[0]

    def benchmark(self, target_group: str, outcome: str | None = None, *, catalogue=None):
        """Andre kommuner: the same published figures as ``GET /api/v1/benchmarks``."""
        return self.db.benchmark(target_group, outcome, catalogue=catalogue)

    def get(self, key):
        try:
            return self.db.workflow.visible(key, self.user)
        except InputError:
            return None


def router(app: FastAPI) -> APIRouter:
    """The add-in's router configured for this site; without a licence key, a router that
    says so (503) on the add-in's addresses."""
    try:
        # lazy: an optional router; the site runs without the add-in's modules (app.OPTIONAL_ROUTERS)
        from som_xl.addin import AddinConfig, addin_router
        from som_xl.addin.xlwings_pro import LicenceMissing
    except ModuleNotFoundError:
        return not_enabled_router(app)
    settings, db = app.state.settings, app.state.db
    site = settings.base_url

    @contextlib.contextmanager
    def open_db(user: User | None):
        if user is None:  # never the unscoped database
            raise InputError([Problem("login", "", LOGIN_FIRST[0].lower() + LOGIN_FIRST[1:])])
        yield UserView(db, user, site)

    config = AddinConfig.from_env()
    config.public_url = config.public_url or site or None  # never the request's Host header
    config.token_url, config.open_db = TOKEN_PATH, open_db
    config.user_for_share = require_token_role(SHARE_ROLE, LOGIN_FIRST)
    config.user_for_search = require_token_role(SEARCH_ROLE, LOGIN_FIRST)
    try:
        routes = addin_router(config)
    except LicenceMissing:
        said = os.environ.get(ADDIN_STATUS_SHOWN) == "1"  # 'som-xl experience serve' printed it already
        log.log(logging.INFO if said else logging.WARNING,
                "Office-tilføjelsen er ikke monteret: der er ingen xlwings-licensnøgle (XLWINGS_LICENSE_KEY).")
        return not_enabled_router(app)
    routes.add_api_route(TOKEN_PATH, token, methods=["POST"], summary="Token til opgaveruden (login)",
                         tags=["konti"])
    routes.add_api_route(TOKEN_PATH, sign_out, methods=["DELETE"], status_code=204,
                         summary="Log ud af opgaveruden (tilbagekald tokenet)", tags=["konti"])
    app.state.addin_enabled = True
    return routes


def not_enabled_router(app: FastAPI) -> APIRouter:
    """``/manifest`` and ``/addin/…`` on a site without the add-in: 503 and what IT must do."""
    app.state.addin_enabled = False
    routes = APIRouter()

    def not_enabled() -> None:
        raise HTTPException(503, NOT_ENABLED)

    routes.add_api_route("/manifest", not_enabled, methods=["GET"], include_in_schema=False)
    routes.add_api_route("/addin/{rest:path}", not_enabled, methods=["GET", "POST"], include_in_schema=False)
    return routes


async def token(request: Request, form: FormData = Depends(sign_in_fields)) -> dict[str, Any]:
    """Sign in from the add-in's task pane: e-mail and password (a form of at most 16 KB) →
    a bearer token that expires after ``SOM_XL_ADDIN_TOKEN_HOURS`` (default 8; rate-limited
    like the sign-in page) and may only read and submit (:data:`~som_xl.web.auth.ADDIN_SCOPE`)."""
    user = await authenticate_limited(request, text_field(form, "username"), text_field(form, "password"))
    if user is None:
        raise HTTPException(401, "Forkert e-mail eller adgangskode.")
    hours = max(1, request.app.state.settings.addin_token_hours)
    access, _ = await run_in_threadpool(get_db(request).accounts.create_token, user.email, TOKEN_LABEL,
                                        dt.timedelta(hours=hours), scope=ADDIN_SCOPE)
    return {"access_token": access, "token_type": "bearer", "expires_in": hours * 3600,
            "email": user.email, "organisation": user.organisation.name}


def sign_out(request: Request) -> Response:
    """Sign out of the task pane: its token is revoked (204, also when it no longer worked)."""
    secret = bearer_token(request)
    if secret is None:
        raise HTTPException(401, "Der er intet token at logge ud med.", headers={"WWW-Authenticate": "Bearer"})
    get_db(request).accounts.revoke_token(secret)
    return Response(status_code=204)
