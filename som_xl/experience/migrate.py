"""Bring a database's tables to the newest schema with Alembic.

A database made before migrations existed (schema version 1: the records table and
``schema_version``, no ``alembic_version``) is first stamped at revision ``0001``, the
revision that describes exactly that schema; then every later revision runs. An empty
database runs them all. The caller holds the write transaction (and on PostgreSQL the
schema lock), so two processes never migrate at once and a failed migration changes
nothing.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect

from som_xl.paths import package_file

MIGRATIONS = package_file("experience", "migrations")
FIRST_REVISION = "0001"
RECORDS_TABLE = "experience_records"


def _config(conn: Connection | None = None):
    from alembic.config import Config  # lazy: alembic ≈0,15 s, only for a schema that is behind

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def current_revision(conn: Connection) -> str | None:
    """The Alembic revision the database is at (``None``: never migrated)."""
    from alembic.runtime.migration import MigrationContext  # lazy: as in _config

    return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    """The newest revision this som-xl knows."""
    from alembic.script import ScriptDirectory  # lazy: as in _config

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def upgrade(conn: Connection) -> None:
    """Upgrade the database on ``conn`` to the newest revision (inside its transaction)."""
    from alembic import command  # lazy: as in _config

    cfg = _config(conn)
    if current_revision(conn) is None and inspect(conn).has_table(RECORDS_TABLE):
        command.stamp(cfg, FIRST_REVISION)  # made by som-xl before migrations existed
    command.upgrade(cfg, "head")
