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
  the CSRF token (form field ``csrf_token`` or header ``X-CSRF-Token``), an HMAC of the
  session (of a random cookie before sign-in), so a cookie an attacker planted does not
  make a token; requests with a bearer token carry no cookies and need none.
  :func:`csrf_check` makes variants (the sign-in form, the upload form). Both
  authenticate *before* reading the body: an anonymous request has no authority to
  forge, so its body is never read here and the route's own sign-in check answers.
* Bearer tokens count only on machine routes (``/api/…``, ``/addin/api/…``); a page or
  form refuses them (403), so an API token never drives the HTML forms. A token may be
  scoped (:data:`ADDIN_SCOPE`: the add-in's sign-in may read and submit, not change a
  record's status); :func:`require_grant` checks it.

Example (the add-in's router)::

    from fastapi import APIRouter, Depends
    from som_xl.web.auth import require_user, check_csrf

    router = APIRouter(prefix="/addin")

    @router.post("/share", dependencies=[Depends(check_csrf)])
    def share(user=Depends(require_user)): ...
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable

from fastapi import Depends, HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from som_xl.errors import InputError
from som_xl.experience.accounts import User
from som_xl.experience.db import ExperienceDB
from som_xl.experience.record import Record
from som_xl.web.bodies import FORM_BYTES, MAX_FIELDS, posted_form

SESSION_COOKIE = "som_session"
CSRF_COOKIE = "som_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
TOKEN_PATHS = ("/api/", "/addin/api/")
"""Where a bearer token counts; everywhere else (pages, forms, downloads) it is refused."""
ADDIN_SCOPE = "tilfoejelse"
"""The scope of the Office add-in's sign-in tokens (``POST /api/v1/token``)."""
SCOPE_GRANTS = {ADDIN_SCOPE: frozenset({"read", "submit"})}
"""What a scoped token may do; a token without a scope (``som-xl experience token
create``) may do all its account may."""


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
        if not request.url.path.startswith(TOKEN_PATHS):
            raise HTTPException(403, "Et adgangstoken gælder kun API'et (/api/…); log ind på siden for at "
                                     "bruge dens sider og formularer.")
        found = db.accounts.token_login(token)
        if found is None:
            raise HTTPException(401, "Ugyldigt, udløbet eller tilbagekaldt adgangstoken.",
                                headers={"WWW-Authenticate": "Bearer"})
        user, request.state.token_scope = found
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


def require_grant(request: Request, action: str) -> None:
    """403 unless the request's token (if any) is granted ``action`` ("read", "submit",
    "status"); a session or an unscoped token may do what the account may."""
    scope = getattr(request.state, "token_scope", None)
    if scope is not None and action not in SCOPE_GRANTS.get(scope, frozenset()):
        raise HTTPException(403, "Dette adgangstoken (fx tilføjelsesprogrammets login) må ikke gøre dette; "
                                 "log ind på siden, eller brug et API-token fra 'som-xl experience token create'.")


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
def _valid_nonce(value: str) -> bool:
    return len(value) == 43 and value.replace("-", "").replace("_", "").isalnum()


def _csrf_binding(request: Request) -> str | None:
    """What this browser's CSRF token is bound to: its session, else its CSRF cookie."""
    try:
        current_user(request)
    except HTTPException:
        pass
    session_id = getattr(request.state, "session_id", None)
    if session_id:
        return "session:" + session_id
    nonce = request.cookies.get(CSRF_COOKIE, "")
    return "cookie:" + nonce if _valid_nonce(nonce) else None


def _csrf_for(request: Request, binding: str) -> str:
    key = hashlib.sha256(("som-xl-csrf:" + request.app.state.settings.secret_key).encode()).digest()
    return hmac.new(key, binding.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """This browser's CSRF token: an HMAC (with the site's secret) of its session, or before
    sign-in of a random cookie made on first use (:func:`set_csrf_cookie` stores it)."""
    binding = _csrf_binding(request)
    if binding is None:
        if not hasattr(request.state, "new_csrf"):
            request.state.new_csrf = secrets.token_urlsafe(32)
        binding = "cookie:" + request.state.new_csrf
    return _csrf_for(request, binding)


def set_csrf_cookie(request: Request, response: Response, *, rotate: bool = False) -> None:
    """Store a newly made (or, at sign-in, a fresh) CSRF cookie."""
    nonce = secrets.token_urlsafe(32) if rotate else getattr(request.state, "new_csrf", None)
    if nonce:
        response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict", path="/",
                            secure=request.app.state.settings.cookie_secure)


def _user_or_none(request: Request) -> User | None:
    return current_user(request)


def csrf_check(*, anonymous: bool = False, max_bytes: int | None = None, max_files: int = 0,
               max_fields: int | None = None) -> Callable:
    """A CSRF dependency. The caller is authenticated first (no body read); a request
    without a session is let through to the route's own sign-in check (it has no
    authority to forge), except where ``anonymous`` (the sign-in form). The token comes
    from the ``X-CSRF-Token`` header or the form, read within ``max_bytes``
    (:data:`som_xl.web.bodies.FORM_BYTES` when ``None``; ``-1``: the site's body limit), with
    at most ``max_fields`` fields (:data:`som_xl.web.bodies.MAX_FIELDS` when ``None``)."""
    async def dependency(request: Request) -> None:
        if request.method not in _UNSAFE_METHODS or bearer_token(request) is not None:
            return
        user = await run_in_threadpool(_user_or_none, request)
        if user is None and not anonymous:
            return
        binding = _csrf_binding(request)
        given = request.headers.get(CSRF_HEADER)
        if given is None and request.headers.get("content-type", "").startswith(
                ("multipart/form-data", "application/x-www-form-urlencoded")):
            limit = FORM_BYTES if max_bytes is None else None if max_bytes < 0 else max_bytes
            value = (await posted_form(request, limit, max_files, max_fields or MAX_FIELDS)).get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
        if binding is None or not given or not hmac.compare_digest(_csrf_for(request, binding), given):
            raise HTTPException(403, "Formularen er udløbet eller kom ikke fra denne side "
                                     "(CSRF-kontrol). Hent siden igen og prøv en gang til.")

    return dependency


check_csrf = csrf_check()
"""The CSRF check of a signed-in user's form or API write (see :func:`csrf_check`)."""


# -- sessions -------------------------------------------------------------------------------
def start_session(request: Request, response: Response, user: User) -> None:
    """Sign ``user`` in: a new server-side session and its signed cookie; a fresh CSRF token."""
    settings = request.app.state.settings
    session_id = get_db(request).accounts.create_session(
        user.id, dt.timedelta(hours=settings.session_hours))
    response.set_cookie(SESSION_COOKIE, _signer(request).dumps(session_id), httponly=True,
                        samesite="lax", secure=settings.cookie_secure, path="/",
                        max_age=settings.session_hours * 3600)
    set_csrf_cookie(request, response, rotate=True)


def end_session(request: Request, response: Response) -> None:
    """Sign out: the server-side session is deleted, the cookie removed."""
    current_user(request)
    session_id = getattr(request.state, "session_id", None)
    if session_id:
        get_db(request).accounts.end_session(session_id)
    response.delete_cookie(SESSION_COOKIE, path="/")
