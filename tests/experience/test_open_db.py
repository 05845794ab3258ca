"""Where the database is: argument > $SOM_XL_EXPERIENCE_DB > per-user default file."""

from __future__ import annotations

from pathlib import Path

import pytest

from som_xl.errors import SomError
from som_xl.experience import engine, open_db, resolve_url


def test_argument_beats_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SOM_XL_EXPERIENCE_DB", str(tmp_path / "env.sqlite"))
    assert resolve_url(tmp_path / "arg.sqlite").endswith("arg.sqlite")
    assert resolve_url(None).endswith("env.sqlite")
    assert resolve_url("").endswith("env.sqlite")


def test_plain_postgresql_url_gets_psycopg_driver():
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_default_file_is_created_in_user_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SOM_XL_EXPERIENCE_DB", raising=False)
    monkeypatch.setattr(engine, "platformdirs", None)  # force the built-in fallback
    monkeypatch.setattr(engine.sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    expected = tmp_path / "data" / "som-xl" / "erfaringer.sqlite"
    assert engine.default_db_path() == expected
    db = open_db()
    assert db.count() == 0
    db.close()
    assert expected.exists()


def test_windows_default_uses_appdata(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "platformdirs", None)
    monkeypatch.setattr(engine.sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert engine.default_db_path() == tmp_path / "Roaming" / "som-xl" / "erfaringer.sqlite"


def test_sqlite_runs_in_wal_mode(tmp_path):
    db = open_db(tmp_path / "wal.sqlite")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
    db.close()


@pytest.mark.parametrize("url, words", [
    ("mysql://u@h/db", "SQLite og PostgreSQL"),
    ("postgresql+psycopg://nobody@127.0.0.1:1/x", "Kan ikke åbne"),
    ("://", "ikke en gyldig"),
])
def test_bad_urls_give_danish_errors(url, words):
    with pytest.raises(SomError, match=words):
        open_db(url)


def test_is_transient_only_for_lock_contention():
    import sqlite3

    from sqlalchemy.exc import IntegrityError, OperationalError

    locked = OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    other = OperationalError("INSERT", {}, sqlite3.OperationalError("no such table: x"))
    unique = IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert engine.is_transient(locked)
    assert not engine.is_transient(other) and not engine.is_transient(unique)
    assert not engine.is_transient(ValueError("database is locked"))


def test_write_retries_then_gives_up(tmp_path, monkeypatch):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    db = open_db(tmp_path / "retry.sqlite")
    monkeypatch.setattr(engine.time, "sleep", lambda s: None)
    calls = []

    def flaky(conn):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("x", {}, sqlite3.OperationalError("database is locked"))
        return "ok"

    assert engine.run_write(db.engine, flaky) == "ok" and len(calls) == 3

    def always(conn):
        raise OperationalError("x", {}, sqlite3.OperationalError("database is locked"))

    with pytest.raises(SomError, match="optaget"):
        engine.run_write(db.engine, always)
    db.close()
    assert Path(tmp_path / "retry.sqlite").exists()


@pytest.mark.postgres
def test_postgres_connections_plan_for_data_in_memory_unless_told_otherwise(pg_schema_url):
    db = open_db(pg_schema_url, pool_size=3)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW random_page_cost").scalar() == "1.1"
            assert conn.exec_driver_sql("SHOW plan_cache_mode").scalar() == "force_custom_plan"
        assert db.engine.pool.size() == 3
    finally:
        db.close()
    # a value given by the administrator (here: the connection's options) is kept
    told = pg_schema_url.replace("options=-csearch_path", "options=-crandom_page_cost%3D2+-csearch_path")
    db = open_db(told)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW random_page_cost").scalar() == "2"
    finally:
        db.close()
