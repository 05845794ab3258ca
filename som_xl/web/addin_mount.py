"""Mounting the Office add-in (:mod:`som_xl.addin`) on the site, with the site's accounts.

The add-in's ribbon commands Del beregning and Søg erfaringer run the workbook's own code
(``share_to_db``/``search_to_sheet``) on a database object. Here that object is a
:class:`UserView`: the site's database as the signed-in user may use it – searches show
what the user may see (published records and their own organisation's), a share is a
submission in the user's organisation (status ``indsendt``, audit log). The user comes
from the site's own dependencies (bearer token), and reaches the command through a
context variable that FastAPI's thread pool carries into the worker thread.

The add-in is mounted only when it is installed and the server has an xlwings licence
key (``XLWINGS_LICENSE_KEY``; see the README on the licence); otherwise the site runs
without it.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from typing import Any

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from som_xl.errors import InputError, Problem
from som_xl.experience.accounts import User
from som_xl.experience.browse import SearchQuery, parse_query
from som_xl.web.auth import current_user

log = logging.getLogger("som_xl.web")
TOKEN_PATH = "/api/v1/token"
_USER: contextvars.ContextVar[User | None] = contextvars.ContextVar("som_xl_addin_user", default=None)


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

    def get(self, key):
        try:
            return self.db.workflow.visible(key, self.user)
        except InputError:
            return None


def _signed_in(role: str):
    async def dependency(request: Request) -> User:
        user = await run_in_threadpool(current_user, request)
        if user is None:
            raise HTTPException(401, "Log ind i opgaveruden for at dele eller søge.",
                                headers={"WWW-Authenticate": "Bearer"})
        if not user.has_role(role):
            raise HTTPException(403, "Din rolle giver ikke adgang til dette.")
        _USER.set(user)  # async dependency: stays set for this request's task and its threads
        return user

    return dependency


def router(app: FastAPI):
    """The add-in's router configured for this site, or ``None`` when it cannot be mounted."""
    try:
        from som_xl.addin import AddinConfig, addin_router
        from som_xl.addin.xlwings_pro import LicenceMissing
    except ModuleNotFoundError:
        return None
    settings, db = app.state.settings, app.state.db
    site = settings.base_url

    @contextlib.contextmanager
    def open_db():
        user = _USER.get()
        if user is None:  # never the unscoped database
            raise InputError([Problem("login", "", "log ind i opgaveruden for at dele eller søge.")])
        yield UserView(db, user, site)

    config = AddinConfig.from_env()
    config.public_url = config.public_url or site or None
    config.token_url, config.open_db = TOKEN_PATH, open_db
    config.user_for_search, config.user_for_share = _signed_in("bidragyder"), _signed_in("bidragyder")
    try:
        routes = addin_router(config)
    except LicenceMissing:
        log.warning("Office-tilføjelsen er ikke monteret: der er ingen xlwings-licensnøgle "
                    "(XLWINGS_LICENSE_KEY).")
        return None
    routes.add_api_route(TOKEN_PATH, token, methods=["POST"], summary="Token til opgaveruden (login)",
                         tags=["konti"])
    return routes


def token(request: Request, username: str = Form(""), password: str = Form("")) -> dict[str, str]:
    """Sign in from the add-in's task pane: e-mail and password → a bearer token (rate-limited
    like the sign-in page)."""
    from som_xl.web.pages_account import authenticate_limited

    user = authenticate_limited(request, username, password)
    if user is None:
        raise HTTPException(401, "Forkert e-mail eller adgangskode.")
    access, _ = request.app.state.db.accounts.create_token(user.email, "Office-tilføjelsen")
    return {"access_token": access, "token_type": "bearer"}

