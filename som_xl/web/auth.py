"""Who is asking, and may they: the site's authentication and authorisation dependencies.

These are public: every router of the site, and the Office add-in's router, uses exactly
these functions as FastAPI dependencies, so the rules are written once.

* :func:`current_user` – the :class:`~som_xl.experience.accounts.User` from a bearer token
  (``Authorization: Bearer somxl_…``) or the signed session cookie; ``None`` if anonymous.
* :func:`require_user` – like it, but 401 for anonymous visitors (pages redirect to
  the sign-in page).
* :func:`require_role` ``("bidragyder" | "redaktoer" | "admin")`` – a dependency factory; 403
  for a user without that role (roles are ordered: an admin may do what an editor may).
  :func:`require_editor` and :func:`require_admin` are the two common ones.
* :func:`require_token_role` ``(role)`` – the same, but only a bearer token counts (no
  session cookie, hence no CSRF): the Office add-in's Del beregning and Søg erfaringer.
* :func:`visible_record` – the record named by the path parameter ``record_id`` if the
  user may see it, else 404 (never 403: another organisation's drafts do not exist);
  :func:`visible_record_summary` the same without the case file.
* :func:`check_csrf` – every state-changing request from a browser session must carry
  the CSRF token (form field ``csrf_token`` or header ``X-CSRF-Token``); requests with a
  bearer token carry no cookies and need none.

Example (the add-in's router)::

    from fastapi import APIRouter, Depends
    from som_xl.web.auth import require_user, check_csrf

    router = APIRouter(prefix="/addin")

    @router.post("/share", dependencies=[Depends(check_csrf)])
    def share(user=Depends(require_user)): ...
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Callable

from fastapi import Depends, HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

from som_xl.errors import InputError
from som_xl.experience.accounts import User
from som_xl.experience.db import ExperienceDB
from som_xl.experience.record import Record

SESSION_COOKIE = "som_session"
CSRF_COOKIE = "som_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def get_db(request: Request) -> ExperienceDB:
    """The site's experience database (one per process, opened by the app factory)."""
    return request.app.state.db


def _signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.settings.secret_key, salt="som-xl-session")


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, or ``None``."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_user(request: Request) -> User | None:
    """The signed-in user (bearer token first, then session cookie), or ``None``.

    A bearer token that is wrong or revoked is a 401, not an anonymous request: a
    machine client should learn that its token no longer works.
    """
    if hasattr(request.state, "user"):
        return request.state.user
    db = get_db(request)
    user = None
    token = bearer_token(request)
    if token is not None:
        user = db.accounts.user_for_token(token)
        if user is None:
            raise HTTPException(401, "Ugyldigt, udløbet eller tilbagekaldt adgangstoken.",
                                headers={"WWW-Authenticate": "Bearer"})
        request.state.auth = "token"
    else:
        signed = request.cookies.get(SESSION_COOKIE)
        if signed:
            hours = request.app.state.settings.session_hours
            try:
                session_id = _signer(request).loads(signed, max_age=hours * 3600)
            except BadSignature:
                session_id = None
            if isinstance(session_id, str):
                user = db.accounts.user_for_session(session_id)
                request.state.session_id = session_id if user else None
        request.state.auth = "session" if user else None
    request.state.user = user
    return user


def require_user(user: User | None = Depends(current_user)) -> User:
    """The signed-in user; 401 (pages: to the sign-in page) when there is none."""
    if user is None:
        raise HTTPException(401, "Du skal logge ind for at gøre dette.")
    return user


def require_role(role: str):
    """A dependency giving the signed-in user if they have ``role`` (or a higher one)."""

    def dependency(user: User = Depends(require_user)) -> User:
        if not user.has_role(role):
            raise HTTPException(403, "Din rolle giver ikke adgang til dette.")
        return user

    dependency.__name__ = f"require_{role}"
    return dependency


def require_token_role(role: str, message: str = "Log ind for at gøre dette (adgangstoken).") -> Callable:
    """Like :func:`require_role`, but only a bearer token counts (machine clients such as
    the Office add-in's task pane). A browser's session cookie is no authority here, so
    these routes need no CSRF token. 401 with ``message`` without a token, 401 for a wrong,
    expired or revoked one, 403 for a user without ``role``."""

    def dependency(request: Request) -> User:
        if bearer_token(request) is None:
            raise HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})
        user = current_user(request)
        assert user is not None  # a bearer token gives a user or raises 401
        return require_role(role)(user)

    dependency.__name__ = f"require_token_{role}"
    return dependency


require_editor = require_role("redaktoer")
require_admin = require_role("admin")


def _visible(request: Request, record_id: int, user: User | None, with_case: bool) -> Record:
    try:
        return get_db(request).workflow.visible(record_id, user, with_case=with_case)
    except InputError:
        raise HTTPException(404, "Posten findes ikke, eller du har ikke adgang til den.") from None


def visible_record(record_id: int, request: Request,
                   user: User | None = Depends(current_user)) -> Record:
    """The record ``record_id`` if ``user`` may see it; 404 otherwise (also for drafts of
    another organisation, so their existence does not leak)."""
    return _visible(request, record_id, user, True)


def visible_record_summary(record_id: int, request: Request,
                           user: User | None = Depends(current_user)) -> Record:
    """Like :func:`visible_record`, without the case file (``has_case`` says if there is one)."""
    return _visible(request, record_id, user, False)


# -- CSRF ---------------------------------------------------------------------------------
def csrf_token(request: Request) -> str:
    """This browser's CSRF token (made on first use; :func:`set_csrf_cookie` stores it)."""
    existing = request.cookies.get(CSRF_COOKIE, "")
    if len(existing) == 43 and existing.replace("-", "").replace("_", "").isalnum():
        return existing
    if not hasattr(request.state, "new_csrf"):
        request.state.new_csrf = secrets.token_urlsafe(32)
    return request.state.new_csrf


def set_csrf_cookie(request: Request, response: Response, *, rotate: bool = False) -> None:
    """Store a newly made (or, at sign-in, a fresh) CSRF token in its cookie."""
    token = secrets.token_urlsafe(32) if rotate else getattr(request.state, "new_csrf", None)
    if token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/",
                            secure=request.app.state.settings.secure_cookies)


async def check_csrf(request: Request) -> None:
    """403 unless a browser's unsafe request carries its CSRF token (form field or header)."""
    if request.method not in _UNSAFE_METHODS or bearer_token(request) is not None:
        return
    if request.url.path.startswith("/api/") and SESSION_COOKIE not in request.cookies:
        return  # no cookie, no ambient authority: the route's own checks answer (401)
    expected = request.cookies.get(CSRF_COOKIE, "")
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
            ("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not expected or not given or not hmac.compare_digest(expected, given):
        raise HTTPException(403, "Formularen er udløbet eller kom ikke fra denne side "
                                 "(CSRF-kontrol). Hent siden igen og prøv en gang til.")


# -- sessions -------------------------------------------------------------------------------
def start_session(request: Request, response: Response, user: User) -> None:
    """Sign ``user`` in: a new server-side session and its signed cookie; a fresh CSRF token."""
    settings = request.app.state.settings
    session_id = get_db(request).accounts.create_session(
        user.id, dt.timedelta(hours=settings.session_hours))
    response.set_cookie(SESSION_COOKIE, _signer(request).dumps(session_id), httponly=True,
                        samesite="lax", secure=settings.secure_cookies, path="/",
                        max_age=settings.session_hours * 3600)
    set_csrf_cookie(request, response, rotate=True)


def end_session(request: Request, response: Response) -> None:
    """Sign out: the server-side session is deleted, the cookie removed."""
    current_user(request)
    session_id = getattr(request.state, "session_id", None)
    if session_id:
        get_db(request).accounts.end_session(session_id)
    response.delete_cookie(SESSION_COOKIE, path="/")
