"""Alembic migrations: databases made by earlier som-xl upgrade in place on SQLite and
PostgreSQL: schema version 1 (before migrations) and version 2 (revision 0002, the first web
site; made by that code, commit 354f67f, with three records, an organisation and a user),
both dumped into ``data/``."""

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
ROOT = Path(__file__).resolve().parents[2]
NEW_TABLES = {"organisations", "users", "api_tokens", "web_sessions", "login_attempts",
              "audit_log", "attachments", "messages", "alembic_version", "experience_words",
              "experience_benchmark_facts", "experience_record_versions"}


def _load_postgres(url: str, dump: str) -> None:
    """Restore the pg_dump ``dump`` (in ``data/``) into the test's private schema."""
    schema = re.search(r"search_path%3D([a-z0-9_]+)|search_path=([a-z0-9_]+)", url)
    name = next(g for g in schema.groups() if g)
    sql = (DATA / dump).read_text("utf-8")
    keep = [line for line in sql.splitlines()
            if not line.startswith(("--", "SELECT pg_catalog.set_config('search_path'",
                                    "CREATE SCHEMA public"))]
    script = "\n".join(keep).replace("public.", f"{name}.")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(script)
    engine.dispose()


def _old_database(db_url, tmp_path, version: int) -> str:
    if db_url.startswith("sqlite"):
        target = tmp_path / f"v{version}.sqlite"
        shutil.copy(DATA / f"v{version}.sqlite", target)
        return f"sqlite:///{target}"
    _load_postgres(db_url, f"v{version}_postgres.sql")
    return db_url


@pytest.fixture
def v1_url(db_url, tmp_path):
    return _old_database(db_url, tmp_path, 1)


@pytest.fixture
def v2_url(db_url, tmp_path):
    return _old_database(db_url, tmp_path, 2)


def test_fresh_database_is_at_head(db):
    with db.engine.connect() as conn:
        assert current_revision(conn) == head_revision() == "0006"
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
        # the old search index still works, now with prefixes and inside compounds
        assert [r.id for r in db.search("mentor")] == [mentor.id]
        assert [r.id for r in db.search("forløb")] == [mentor.id]
        assert {r.title for r in db.search("boligen")} == {r.title for r in old}
        # the new statuses are allowed by the upgraded check constraint
        assert db.set_status(mentor.id, "afvist").review_status == "afvist"
        new = db.add(make_record(title="Ny post efter opgradering"))
        assert new.id > max(r.id for r in old)
        assert [r.id for r in db.search("opgradering")] == [new.id]
        # tokens may expire (revision 0004)
        db.accounts.add_user("a@b.dk", organisation="X Kommune", org_type="kommune", role="bidragyder")
        token, _ = db.accounts.create_token("a@b.dk", "kort", dt.timedelta(hours=1))
        assert db.accounts.tokens("a@b.dk")[0].expires_at is not None and db.accounts.user_for_token(token)
    finally:
        db.close()
    again = open_db(v1_url)  # a second open finds it current and changes nothing
    assert again.count() == 3
    again.close()


def test_version_2_database_upgrades_in_place(v2_url):
    from som_xl.experience.accounts import digest

    before = create_engine(v2_url)
    with before.begin() as conn:
        assert current_revision(conn) == "0002"
        assert "experience_words" not in inspect(conn).get_table_names()
        # a machine token as version 2 made it (no expiry column then)
        conn.execute(text("INSERT INTO api_tokens (user_id, token_hash, label, created_at, revoked) "
                          "SELECT id, :h, 'robot', created_at, :f FROM users WHERE email = 'bi@vejle.dk'"),
                     {"h": digest("somxl_gammelt"), "f": False})
        # a published record with a case file (version 2 could hold one): revision 0005 reads it
        conn.execute(text("UPDATE experience_records SET case_json = :c WHERE title = 'Støttebolig i Odense'"),
                     {"c": (ROOT / "examples" / "housing_first_opfoelgning.json").read_text("utf-8")})
    before.dispose()

    db = open_db(v2_url)
    try:
        with db.engine.connect() as conn:
            assert current_revision(conn) == head_revision() == "0006"
            versions = conn.execute(text("SELECT version FROM schema_version ORDER BY version"))
            assert versions.scalars().all() == [1, 2, 3, 4, 5, 6]
            assert "ix_experience_facets" in {i["name"] for i in inspect(conn).get_indexes("experience_records")}
            # the vocabulary was filled from the records already there
            words = set(conn.execute(text("SELECT word FROM experience_words")).scalars())
        assert {"mentorforløb", "støttebolig", "botilbud", "kontaktperson", "odense"} <= words
        titles = {r.title: r for r in db.search()}
        assert set(titles) == {"Mentorforløb for unge ledige", "Støttebolig i Odense",
                               "Botilbud til voksne med handicap"}
        # compounds of the old records are found by their last part; stemming still works
        assert [r.title for r in db.search("forløb")] == ["Mentorforløb for unge ledige"]
        assert [r.title for r in db.search("boligerne")] == ["Støttebolig i Odense"]
        assert [r.title for r in db.search("tilbud")] == ["Botilbud til voksne med handicap"]
        # the web site's data came along: the user, and the submission of their organisation
        user = db.accounts.user_by_email("bi@vejle.dk")
        assert user is not None and titles["Botilbud til voksne med handicap"].organisation_id == \
            user.organisation.id
        new = db.add(make_record(title="Ungdomsbolig efter opgradering", summary="Ny."))
        assert {r.id for r in db.search("bolig")} == {titles["Støttebolig i Odense"].id, new.id}
        # revision 0005 read the old case file: 25 % assumed, 3 of the 18 in the 2025 cohort succeeded,
        # (250.000 + 60·2·85.000 + 60·12.000) kr. / 60 participants
        with db.engine.connect() as conn:
            facts = conn.execute(text("SELECT target_group, success_rate, realised_success_rate, "
                                      "cost_per_participant FROM experience_benchmark_facts")).all()
        assert [tuple(f) for f in facts] == [("hjemloese_voksne", 0.25, pytest.approx(3 / 18),
                                              pytest.approx(11_170_000 / 60))]
        # the old token still works, without an expiry (revision 0004)
        assert db.accounts.user_for_token("somxl_gammelt").email == "bi@vejle.dk"
        assert [(t.label, t.expires_at) for t in db.accounts.tokens("bi@vejle.dk")] == [("robot", None)]
        # ... and keeps its account's whole power: no scope (revision 0006)
        assert db.accounts.token_login("somxl_gammelt")[1] is None
    finally:
        db.close()
    again = open_db(v2_url)
    assert again.count() == 4
    again.close()


@pytest.mark.postgres
def test_migration_installs_pg_trgm_where_it_is_missing():
    """A fresh database without pg_trgm: the migration installs it (the test servers have
    it in ``public`` of their main database, so the other tests never need to)."""
    import uuid

    from sqlalchemy.engine import make_url

    from som_xl.experience.engine import resolve_url
    from tests.pg_schema import postgres_base_url

    base = make_url(resolve_url(postgres_base_url()))
    name = f"somxl_trgm_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        db = open_db(base.set(database=name).render_as_string(hide_password=False))
        try:
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'").scalar()
            rec = db.add(make_record(title="Mentorforløb", summary="Samtaler."))
            assert [r.id for r in db.search("forløb")] == [rec.id]
        finally:
            db.close()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@pytest.mark.postgres
def test_a_user_who_may_not_install_pg_trgm_is_told_what_to_do_and_nothing_is_half_made():
    import uuid

    from sqlalchemy.engine import make_url

    from som_xl.errors import SomError
    from som_xl.experience.engine import resolve_url
    from tests.pg_schema import postgres_base_url

    base = make_url(resolve_url(postgres_base_url()))
    name = f"somxl_noext_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {name} LOGIN")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")  # owned by the administrator
    owner = create_engine(base.set(database=name), isolation_level="AUTOCOMMIT")
    with owner.connect() as conn:  # the site's user may make tables, not extensions
        conn.exec_driver_sql(f"GRANT CREATE ON SCHEMA public TO {name}")
    owner.dispose()
    try:
        with pytest.raises(SomError, match="CREATE EXTENSION pg_trgm"):
            open_db(base.set(database=name, username=name).render_as_string(hide_password=False))
        check = create_engine(base.set(database=name))
        with check.connect() as conn:
            assert inspect(conn).get_table_names() == []  # the whole upgrade was rolled back
        check.dispose()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {name}")
        admin.dispose()
