"""Settings of the web site, from arguments or ``SOM_XL_WEB_*`` environment variables."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from som_xl.knowledge.cache import cache_dir


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value and value.strip().isdigit() else default


@dataclass
class WebSettings:
    """Everything :func:`som_xl.web.app.create_app` needs to know.

    ``secret_key`` signs session cookies; every worker of one site must share it (set
    ``SOM_XL_WEB_SECRET``), otherwise a random one is made and sign-ins last only as long
    as the process. ``secure_cookies`` must stay on behind HTTPS; it may be switched off
    only for a site on this machine (``serve`` on 127.0.0.1).
    """

    db_url: str | None = None
    secret_key: str = field(default_factory=lambda: os.environ.get("SOM_XL_WEB_SECRET") or
                            secrets.token_urlsafe(32))
    secure_cookies: bool = True
    base_url: str = ""
    smtp_host: str | None = field(default_factory=lambda: os.environ.get("SOM_XL_SMTP_HOST"))
    smtp_port: int = field(default_factory=lambda: _env_int("SOM_XL_SMTP_PORT", 25))
    smtp_user: str | None = field(default_factory=lambda: os.environ.get("SOM_XL_SMTP_USER"))
    smtp_password: str | None = field(default_factory=lambda: os.environ.get("SOM_XL_SMTP_PASSWORD"))
    smtp_starttls: bool = field(default_factory=lambda: os.environ.get("SOM_XL_SMTP_STARTTLS") == "1")
    mail_from: str = field(default_factory=lambda: os.environ.get("SOM_XL_MAIL_FROM") or
                           "erfaringsdatabasen@localhost")
    session_hours: int = 8
    addin_token_hours: int = field(default_factory=lambda: _env_int("SOM_XL_ADDIN_TOKEN_HOURS", 8))
    """How long a sign-in from the Office add-in's task pane lasts (its bearer token)."""
    max_body_bytes: int = 60 * 1024 * 1024
    login_window_minutes: int = 15
    login_max_per_email: int = 5
    """Failed sign-ins of one account from one client address in the window (then 429 for
    that pair only: the account's owner elsewhere is not locked out)."""
    login_max_per_address: int = 30
    """Sign-in attempts (failed or under way) from one client address, any account."""
    login_max_per_account: int = 50
    """Failed sign-ins of one account from all addresses; past it only an address that has
    not failed for the account may try (the real user still gets in, a botnet gets one try
    per address)."""
    contact_max_per_hour: int = 10
    """Kontakt messages one user may send in an hour."""
    trusted_proxies: str = field(default_factory=lambda: os.environ.get("SOM_XL_WEB_TRUSTED_PROXIES", ""))
    """Comma-separated addresses of reverse proxies whose X-Forwarded-For/-Proto headers are
    believed (default none: the headers are ignored and the peer address counts)."""
    hsts: bool = False
    db_pool_size: int = field(default_factory=lambda: _env_int("SOM_XL_DB_POOL_SIZE", 4))
    """PostgreSQL connections per worker (as many again in a burst): about the database
    server's cores, so a burst queues in the worker instead of crowding the server."""

    conversion_dir: str | None = field(default_factory=lambda: os.environ.get("SOM_XL_WEB_WORK_DIR") or None)
    """Where downloads are converted and cached, shared by every worker of the machine
    (the file locks that bound conversions live there); default: som-xl's cache folder."""
    conversion_slots: int = field(default_factory=lambda: _env_int("SOM_XL_WEB_CONVERSIONS", 2))
    """Document conversions (LibreOffice, workbooks) at once on this machine."""
    conversion_wait_s: float = 30.0
    """How long a download waits for a free conversion slot before it gets 503."""

    def conversion_folder(self) -> Path:
        """:attr:`conversion_dir`, else ``web-conversions`` in som-xl's cache folder."""
        if self.conversion_dir:
            return Path(self.conversion_dir)

        return cache_dir() / "web-conversions"

    @property
    def cookie_secure(self) -> bool:
        """Cookies carry ``Secure`` unless switched off *and* the public URL is not https
        (``serve`` on 127.0.0.1 behind a TLS proxy keeps them secure)."""
        return self.secure_cookies or self.base_url.strip().lower().startswith("https://")

    @property
    def trusted_proxy_list(self) -> list[str]:
        """:attr:`trusted_proxies` as a list (empty: trust no forwarded headers)."""
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    @classmethod
    def from_env(cls, **overrides) -> WebSettings:
        """Settings from the environment (``SOM_XL_EXPERIENCE_DB`` for the database), then
        ``overrides``. Used by ``gunicorn 'som_xl.web.app:create_app_from_env()'``."""
        values: dict[str, Any] = {"db_url": os.environ.get("SOM_XL_EXPERIENCE_DB") or None,
                  "secure_cookies": os.environ.get("SOM_XL_WEB_INSECURE_COOKIES") != "1",
                  "base_url": os.environ.get("SOM_XL_WEB_BASE_URL", ""),
                  "hsts": os.environ.get("SOM_XL_WEB_HSTS") == "1"}
        values.update(overrides)
        return cls(**values)
