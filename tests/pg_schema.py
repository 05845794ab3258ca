"""The PostgreSQL server of the tests and a private schema per test (or test module) on it.

The server is the one ``SOM_XL_TEST_PG_URL`` names; without it, a throwaway server that
this test process starts itself (``scripts/start_test_postgres.sh``, on a free port in a
temporary folder, stopped and removed when the run ends) wherever PostgreSQL's server
programs are installed. Each pytest-xdist worker starts its own. Without either the
PostgreSQL tests are skipped, saying why, or fail under ``SOM_XL_REQUIRE_POSTGRES``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ENV = "SOM_XL_TEST_PG_URL"
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "start_test_postgres.sh"
_started: dict[str, str] = {}
"""The throwaway server this process started: its folder and URL, or why it could not."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_throwaway_server() -> str | None:
    """The URL of a PostgreSQL server for the tests, started once per process when
    ``SOM_XL_TEST_PG_URL`` is not set; ``None`` when none can be started (the reason is
    kept for the skip message)."""
    url = os.environ.get(PG_ENV)
    if url or "error" in _started:
        return url
    if not shutil.which("bash"):
        _started["error"] = "bash findes ikke"
        return None
    # As root the server runs as the 'postgres' user, who must reach the folder: not under a
    # private TMPDIR then.
    root = hasattr(os, "geteuid") and os.geteuid() == 0 and os.path.isdir("/tmp")
    folder = tempfile.mkdtemp(prefix="som-xl-test-pg-", dir="/tmp" if root else None)
    env = dict(os.environ, SOM_XL_TEST_PG_PORT=str(_free_port()), SOM_XL_TEST_PG_DIR=folder)
    done = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, env=env, timeout=180)
    line = done.stdout.strip().rpartition("=")
    if done.returncode != 0 or not line[2].startswith("postgresql"):
        shutil.rmtree(folder, ignore_errors=True)
        said = [x.removeprefix("start_test_postgres: ") for x in done.stderr.splitlines() if x.strip()]
        _started["error"] = said[-1] if said else f"scripts/start_test_postgres.sh sluttede med {done.returncode}"
        return None
    _started.update(folder=folder, port=env["SOM_XL_TEST_PG_PORT"])
    os.environ[PG_ENV] = line[2]
    return line[2]


def stop_throwaway_server() -> None:
    """Stop and remove the server :func:`start_throwaway_server` started (if it did)."""
    folder = _started.pop("folder", None)
    if folder is None:
        return
    env = dict(os.environ, SOM_XL_TEST_PG_PORT=_started.pop("port"), SOM_XL_TEST_PG_DIR=folder)
    subprocess.run(["bash", str(SCRIPT), "--stop"], capture_output=True, env=env, timeout=120)
    os.environ.pop(PG_ENV, None)
    shutil.rmtree(folder, ignore_errors=True)


def require_postgres() -> str:
    """The test server's URL; without one the test is skipped, saying why (a failure
    under ``SOM_XL_REQUIRE_POSTGRES``)."""
    url = start_throwaway_server()
    if not url:
        why = (f"PostgreSQL kunne ikke startes til testene ({_started.get('error', 'ukendt årsag')}); "
               "installér pakken 'postgresql', eller sæt SOM_XL_TEST_PG_URL til en server")
        if os.environ.get("SOM_XL_REQUIRE_POSTGRES"):
            pytest.fail(f"SOM_XL_REQUIRE_POSTGRES er sat, men {why}")
        pytest.skip(why)
    return url


def postgres_base_url() -> str:
    """The test server's URL (skip or fail when there is none)."""
    return require_postgres()


@contextlib.contextmanager
def private_schema(prefix: str) -> Iterator[str]:
    """A URL whose connections use a fresh schema ``<prefix>_<random>``, dropped afterwards."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from som_xl.experience.engine import resolve_url

    base = resolve_url(postgres_base_url())
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        # pg_trgm lives in public, outside the test's schema: an extension installed into
        # the schema would be dropped with it, together with other schemas' trigram indexes.
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()
