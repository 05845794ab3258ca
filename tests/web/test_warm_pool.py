"""A starting worker warms its whole database pool (issue 24): on PostgreSQL each pooled
connection is a server process that loads the catalogue and plans the search page's
statements on its first use, and the first visitors of a (re)started worker used to pay for
all of them at once. After ``create_app`` the pool holds ``db_pool_size`` connections, each
of which has run a search."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.web.conftest import make_site


@pytest.mark.postgres
def test_the_pool_is_open_and_every_connection_has_searched():
    import som_xl.experience as experience
    from tests.pg_schema import private_schema

    searched_on: set[int] = set()
    opened = experience.open_db

    def spying(url, **kwargs):
        db = opened(url, **kwargs)

        @event.listens_for(db.engine, "before_cursor_execute")
        def seen(conn, cursor, statement, parameters, context, executemany):
            if "experience_records" in statement:
                searched_on.add(id(conn.connection.dbapi_connection))

        return db

    mp = pytest.MonkeyPatch()
    mp.setattr(experience, "open_db", spying)
    try:
        with private_schema("somxl_warm") as url:
            site = make_site(url, db_pool_size=3)
            engine = site.app.state.db.engine
            assert engine.pool.checkedin() == 3 and engine.pool.checkedout() == 0
            held = [engine.connect() for _ in range(3)]  # the pool's three, none new
            assert {id(c.connection.dbapi_connection) for c in held} <= searched_on
            for conn in held:
                conn.close()
            site.app.state.db.close()
    finally:
        mp.undo()
