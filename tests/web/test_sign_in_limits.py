"""Issue 21, point 3: sign-in limits that hold under concurrency, on SQLite and PostgreSQL.

The real app runs under uvicorn in this process (so the argon2 verifications can be
counted) and is hit by many threads at once over HTTP. The count of each attempt is
taken atomically before the hash, so concurrent guesses never get past a limit; the
limit is per account *and* client, so others cannot lock the real user out; forwarded
headers count only from configured proxies; cookies are Secure behind an https address."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from som_xl.experience.accounts import HASH_LANES

from .conftest import PASSWORD, free_port, make_site


class Served:
    """uvicorn serving ``app`` on 127.0.0.1 in a thread of this process."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", proxy_headers=False,
                                limit_concurrency=1000)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        for _ in range(1200):  # polled, up to about a minute on a busy machine
            if self.server.started or not self.thread.is_alive():
                break
            time.sleep(0.05)
        assert self.server.started, "uvicorn did not start"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def _sign_in(port: int, email: str, password: str, forwarded: str | None = None) -> int:
    """POST the add-in's sign-in form (no CSRF needed); the status."""
    data = urllib.parse.urlencode({"username": email, "password": password}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/token", data=data, method="POST")
    if forwarded:
        request.add_header("X-Forwarded-For", forwarded)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def hashes(monkeypatch):
    """Every argon2 verification the app makes, and the most at once."""
    from argon2 import PasswordHasher

    seen = {"count": 0, "now": 0, "most": 0, "made": 0}
    lock = threading.Lock()
    original, make = PasswordHasher.verify, PasswordHasher.hash

    def made(self, password, **kwargs):
        with lock:
            seen["made"] += 1
        return make(self, password, **kwargs)

    def counted(self, hash, password):
        with lock:
            seen["count"] += 1
            seen["now"] += 1
            seen["most"] = max(seen["most"], seen["now"])
        try:
            return original(self, hash, password)
        finally:
            with lock:
                seen["now"] -= 1

    monkeypatch.setattr(PasswordHasher, "verify", counted)
    monkeypatch.setattr(PasswordHasher, "hash", made)
    return seen


@pytest.fixture(scope="module")
def licence():
    mp = pytest.MonkeyPatch()
    mp.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    yield
    mp.undo()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """An empty database for one test, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'erfaringer.sqlite'}"
        return
    from tests.pg_schema import private_schema

    with private_schema("somxl_l") as url:
        yield url


@pytest.fixture
def serve(db_url, licence, monkeypatch):
    """``serve(**settings)``: a fresh site on each backend (no sign-in counted yet) under uvicorn;
    one per test (the database is the test's own)."""
    from som_xl.experience import accounts

    monkeypatch.setattr(accounts, "HASH_WAIT_S", 600.0, raising=False)  # a busy machine must not turn a wait into a 503
    servers = []

    def start(**settings):
        site = make_site(db_url, base_url="https://som.example.dk", **settings)
        servers.append(Served(site.app))
        return site, servers[-1].port

    yield start
    for server in servers:
        server.stop()


def test_sixty_concurrent_guesses_for_one_account_hash_at_most_five(serve, hashes):
    site, port = serve()
    with ThreadPoolExecutor(60) as pool:
        statuses = list(pool.map(lambda _: _sign_in(port, site.emails["admin"], "forkert-kode"), range(60)))
    assert hashes["count"] <= 5, hashes
    assert statuses.count(401) == hashes["count"] and statuses.count(429) == 60 - hashes["count"]
    assert hashes["most"] <= HASH_LANES  # argon2 takes 64 MiB: one at a time per process


def test_a_hundred_concurrent_guesses_from_one_address_hash_at_most_thirty(serve, hashes, monkeypatch):
    from som_xl.experience import accounts

    site, port = serve()
    monkeypatch.setattr(accounts, "_DUMMY", [])  # a fresh worker: no hash for unknown e-mails made yet
    users_made = hashes["made"]  # the site's users' passwords
    with ThreadPoolExecutor(100) as pool:
        statuses = list(pool.map(lambda i: _sign_in(port, f"ukendt{i}@x.dk", "forkert-kode"), range(100)))
    assert hashes["count"] == 30, hashes
    assert statuses.count(429) == 100 - hashes["count"]
    assert hashes["made"] - users_made == 1 and hashes["most"] <= HASH_LANES  # one dummy hash, not one per request


def test_others_cannot_lock_the_real_user_out(serve, hashes):
    """Five wrong passwords from elsewhere used to give the owner 429 for 15 minutes."""
    site, port = serve(trusted_proxies="127.0.0.1")
    email = site.emails["vejle"]
    for _ in range(5):
        assert _sign_in(port, email, "forkert-kode", forwarded="198.51.100.7") == 401
    assert _sign_in(port, email, "forkert-kode", forwarded="198.51.100.7") == 429  # that client is stopped
    assert _sign_in(port, email, PASSWORD, forwarded="192.0.2.44") == 200  # the owner, elsewhere, is not


def test_forwarded_for_is_not_believed_without_a_configured_proxy(serve, hashes):
    """Rotating X-Forwarded-For got past the per-address limit (uvicorn trusted 127.0.0.1)."""
    site, port = serve()
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda i: _sign_in(port, f"ukendt{i}@x.dk", "x", forwarded=f"10.0.0.{i}"),
                                 range(40)))
    assert hashes["count"] == 30 and statuses.count(429) == 10


def test_cookies_are_secure_when_the_public_address_is_https(tmp_path):
    from .conftest import csrf

    site = make_site(f"sqlite:///{tmp_path / 'c.sqlite'}", secure_cookies=False, base_url="https://som.example.dk")
    client = site.client()
    response = client.post("/log-ind", data={"email": site.emails["aarhus"], "password": PASSWORD, "naeste": "/",
                                             "csrf_token": csrf(client)}, follow_redirects=False)
    cookies = response.headers.get_list("set-cookie")
    assert cookies and all("Secure" in c for c in cookies), cookies
    local = make_site(f"sqlite:///{tmp_path / 'd.sqlite'}", secure_cookies=False, base_url="http://127.0.0.1:8000")
    plain = local.client()
    signed = plain.post("/log-ind", data={"email": local.emails["aarhus"], "password": PASSWORD, "naeste": "/",
                                          "csrf_token": csrf(plain)}, follow_redirects=False)
    assert not any("Secure" in c for c in signed.headers.get_list("set-cookie"))


def test_serve_leaves_forwarded_headers_to_the_site(monkeypatch, tmp_path, capsys):
    import uvicorn

    from som_xl.web.serve import serve

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    for name in ("SOM_XL_EXPERIENCE_DB", "SOM_XL_WEB_SECRET", "SOM_XL_WEB_BASE_URL", "SOM_XL_PUBLIC_URL",
                 "SOM_XL_WEB_INSECURE_COOKIES"):
        monkeypatch.setenv(name, "x")  # restored after the test: serve sets them for its workers
        monkeypatch.delenv(name)
    assert serve(host="127.0.0.1", port=8123, db=str(tmp_path / "s.sqlite"), seed=False) == 0
    assert calls[0]["proxy_headers"] is False
    import os

    assert os.environ["SOM_XL_WEB_BASE_URL"] == "http://127.0.0.1:8123"
