"""Alembic migrations: a database made by som-xl before migrations (schema version 1,
dumped from that code into ``data/``) upgrades in place on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from som_xl.experience import SCHEMA_VERSION, open_db
from som_xl.experience.migrate import current_revision, head_revision

from .conftest import make_record

DATA = Path(__file__).parent / "data"
NEW_TABLES = {"organisations", "users", "api_tokens", "web_sessions", "login_attempts",
              "audit_log", "attachments", "messages", "alembic_version"}


def _load_v1_postgres(url: str) -> None:
    """Restore the pg_dump of a version-1 database into the test's private schema."""
    schema = re.search(r"search_path%3D([a-z0-9_]+)|search_path=([a-z0-9_]+)", url)
    name = next(g for g in schema.groups() if g)
    sql = (DATA / "v1_postgres.sql").read_text("utf-8")
    keep = [line for line in sql.splitlines()
            if not line.startswith(("--", "SELECT pg_catalog.set_config('search_path'",
                                    "CREATE SCHEMA public"))]
    script = "\n".join(keep).replace("public.", f"{name}.")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(script)
    engine.dispose()


@pytest.fixture
def v1_url(db_url, tmp_path):
    if db_url.startswith("sqlite"):
        target = tmp_path / "v1.sqlite"
        shutil.copy(DATA / "v1.sqlite", target)
        return f"sqlite:///{target}"
    _load_v1_postgres(db_url)
    return db_url


def test_fresh_database_is_at_head(db):
    with db.engine.connect() as conn:
        assert current_revision(conn) == head_revision() == "0003"
        versions = conn.execute(text("SELECT version FROM schema_version ORDER BY version"))
        assert versions.scalars().all() == list(range(1, SCHEMA_VERSION + 1))
        assert NEW_TABLES <= set(inspect(conn).get_table_names())


def test_version_1_database_upgrades_in_place(v1_url):
    before = create_engine(v1_url)
    with before.connect() as conn:
        assert current_revision(conn) is None
        assert "users" not in inspect(conn).get_table_names()
    before.dispose()

    db = open_db(v1_url)
    try:
        with db.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            assert NEW_TABLES <= set(inspect(conn).get_table_names())
        old = db.search()
        assert {r.title for r in old} == {"Mentorforløb for unge ledige", "Bostøtte i egen bolig"}
        mentor = next(r for r in old if r.title.startswith("Mentor"))
        assert mentor.key_results["npv"]["total"] == 1500.0 and mentor.origin == "delt"
        assert mentor.organisation_id is None and mentor.review_status == "indsendt"
        # the old search index still works, now with prefixes
        assert [r.id for r in db.search("mentor")] == [mentor.id]
        assert {r.title for r in db.search("boligen")} == {r.title for r in old}
        # the new statuses are allowed by the upgraded check constraint
        assert db.set_status(mentor.id, "afvist").review_status == "afvist"
        new = db.add(make_record(title="Ny post efter opgradering"))
        assert new.id > max(r.id for r in old)
        assert [r.id for r in db.search("opgradering")] == [new.id]
        # tokens may expire (revision 0003)
        db.accounts.add_user("a@b.dk", organisation="X Kommune", org_type="kommune", role="bidragyder")
        token, _ = db.accounts.create_token("a@b.dk", "kort", dt.timedelta(hours=1))
        assert db.accounts.tokens("a@b.dk")[0].expires_at is not None and db.accounts.user_for_token(token)
    finally:
        db.close()
    again = open_db(v1_url)  # a second open finds it current and changes nothing
    assert again.count() == 3
    again.close()
