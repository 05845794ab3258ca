"""Fixtures: every experience test runs on SQLite and, when configured, on PostgreSQL.

PostgreSQL runs when ``SOM_XL_TEST_PG_URL`` is set (see ``scripts/start_test_postgres.sh``);
each test gets its own schema, so tests never see each other's records. With
``SOM_XL_REQUIRE_POSTGRES=1`` (CI) a missing server fails the run instead of skipping.
"""

from __future__ import annotations

import os
import uuid

import pytest

PG_ENV = "SOM_XL_TEST_PG_URL"


def _postgres_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("SOM_XL_REQUIRE_POSTGRES"):
            pytest.fail(f"SOM_XL_REQUIRE_POSTGRES er sat, men {PG_ENV} mangler")
        pytest.skip(f"{PG_ENV} er ikke sat (start en server med scripts/start_test_postgres.sh)")
    return url


@pytest.fixture
def pg_schema_url():
    """A URL whose connections use a fresh, private schema (dropped afterwards)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from som_xl.experience.engine import resolve_url

    base = resolve_url(_postgres_base_url())
    schema = f"somxl_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A database URL for an empty erfaringsdatabase on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'erfaringer.sqlite'}"
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def db(db_url):
    from som_xl.experience import open_db

    database = open_db(db_url)
    yield database
    database.close()


def make_record(**overrides) -> dict:
    """A valid record; keyword arguments replace or add fields."""
    record = {
        "title": "Housing First til hjemløse borgere",
        "summary": "Egen bolig med intensiv bostøtte til borgere i hjemløshed.",
        "target_group": "hjemloese_voksne",
        "material_type": "beregning",
        "actor_type": "kommune",
        "actor_name": "Aarhus Kommune",
        "contact": "Mette Hansen, mh@example.dk",
        "year": 2024,
        "key_results": {"npv": {"kommune": -1_200_000.0, "region": 10_000.0, "stat": 900_000.0,
                                "total": -290_000.0}},
    }
    record.update(overrides)
    return record
