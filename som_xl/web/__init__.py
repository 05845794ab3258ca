"""Erfaringsdatabasen on the web: a FastAPI site over :mod:`som_xl.experience`.

``som_xl.web.app.create_app(settings)`` builds the ASGI application: server-rendered
Danish pages (Jinja2, no JavaScript needed), a JSON API under ``/api/v1`` documented by
OpenAPI, sign-in with sessions and bearer tokens. Serve it with uvicorn
(``som-xl experience serve``) or gunicorn with uvicorn workers in production.

Public pieces for other rooms (the Office add-in mounts its router here):

* :data:`som_xl.web.app.OPTIONAL_ROUTERS` – routers included when their module imports;
* :mod:`som_xl.web.auth` – ``current_user``, ``require_user``, ``require_role``,
  ``require_editor``, ``require_admin``, ``visible_record``, ``check_csrf``;
* :func:`som_xl.web.security.set_csp` – a route's own Content-Security-Policy.

Needs the ``web`` extra: ``pip install "som-xl[web]"``.
"""
