"""A private PostgreSQL schema per test (or test module) on the server named by
``SOM_XL_TEST_PG_URL``; skipped when it is not set, a failure under ``SOM_XL_REQUIRE_POSTGRES``."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest

PG_ENV = "SOM_XL_TEST_PG_URL"


def postgres_base_url() -> str:
    """The test server's URL (skip or fail when there is none)."""
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("SOM_XL_REQUIRE_POSTGRES"):
            pytest.fail(f"SOM_XL_REQUIRE_POSTGRES er sat, men {PG_ENV} mangler")
        pytest.skip(f"{PG_ENV} er ikke sat (start en server med scripts/start_test_postgres.sh)")
    return url


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
