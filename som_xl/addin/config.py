"""How the site configures the add-in router (URLs, licence key, accounts)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"
"""Office.js from Microsoft's CDN: the one external script Office requires add-ins to load."""
MANIFEST_ID = "6f0c3c8e-5b7e-4d1a-9c43-2f4f1e0b7a17"
"""The add-in's fixed id (Office identifies an add-in by it across versions)."""


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
    open_db: Callable[[], Any] | None = None
    """Opens the site's experience database as a context manager."""

    @classmethod
    def from_env(cls) -> AddinConfig:
        """Defaults from ``SOM_XL_PUBLIC_URL`` and ``XLWINGS_LICENSE_KEY``."""
        return cls(public_url=os.environ.get("SOM_XL_PUBLIC_URL") or None,
                   xlwings_license_key=os.environ.get("XLWINGS_LICENSE_KEY") or None)

    @property
    def officejs_origin(self) -> str:
        """``https://appsforoffice.microsoft.com`` (for the CSP); ``'self'`` for a local copy."""
        if self.officejs_url.startswith("https://"):
            return "/".join(self.officejs_url.split("/")[:3])
        return "'self'"
