"""Download responses with safe headers: an attachment disposition with a clean file
name (ASCII fallback and RFC 5987 UTF-8 form), nosniff, and a sandboxing CSP."""

from __future__ import annotations

from urllib.parse import quote

from starlette.responses import Response

from som_xl.experience.attachments import clean_filename

MEDIA_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
}


def download(data: bytes, filename: str, media_type: str) -> Response:
    """``data`` as a file the browser saves (never renders inline)."""
    name = clean_filename(filename, default="fil")
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": disposition,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
    })
