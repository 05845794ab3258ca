"""A server-rendered overview of the JSON API (the OpenAPI document is the reference;
FastAPI's interactive pages load scripts from a CDN, which the site does not allow)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from som_xl.web.views import render

router = APIRouter()


@router.get("/api", name="api_docs", include_in_schema=False)
def api_docs(request: Request):
    schema = request.app.openapi()
    routes = [(method.upper(), path, (op.get("summary") or ""), (op.get("description") or "").strip())
              for path, ops in schema.get("paths", {}).items() for method, op in ops.items()]
    return render(request, "api.html", {"routes": routes, "schema_url": request.app.openapi_url})
