"""Request bodies read only after the caller is known, and only within limits.

FastAPI reads a route's body (a pydantic model or ``Form`` fields) before it runs the
route's dependencies, so an anonymous request would cost a full parse before its 401.
The site's routes therefore declare no body parameters: they authenticate first, then
take their body through the dependencies here, which read at most a fixed number of
bytes (413 beyond it, counted as the body arrives) and parse JSON with limits on size,
nesting depth and element count (:func:`som_xl.jsontext.loads`), off the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from som_xl import jsontext
from som_xl.errors import InputError
from som_xl.fmt import number

FORM_BYTES = 256 * 1024
"""A signed-in user's form without files: the longest field (a 20,000-character summary)
percent-encoded fits with room to spare."""
SIGN_IN_BYTES = 16 * 1024
"""The anonymous sign-in forms (e-mail, password, where to go next)."""
MAX_FIELDS = 50
JSON_DEPTH = 32
"""Nesting of a JSON body: a case file needs 20 levels (``case.validate.MAX_DEPTH``), the
record around it two more."""

M = TypeVar("M", bound=BaseModel)


def too_large(limit: int) -> HTTPException:
    """The Danish 413 for a body over ``limit`` bytes."""
    return HTTPException(413, f"Forespørgslen er for stor (højst {number(limit)} byte).")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it passes ``limit`` bytes: a declared
    length over the limit is refused before a byte is read."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _replay(data: bytes) -> Callable:
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": data, "more_body": False}

    return receive


async def posted_form(request: Request, max_bytes: int | None = FORM_BYTES, max_files: int = 0,
                      max_fields: int = MAX_FIELDS) -> FormData:
    """The request's form (URL-encoded or multipart), read once per request and kept.

    ``max_bytes`` bounds the body (``None``: only the site's overall body limit, for the
    upload form, whose files Starlette spools to disk); fields (``max_fields``) and files are counted."""
    cached = getattr(request.state, "form", None)
    if cached is not None:
        return cached
    source = request if max_bytes is None else Request(request.scope, _replay(await read_body(request, max_bytes)))
    try:
        form = await source.form(max_files=max_files, max_fields=max_fields)
    except HTTPException as exc:
        if exc.status_code != 400:
            raise
        raise HTTPException(400, f"Formularen kunne ikke læses: den har for mange felter eller filer (højst "
                                 f"{max_fields} felter og {max_files} filer), eller den er ikke en formular."
                            ) from None
    request.state.form = form
    return form


async def form_fields(request: Request) -> FormData:
    """Dependency: the form of a signed-in user's request (list it after the user)."""
    return await posted_form(request)


async def sign_in_fields(request: Request) -> FormData:
    """Dependency: the small form of an anonymous sign-in."""
    return await posted_form(request, SIGN_IN_BYTES)


def text_field(form: FormData, name: str, default: str = "") -> str:
    """A text field of ``form`` (a file or a missing field gives ``default``)."""
    value = form.get(name)
    return value if isinstance(value, str) else default


def _parse(data: bytes, model: type[M], max_values: int) -> M:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "Forespørgslen er ikke UTF-8-tekst.") from None
    try:
        value = jsontext.loads(text, "forespørgslen", max_values=max_values, max_depth=JSON_DEPTH,
                               noun="forespørgslen")
    except InputError as exc:
        raise HTTPException(400, exc.problems[0].message[:1].upper() + exc.problems[0].message[1:]) from None
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None


def json_body(model: type[M], *, max_bytes: int, max_values: int, after: Callable) -> Callable:
    """A dependency giving the request's JSON body as ``model``, read only after the
    dependency ``after`` (the route's authentication) has passed.

    The body is bounded in bytes (413), values and nesting (400, before anything is
    built) and parsed in a worker thread, so the event loop keeps answering."""

    async def dependency(request: Request, _user: Any = Depends(after)) -> M:
        data = await read_body(request, max_bytes)
        return await run_in_threadpool(_parse, data, model, max_values)

    dependency.__name__ = f"json_{model.__name__}"
    return dependency


def body_doc(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` documenting ``model`` as the route's JSON body (the route reads it
    itself, after authentication, so FastAPI does not see it)."""
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": model.model_json_schema(ref_template="#/components/schemas/{model}")}}}}
