"""Security headers and a request-size limit, as pure ASGI middleware.

Every response gets a Content-Security-Policy without inline script or style (the site
needs no JavaScript at all), ``X-Content-Type-Options: nosniff``, a referrer policy and
``frame-ancestors 'none'``. A route that needs another policy (the Office add-in's task
pane loads Office.js from Microsoft's CDN and is shown inside Office) sets its own
header with :func:`set_csp`; the middleware then leaves that response's CSP and framing
headers alone.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.responses import Response

CSP_HEADER = "content-security-policy"
DEFAULT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
               "frame-ancestors 'none'")
_ALWAYS = [(b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"same-origin"),
           (b"cross-origin-opener-policy", b"same-origin"),
           (b"permissions-policy", b"camera=(), microphone=(), geolocation=()")]


def set_csp(response: Response, policy: str) -> Response:
    """Give ``response`` its own Content-Security-Policy (and no X-Frame-Options)."""
    response.headers["Content-Security-Policy"] = policy
    return response


class SecurityHeaders:
    """Adds the security headers to every HTTP response that does not set its own CSP."""

    def __init__(self, app, *, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if CSP_HEADER.encode() not in names:
                    headers += [(b"content-security-policy", DEFAULT_CSP.encode()),
                                (b"x-frame-options", b"DENY")]
                headers += [h for h in _ALWAYS if h[0] not in names]
                if self.hsts:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413, counted as they arrive (a
    missing or false Content-Length does not get around it)."""

    def __init__(self, app, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return await self._refuse(scope, receive, send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise TooLarge(self.max_bytes)
            return message

        try:
            await self.app(scope, counted, send)
        except TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope, receive, send):
        mb = self.max_bytes // 1024 // 1024
        text = f"Forespørgslen er for stor; højst {mb} MB i alt (filer og felter)."
        if scope.get("path", "").startswith("/api/"):
            body = json.dumps({"detail": text}, ensure_ascii=False).encode()
            ctype = b"application/json"
        else:
            body = f"<!doctype html><html lang=da><title>For stor</title><p>{text}</p></html>".encode()
            ctype = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class TooLarge(HTTPException):
    """The request body passed the limit while it was being read (an HTTP 413, so the
    framework's body parsing passes it on instead of calling it a parse error)."""

    def __init__(self, max_bytes: int = 0) -> None:
        mb = max_bytes // 1024 // 1024
        super().__init__(413, f"Forespørgslen er for stor; højst {mb} MB i alt (filer og felter).")
