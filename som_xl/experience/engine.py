"""Where the database is, how to connect, and how writers share it safely.

SQLite is opened in WAL mode (readers never block the writer) with a busy timeout, and
every write transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock up
front, so the busy timeout applies, instead of failing at once when a read transaction
later tries to upgrade. Writes that still hit "database is locked" (or, on PostgreSQL,
a serialization failure or deadlock) are retried a bounded number of times.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from som_xl.errors import SomError

try:
    import platformdirs
except ModuleNotFoundError:  # pragma: no cover - a declared dependency; the folders below then
    platformdirs = None  # type: ignore[assignment]

ENV_URL = "SOM_XL_EXPERIENCE_DB"
APP_NAME = "som-xl"
DB_FILE = "erfaringer.sqlite"
BUSY_TIMEOUT_S = 30.0
MAX_ATTEMPTS = 8
WRITE_OPTION = "som_xl_write"
"""Execution option marking a connection whose transaction will write."""

T = TypeVar("T")


class Busy(SomError):
    """The server has no capacity for this now (a Danish "try again shortly"); the web site
    answers 503 with ``Retry-After: retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int = 10) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def default_db_path() -> Path:
    """The per-user SQLite file used when no URL is given.

    ``platformdirs.user_data_dir("som-xl")`` when platformdirs is installed; otherwise
    ``%APPDATA%\\som-xl`` on Windows, ``~/Library/Application Support/som-xl`` on macOS
    and ``$XDG_DATA_HOME/som-xl`` (default ``~/.local/share/som-xl``) elsewhere. The file
    is ``erfaringer.sqlite`` in that folder.
    """
    if platformdirs is not None:
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILE
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME / DB_FILE


def resolve_url(url: str | os.PathLike | None = None) -> str:
    """The SQLAlchemy URL to use: ``url`` > ``$SOM_XL_EXPERIENCE_DB`` > the default file.

    A value without ``://`` is a path to a SQLite file. ``postgresql://`` URLs get the
    psycopg 3 driver, the one som-xl installs.
    """
    chosen = url if url not in (None, "") else os.environ.get(ENV_URL) or None
    if chosen is None:
        chosen = default_db_path()
    chosen = os.fspath(chosen)
    if "://" not in chosen:
        return "sqlite:///" + str(Path(chosen).expanduser().resolve())
    for plain in ("postgresql://", "postgres://"):
        if chosen.startswith(plain):
            return "postgresql+psycopg://" + chosen[len(plain):]
    return chosen


def safe_url(url: str) -> str:
    """``url`` with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_engine(url) -> Engine:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's own
        # implicit BEGIN is DEFERRED and would defeat BEGIN IMMEDIATE).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable across application crashes in WAL mode and much faster.
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection):
        writing = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


PLANNER_SETTINGS = {"random_page_cost": "1.1", "plan_cache_mode": "force_custom_plan"}
"""PostgreSQL planner settings for som-xl's own connections, where the server has its default.

* ``random_page_cost``: the erfaringsdatabase is small enough to be read from memory, where
  a random read costs about as much as a sequential one (PostgreSQL's documentation
  suggests 1.1 for cached data and SSDs; the default 4 models spinning disks). With the
  default, a text search that matches a fifth of the records checks every row of the
  table instead of reading the GIN index.
* ``plan_cache_mode``: psycopg prepares a statement run five times, and PostgreSQL may
  then plan it once for any parameters. A search's best plan depends on its words (how
  many records they match; a compound look-up can use the trigram index only when it
  sees the pattern), so every execution is planned with its own values (~0.2 ms).

A value the administrator set (server, database, role or connection) is kept."""


def _postgres_engine(url, pool_size: int | None) -> Engine:
    sizes = {} if pool_size is None else {"pool_size": pool_size, "max_overflow": pool_size}
    engine = create_engine(url, pool_pre_ping=True, **sizes)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        with dbapi_conn.cursor() as cur:
            for name, value in PLANNER_SETTINGS.items():
                cur.execute("SELECT source FROM pg_settings WHERE name = %s", (name,))
                if cur.fetchone()[0] == "default":
                    cur.execute(f"SET {name} = '{value}'")
        dbapi_conn.commit()  # a SET inside a transaction that is rolled back would not last

    return engine


def make_engine(url: str, pool_size: int | None = None) -> Engine:
    """An engine for ``url`` set up for several concurrent writer processes.

    ``pool_size``: PostgreSQL connections kept open by this process (and as many again
    in a burst); ``None``: SQLAlchemy's default (5 + 10)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SomError(f"'{url}' er ikke en gyldig database-URL; brug fx en filsti til en "
                       "SQLite-fil eller postgresql://bruger@vært/database.") from None
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed)
        if backend == "postgresql":
            return _postgres_engine(parsed, pool_size)
    except ModuleNotFoundError as exc:
        raise SomError(f"Databasedriveren '{exc.name}' mangler. Installér PostgreSQL-"
                       "understøttelsen med: pip install \"som-xl[postgres]\"") from None
    raise SomError(f"Erfaringsdatabasen understøtter SQLite og PostgreSQL, ikke '{backend}'.")


def is_transient(exc: BaseException) -> bool:
    """Whether retrying the transaction may succeed (lock contention, not a real error)."""
    if not isinstance(exc, DBAPIError):
        return False
    if isinstance(exc, OperationalError):
        text = str(exc.orig).lower()
        if "database is locked" in text or "database is busy" in text or "table is locked" in text:
            return True
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate in ("40001", "40P01")  # serialization failure, deadlock detected


def run_write(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run ``work(conn)`` in one write transaction, retrying on lock contention.

    ``work`` must not keep state between attempts: a failed attempt is rolled back.
    """
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with engine.connect() as conn:
                conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin():
                    return work(conn)
        except DBAPIError as exc:
            if not is_transient(exc):
                raise
            if attempt == MAX_ATTEMPTS:
                raise SomError("Erfaringsdatabasen er optaget af andre brugere; prøv igen "
                               "om lidt.") from None
            # Jittered exponential back-off so competing processes do not retry in step.
            time.sleep(min(2.0, 0.05 * 2 ** attempt) * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")  # pragma: no cover


def run_read(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run ``work(conn)`` in one read transaction (a consistent snapshot)."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with engine.connect() as conn, conn.begin():
                return work(conn)
        except DBAPIError as exc:
            if not is_transient(exc) or attempt == MAX_ATTEMPTS:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")  # pragma: no cover
