"""Fixtures: every experience test runs on SQLite and, when configured, on PostgreSQL.

PostgreSQL runs wherever it is installed (:mod:`tests.pg_schema` starts a server) or named by ``SOM_XL_TEST_PG_URL``;
each test gets its own schema, so tests never see each other's records. With
``SOM_XL_REQUIRE_POSTGRES=1`` (CI) a missing server fails the run instead of skipping.
"""

from __future__ import annotations

import pytest

from tests.pg_schema import private_schema


@pytest.fixture
def pg_schema_url():
    """A URL whose connections use a fresh, private schema (dropped afterwards)."""
    with private_schema("somxl_t") as url:
        yield url


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
