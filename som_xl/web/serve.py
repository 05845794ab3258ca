"""``som-xl experience serve``: the site under uvicorn, on the embedded SQLite default or
any database URL; a first start on an empty database lays in the demo records."""

from __future__ import annotations

import ipaddress
import os
import secrets

from som_xl.errors import SomError
from som_xl.experience import open_db
from som_xl.web.seed import seed_if_empty

LOOPBACK_NAMES = ("localhost",)
ADDIN_STATUS_SHOWN = "SOM_XL_ADDIN_STATUS_SHOWN"
"""Set by ``serve`` once it has printed whether the Office add-in is on (its workers then
log a missing licence quietly instead of printing it a second time)."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is only reachable from this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, True, False, True)
    """
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(*, host: str, port: int, db: str | None, workers: int = 1, seed: bool = True) -> int:
    """Migrate and (if empty) seed the database, print the URL, run uvicorn until stopped.

    Workers share the settings through the environment (database URL, one signing secret).
    Cookies are marked Secure unless the site listens on this machine only: beyond it the
    site belongs behind an HTTPS reverse proxy (see the production recipe).
    """
    try:
        import uvicorn  # lazy: the optional [web] extra; without it a Danish message says how to get it
    except ModuleNotFoundError:
        raise SomError("Hjemmesiden kræver web-delen af som-xl: pip install \"som-xl[web]\"") from None
    with open_db(db) as database:
        url = database.engine.url.render_as_string(hide_password=False)
        shown = database.url
        added = seed_if_empty(database) if seed else 0
    os.environ["SOM_XL_EXPERIENCE_DB"] = url
    os.environ.setdefault("SOM_XL_WEB_SECRET", secrets.token_urlsafe(32))
    shown_host = f"[{host}]" if ":" in host else host
    if is_loopback(host):
        # A site on this machine: plain http is fine unless a TLS proxy in front has its own
        # https address (then cookies stay Secure: WebSettings.cookie_secure), and this
        # machine's address is the public one unless one is set.
        os.environ["SOM_XL_WEB_INSECURE_COOKIES"] = "1"
        if not (os.environ.get("SOM_XL_PUBLIC_URL") or os.environ.get("SOM_XL_WEB_BASE_URL")):
            os.environ["SOM_XL_WEB_BASE_URL"] = f"http://{shown_host}:{port}"
    print(f"Erfaringsdatabasen kører på http://{shown_host}:{port}/  (database: {shown})")
    if added:
        print(f"Tom database: lagde {added} eksempelposter ind, hver under sin organisation.")
    print(addin_status(f"http://{shown_host}:{port}"))
    os.environ[ADDIN_STATUS_SHOWN] = "1"  # the site's workers need not say it again
    if not os.environ.get("SOM_XL_SMTP_HOST"):
        print("Advarsel: der er ingen SMTP-server sat op (SOM_XL_SMTP_HOST), så Kontakt gemmer beskeder uden "
              "at sende dem som e-mail; se docs/web.md.")
    print("Opret brugere med: som-xl experience users add EMAIL --org NAVN --org-type kommune --role bidragyder. "
          "Stop med Ctrl+C.", flush=True)
    from som_xl.web.nodelay import SERVE_WITH  # lazy: imports uvicorn, as above

    # uvicorn's own proxy handling would trust X-Forwarded-For from 127.0.0.1 whatever the
    # deployment; the site trusts only SOM_XL_WEB_TRUSTED_PROXIES (create_app).
    uvicorn.run("som_xl.web.app:create_app_from_env", factory=True, host=host, port=port,
                workers=max(1, workers), log_level="warning", proxy_headers=False, http=SERVE_WITH)
    return 0


def addin_status(url: str) -> str:
    """The line ``serve`` prints about the Office add-in: where its manifest is, or what it lacks."""
    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        return ("Office-tilføjelsesprogrammet (Excel uden Python) er ikke slået til: sæt XLWINGS_LICENSE_KEY "
                "(fx 'noncommercial' for kommuner, regioner og styrelser); se README, 'Excel uden Python'.")
    public = os.environ.get("SOM_XL_PUBLIC_URL") or os.environ.get("SOM_XL_WEB_BASE_URL")
    if not public:
        return ("Office-tilføjelsesprogrammet (Excel uden Python) mangler sidens offentlige adresse: sæt "
                "SOM_XL_WEB_BASE_URL til sidens https-adresse (manifestet laves aldrig ud fra forespørgslen).")
    return (f"Office-tilføjelsesprogrammet (Excel uden Python): manifestet er på {public}/manifest"
            + ("" if public.startswith("https://") else
               " (Office kræver https: sæt SOM_XL_WEB_BASE_URL til sidens https-adresse bag en reverse proxy)")
            + ".")
