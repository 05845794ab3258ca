"""Search inside Danish compounds, and counts per filter from one index (schema version 3).

* ``experience_words``: every word of four or more letters of the searched fields, once,
  with a trigram index (pg_trgm's ``gin_trgm_ops`` on PostgreSQL; on SQLite an FTS5 table
  with the ``trigram`` tokenizer, fed by a trigger). Filled here from the records already
  stored.
* ``ix_experience_facets``: status and the filter columns in one index (PostgreSQL also
  carries the target group in it), so the counts per filter value of a search without
  free text read the index instead of the table.

Revision ID: 0003
Revises: 0002
"""

import datetime as dt
import sqlite3

import sqlalchemy as sa
from alembic import op

from som_xl.errors import SomError
from som_xl.experience.model import UTCDateTime
from som_xl.experience.text import VOCABULARY_LENGTHS, vocabulary

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXED = ("title", "target_group", "summary", "actor_name")
_BATCH = 1000


def _sqlite_trigrams() -> None:
    if sqlite3.sqlite_version_info < (3, 34):
        raise SomError(f"Erfaringsdatabasen kræver SQLite 3.34 eller nyere (til søgning i sammensatte "
                       f"ord); denne Python har SQLite {sqlite3.sqlite_version}. Opdatér Python.")
    op.execute("CREATE VIRTUAL TABLE experience_words_trigram USING fts5(word, content='experience_words', "
               "content_rowid='rowid', tokenize='trigram')")
    # Words are only ever added (a stale word finds nothing), so one trigger keeps it current.
    op.execute("CREATE TRIGGER experience_words_trigram_insert AFTER INSERT ON experience_words BEGIN "
               "INSERT INTO experience_words_trigram (rowid, word) VALUES (new.rowid, new.word); END")


def _pg_trigrams(bind) -> None:
    installed = bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first()
    if installed is None:
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except sa.exc.DBAPIError as exc:
            raise SomError("Erfaringsdatabasen skal bruge PostgreSQL-udvidelsen pg_trgm (søgning i "
                           "sammensatte ord), og denne bruger må ikke installere den. Bed databasens "
                           "ejer køre: CREATE EXTENSION pg_trgm;  "
                           f"({str(exc.orig).strip().splitlines()[0]})") from None
    # The operator class lives in the extension's schema, which need not be on search_path.
    schema = bind.exec_driver_sql("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                                  "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'").scalar_one()
    quoted = bind.dialect.identifier_preparer.quote_schema(schema)
    op.execute(f"CREATE INDEX ix_experience_words_trigram ON experience_words "
               f"USING gin (word {quoted}.gin_trgm_ops)")


def _fill_vocabulary(bind) -> None:
    """The words of the records already stored (in batches: a summary may be long)."""
    words = sa.table("experience_words", sa.column("word"))
    records = sa.table("experience_records", sa.column("id"), *(sa.column(c) for c in INDEXED))
    last = 0
    while True:
        rows = bind.execute(sa.select(records).where(records.c.id > last)
                            .order_by(records.c.id).limit(_BATCH)).all()
        if not rows:
            return
        found = vocabulary(*(row._mapping[c] or "" for row in rows for c in INDEXED))
        existing = set()
        for start in range(0, len(found), _BATCH):
            chunk = found[start:start + _BATCH]
            existing |= set(bind.execute(sa.select(words.c.word).where(words.c.word.in_(chunk))).scalars())
        new = [{"word": w} for w in found if w not in existing]
        if new:
            bind.execute(sa.insert(words), new)
        last = rows[-1].id


def upgrade() -> None:
    bind = op.get_bind()
    op.create_index("ix_experience_facets", "experience_records",
                    ["review_status", "material_type", "actor_type", "year", "organisation_id"],
                    postgresql_include=["target_group", "target_group_key"])
    op.create_table("experience_words", sa.Column("word", sa.String(VOCABULARY_LENGTHS[1]), primary_key=True))
    if bind.dialect.name == "sqlite":
        _sqlite_trigrams()
    else:
        _pg_trigrams(bind)
    _fill_vocabulary(bind)
    op.execute(sa.text("INSERT INTO schema_version (version, applied_at) VALUES (3, :now)")
               .bindparams(sa.bindparam("now", type_=UTCDateTime))
               .bindparams(now=dt.datetime.now(dt.UTC)))


def downgrade() -> None:
    raise NotImplementedError("som-xl does not downgrade the erfaringsdatabase; restore a backup.")
