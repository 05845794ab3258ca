"""How the site configures the add-in router (URLs, licence key, accounts)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"
"""Office.js from Microsoft's CDN: the one external script Office requires add-ins to load."""
MANIFEST_ID = "6f0c3c8e-5b7e-4d1a-9c43-2f4f1e0b7a17"
"""The add-in's fixed id (Office identifies an add-in by it across versions)."""
MAX_DRAWS = 100_000
"""Monte Carlo draws one Beregn may ask of the server (the Følsomhed sheet allows 1.000.000):
about a fifth of a second of a worker's time and 40 MB for a 70-year case; above it the cap
is used and the answer says so (:func:`som_xl.workbook.sensitivity_sheet.read_settings`)."""


@dataclass
class AddinConfig:
    """Settings of the add-in router; the web site builds one from its own settings."""

    public_url: str | None = None
    """The site's public https base URL (``https://som.example.dk``); None: the request's."""
    xlwings_license_key: str | None = None
    """xlwings licence key (``noncommercial`` for public institutions); None: ``XLWINGS_LICENSE_KEY``."""
    officejs_url: str = OFFICE_JS
    manifest_id: str = MANIFEST_ID
    version: str = "1.0.0.0"
    token_url: str | None = None
    """Where the task pane signs in (the site's token endpoint); None: no sign-in offered."""
    user_for_search: Callable[..., Any] | None = None
    """FastAPI dependency of the site: the signed-in user allowed to search (raises 401/403)."""
    user_for_share: Callable[..., Any] | None = None
    """FastAPI dependency of the site: the signed-in user allowed to share."""
    open_db: Callable[[Any], Any] | None = None
    """``open_db(user)``: the site's experience database as ``user`` may use it (a context
    manager); the user is what :attr:`user_for_share`/:attr:`user_for_search` gave."""

    @classmethod
    def from_env(cls) -> AddinConfig:
        """Defaults from ``SOM_XL_PUBLIC_URL``, ``XLWINGS_LICENSE_KEY`` and
        ``SOM_XL_OFFICEJS_URL`` (where the task pane loads Office.js; Microsoft's CDN unless
        set, which only tests do, to load a mock)."""
        return cls(public_url=os.environ.get("SOM_XL_PUBLIC_URL") or None,
                   xlwings_license_key=os.environ.get("XLWINGS_LICENSE_KEY") or None,
                   officejs_url=os.environ.get("SOM_XL_OFFICEJS_URL") or OFFICE_JS)

    @property
    def officejs_origin(self) -> str:
        """``https://appsforoffice.microsoft.com`` (for the CSP); ``'self'`` for a path on the site."""
        parts = urlsplit(self.officejs_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "'self'"
