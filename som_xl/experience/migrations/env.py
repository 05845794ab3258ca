"""Alembic environment: migrate the connection som-xl hands over, or ``sqlalchemy.url``.

som-xl runs the revisions itself (:func:`som_xl.experience.migrate.upgrade`) on a
connection that is already inside its write transaction (and, on PostgreSQL, holds the
schema lock). The ``alembic`` command line works too, with ``-x url=...`` or
``sqlalchemy.url`` in an ini file.
"""

from alembic import context

from som_xl.experience.engine import make_engine, resolve_url


def _run(connection) -> None:
    context.configure(connection=connection, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or \
        context.config.get_main_option("sqlalchemy.url")
    engine = make_engine(resolve_url(url))
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
    engine.dispose()


try:
    _running = context.config is not None
except (AttributeError, NameError):  # imported outside Alembic (e.g. by doctest collection)
    _running = False
if _running:
    main()
