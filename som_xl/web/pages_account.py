"""Signing in and out (with login rate limiting) and account administration (admin)."""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse

from som_xl.errors import InputError, Problem
from som_xl.experience import accounts
from som_xl.experience.accounts import HASH_LANES, LoginLimits, User
from som_xl.experience.engine import Busy
from som_xl.vocabulary.accounts import ORGANISATION_TYPES, ROLES
from som_xl.web.auth import check_csrf, csrf_check, end_session, get_db, require_admin, start_session
from som_xl.web.bodies import SIGN_IN_BYTES, form_fields, sign_in_fields, text_field
from som_xl.web.views import render

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only a path on this site may follow sign-in (no open redirect).

    >>> safe_next("/poster/3?x=1"), safe_next("//evil.example"), safe_next("https://x"), safe_next(None)
    ('/poster/3?x=1', '/', '/', '/')
    """
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def login_limits(request: Request) -> LoginLimits:
    """The site's sign-in limits (:class:`~som_xl.experience.accounts.LoginLimits`)."""
    settings = request.app.state.settings
    return LoginLimits(dt.timedelta(minutes=settings.login_window_minutes), settings.login_max_per_email,
                       settings.login_max_per_address, settings.login_max_per_account)


def client_address(request: Request) -> str:
    """The client's address: the peer, or what a trusted proxy says (``trusted_proxies``)."""
    return request.client.host if request.client else "ukendt"


@router.get("/log-ind", name="login_form")
def login_form(request: Request, naeste: str = "/"):
    return render(request, "login.html", {"next": safe_next(naeste), "email": "", "problems": []})


def _hash_lane() -> anyio.CapacityLimiter:
    loop = asyncio.get_running_loop()
    lane = _HASH_LANES.get(loop)
    if lane is None:
        lane = _HASH_LANES[loop] = anyio.CapacityLimiter(HASH_LANES)
    return lane


_HASH_LANES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = \
    weakref.WeakKeyDictionary()


async def authenticate_limited(request: Request, email: str, password: str) -> User | None:
    """The user for ``email`` and ``password``, else ``None`` (the failure is counted); 429
    once this client has failed too often for this account, or tried too often at all
    (the sign-in page and the add-in's token endpoint share this). The attempt is counted
    atomically *before* the password is hashed, so concurrent guesses stay within the
    limits; hashes wait for one of :data:`HASH_LANES` lanes in the event loop (no thread
    is held while waiting), 503 "prøv igen om lidt" after ``HASH_WAIT_S`` (not counted)."""
    db = get_db(request)
    reserved = await run_in_threadpool(db.accounts.reserve_login, email, client_address(request),
                                       login_limits(request))
    if reserved is None:
        minutes = request.app.state.settings.login_window_minutes
        raise HTTPException(429, f"For mange mislykkede forsøg på at logge ind. Vent {minutes} "
                                 "minutter, og prøv igen.", headers={"Retry-After": str(minutes * 60)})
    lane = _hash_lane()
    try:
        with anyio.fail_after(accounts.HASH_WAIT_S):
            await lane.acquire()
    except TimeoutError:
        await run_in_threadpool(db.accounts.release_login, reserved)  # no hash was made: not counted
        raise Busy("Der er mange forsøg på at logge ind lige nu; prøv igen om lidt.") from None
    try:
        user = await run_in_threadpool(db.accounts.authenticate, email, password)
    except Busy:
        await run_in_threadpool(db.accounts.release_login, reserved)
        raise
    finally:
        lane.release()
    if user is not None:
        await run_in_threadpool(db.accounts.release_login, reserved)
    return user


@router.post("/log-ind", name="login", dependencies=[Depends(csrf_check(anonymous=True, max_bytes=SIGN_IN_BYTES))])
async def login(request: Request, form: FormData = Depends(sign_in_fields)):
    email, password = text_field(form, "email"), text_field(form, "password")
    naeste = text_field(form, "naeste", "/")
    user = await authenticate_limited(request, email, password)
    if user is None:
        problem = Problem("login", "", "E-mail eller adgangskode er forkert.")
        return render(request, "login.html", {"next": safe_next(naeste), "email": email,
                                              "problems": [problem]}, status=400)
    target = safe_next(naeste)
    response = RedirectResponse(target + ("&" if "?" in target else "?") + "besked=logget-ind",
                                status_code=303)
    await run_in_threadpool(start_session, request, response, user)
    return response


@router.post("/log-ud", name="logout", dependencies=[Depends(check_csrf)])
def logout(request: Request):
    response = RedirectResponse("/?besked=logget-ud", status_code=303)
    end_session(request, response)
    return response


def _admin_page(request: Request, problems=(), values=None, status=200):
    db = get_db(request)
    return render(request, "admin_users.html", {
        "users": db.accounts.users(), "organisations": db.accounts.organisations(), "roles": ROLES,
        "org_types": ORGANISATION_TYPES, "problems": list(problems), "values": values or {}}, status=status)


@router.get("/admin/brugere", name="admin_users")
def admin_users(request: Request, user: User = Depends(require_admin)):
    return _admin_page(request)


@router.post("/admin/brugere", name="admin_add_user", dependencies=[Depends(check_csrf)])
def admin_add_user(request: Request, user: User = Depends(require_admin), form: FormData = Depends(form_fields)):
    values = {k: text_field(form, k) for k in ("email", "name", "organisation", "org_type", "role")}
    try:
        get_db(request).accounts.add_user(values["email"], organisation=values["organisation"],
                                          org_type=values["org_type"], role=values["role"],
                                          password=text_field(form, "password"), name=values["name"])
    except InputError as exc:
        return _admin_page(request, exc.problems, values, status=400)
    return RedirectResponse("/admin/brugere?besked=bruger", status_code=303)
