"""Fixtures for the web site: one app (TestClient) or one uvicorn server per test module,
seeded with the demo records and four users in three organisations."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "hemmelig-kode-1"
USERS = {
    "aarhus": ("bi@aarhus.dk", "Aarhus Kommune", "kommune", "bidragyder"),
    "vejle": ("bi@vejle.dk", "Vejle Kommune", "kommune", "bidragyder"),
    "editor": ("red@sbst.dk", "Social- og Boligstyrelsen", "styrelse", "redaktoer"),
    "admin": ("admin@sbst.dk", "Social- og Boligstyrelsen", "styrelse", "admin"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_db(url: str) -> dict:
    """Seed ``url`` with the demo records and the four users; returns email by key."""
    from som_xl.experience import open_db
    from som_xl.web.seed import seed_if_empty

    with open_db(url) as db:
        seed_if_empty(db)
        for email, org, org_type, role in USERS.values():
            db.accounts.add_user(email, organisation=org, org_type=org_type, role=role,
                                 password=PASSWORD, name=email.split("@")[0])
    return {k: v[0] for k, v in USERS.items()}


@dataclass
class Site:
    """A TestClient factory on one seeded app."""

    app: object
    url: str
    emails: dict

    def client(self, who: str | None = None):
        from fastapi.testclient import TestClient

        client = TestClient(self.app, base_url="https://testserver")
        if who is not None:
            login(client, self.emails[who])
        return client


def csrf(client) -> str:
    """The CSRF token a page gives this client now (bound to its session, or before sign-in
    to its CSRF cookie), read from a form's hidden field as a browser would."""
    import re

    page = client.get("/log-ind").text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(client, email: str, password: str = PASSWORD):
    response = client.post("/log-ind", data={"email": email, "password": password, "naeste": "/",
                                             "csrf_token": csrf(client)}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response


def make_site(url: str, **settings) -> Site:
    from som_xl.web.app import create_app
    from som_xl.web.settings import WebSettings

    emails = prepare_db(url)
    app = create_app(WebSettings(db_url=url, secret_key="test-secret-" + "x" * 20, **settings))
    return Site(app, url, emails)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    """The site on SQLite, shared by a test module (tests must not depend on each other's writes)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'erfaringer.sqlite'}"
    return make_site(url)


@dataclass
class LiveServer:
    url: str
    db_url: str
    emails: dict
    smtp: object
    process: subprocess.Popen


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn stoppede: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("uvicorn svarede ikke")


@contextlib.contextmanager
def capturing_smtp():
    """A local aiosmtpd server on 127.0.0.1 keeping every message; yields (controller, messages)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    class Capture(Sink):
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    handler = Capture()
    smtp = Controller(handler, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        yield smtp, handler.messages
    finally:
        smtp.stop()


@contextlib.contextmanager
def uvicorn_server(folder: Path, port: int, env: dict):
    """The site's app factory under uvicorn on 127.0.0.1:``port``; yields (url, process) once
    /healthz answers, and stops the server afterwards."""
    log = folder / "uvicorn.log"
    with log.open("wb") as sink:  # the server's log, read if it fails to start
        process = subprocess.Popen([sys.executable, "-m", "uvicorn", "som_xl.web.app:create_app_from_env",
                                    "--factory", "--host", "127.0.0.1", "--port", str(port),
                                    "--log-level", "warning"], cwd=ROOT, env=env,
                                   stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """uvicorn on 127.0.0.1:<free port> serving a seeded SQLite site, with mail captured by
    a local aiosmtpd server."""
    with capturing_smtp() as (smtp, messages):
        smtp.handler_messages = messages
        folder = tmp_path_factory.mktemp("live")
        db_url = f"sqlite:///{folder / 'erfaringer.sqlite'}"
        emails = prepare_db(db_url)
        port = free_port()
        env = dict(os.environ, SOM_XL_EXPERIENCE_DB=db_url, SOM_XL_WEB_SECRET="live-secret-" + "y" * 20,
                   SOM_XL_WEB_INSECURE_COOKIES="1", SOM_XL_SMTP_HOST="127.0.0.1",
                   SOM_XL_SMTP_PORT=str(smtp.port), SOM_XL_MAIL_FROM="noreply@erfaring.test",
                   SOM_XL_WEB_BASE_URL=f"http://127.0.0.1:{port}")
        with uvicorn_server(folder, port, env) as (url, process):
            yield LiveServer(url, db_url, emails, smtp, process)
