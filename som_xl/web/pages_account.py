"""Signing in and out (with login rate limiting) and account administration (admin)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse

from som_xl.errors import InputError, Problem
from som_xl.experience.accounts import User
from som_xl.vocabulary.accounts import ORGANISATION_TYPES, ROLES
from som_xl.web.auth import check_csrf, end_session, get_db, require_admin, start_session
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


def _limits(request: Request, email: str) -> tuple[list[str], dt.timedelta, dict[str, int]]:
    settings = request.app.state.settings
    address = request.client.host if request.client else "ukendt"
    keys = [f"email:{email.strip().lower()[:254]}", f"ip:{address}"]
    window = dt.timedelta(minutes=settings.login_window_minutes)
    return keys, window, {keys[0]: settings.login_max_per_email, keys[1]: settings.login_max_per_address}


@router.get("/log-ind", name="login_form")
def login_form(request: Request, naeste: str = "/"):
    return render(request, "login.html", {"next": safe_next(naeste), "email": "", "problems": []})


def authenticate_limited(request: Request, email: str, password: str) -> User | None:
    """The user for ``email`` and ``password``, else ``None`` (the failure is counted); 429
    once the e-mail or the client address has failed too often (the sign-in page and the
    add-in's token endpoint share this)."""
    db = get_db(request)
    keys, window, maxima = _limits(request, email)
    counts = db.accounts.failed_logins(keys, window)
    if any(counts[k] >= maxima[k] for k in keys):
        minutes = request.app.state.settings.login_window_minutes
        raise HTTPException(429, f"For mange mislykkede forsøg på at logge ind. Vent {minutes} "
                                 "minutter, og prøv igen.")
    user = db.accounts.authenticate(email, password)
    if user is None:
        db.accounts.record_failed_login(keys, window)
    return user


@router.post("/log-ind", name="login", dependencies=[Depends(check_csrf)])
async def login(request: Request, email: str = Form(""), password: str = Form(""), naeste: str = Form("/")):
    user = await run_in_threadpool(authenticate_limited, request, email, password)
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
def admin_add_user(request: Request, user: User = Depends(require_admin), email: str = Form(""),
                   name: str = Form(""), organisation: str = Form(""), org_type: str = Form(""),
                   role: str = Form(""), password: str = Form("")):
    values = {"email": email, "name": name, "organisation": organisation, "org_type": org_type,
              "role": role}
    try:
        get_db(request).accounts.add_user(email, organisation=organisation, org_type=org_type, role=role,
                                          password=password, name=name)
    except InputError as exc:
        return _admin_page(request, exc.problems, values, status=400)
    return RedirectResponse("/admin/brugere?besked=bruger", status_code=303)
