"""Danish full-text search, one interface over two backends (a small dialect strategy).

* PostgreSQL: a stored generated ``tsvector`` column built with ``to_tsvector('danish', ...)``
  and a GIN index; queries use ``to_tsquery('danish', 'word:* & ...')`` and ``ts_rank_cd``.
* SQLite: an FTS5 table holding Snowball-stemmed Danish tokens (:mod:`.text`), kept in
  step with the records by the repository in the same transaction; queries are stemmed
  the same way, matched as prefixes and ranked with ``bm25``.

Both weigh the title above the target group, the summary and the actor's name; both
require every (non-stop) word of the query, stemmed, as the beginning of a word, so
inflections match ("boligerne" finds "bolig") and so do compounds that start with the
word ("mentor" finds "Mentorforløb").
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    column,
    delete,
    func,
    insert,
    literal_column,
    select,
    table,
    text,
)

from som_xl.errors import SomError
from som_xl.experience.model import RecordRow
from som_xl.experience.text import fts5_query, stem_text, tsquery_text

INDEXED_FIELDS = ("title", "target_group", "summary", "actor_name")
"""Searched fields, most important first (the weights follow this order)."""


class SearchStrategy(ABC):
    """What a backend must do to index and search records."""

    name = "abstract"

    @abstractmethod
    def install(self, conn: Connection) -> None:
        """Create the backend's index structures (idempotent; runs inside the schema lock)."""

    @abstractmethod
    def is_installed(self, conn: Connection) -> bool:
        """Whether :meth:`install` has run on this database."""

    def index(self, conn: Connection, record_id: int, fields: dict) -> None:  # noqa: B027
        """Bring the index up to date for one record just inserted or updated.

        A no-op by default: PostgreSQL's generated column keeps itself up to date."""

    @abstractmethod
    def apply(self, stmt: Select, query: str) -> Select:
        """Restrict ``stmt`` to records matching ``query`` and order them by relevance."""

    @abstractmethod
    def condition(self, query: str) -> ColumnElement[bool] | None:
        """A WHERE clause on the records table matching ``query`` (no ordering), for counts;
        ``None`` when the query has no searchable words."""


class SqliteFts5Search(SearchStrategy):
    name = "sqlite-fts5"
    TABLE = "experience_fts"

    def __init__(self) -> None:
        self._fts = table(self.TABLE, column("rowid"), *(column(f) for f in INDEXED_FIELDS))

    def install(self, conn: Connection) -> None:
        # Diacritics are kept: folding would make "får" match "far". The tokens are
        # already lowercased stems, so unicode61 has nothing else to do.
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.TABLE} USING fts5("
            f"{', '.join(INDEXED_FIELDS)}, tokenize = 'unicode61 remove_diacritics 0')")

    def is_installed(self, conn: Connection) -> bool:
        found = conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"),
                             {"n": self.TABLE}).first()
        return found is not None

    def index(self, conn: Connection, record_id: int, fields: dict) -> None:
        conn.execute(delete(self._fts).where(self._fts.c.rowid == record_id))
        values = {f: stem_text(fields.get(f) or "") for f in INDEXED_FIELDS}
        conn.execute(insert(self._fts).values(rowid=record_id, **values))

    def condition(self, query: str) -> ColumnElement[bool] | None:
        match = fts5_query(query)
        if match is None:
            return None
        hits = (select(self._fts.c.rowid)
                .where(literal_column(self.TABLE).op("MATCH")(bindparam("fts_c", match))))
        return RecordRow.id.in_(hits)

    def apply(self, stmt: Select, query: str) -> Select:
        match = fts5_query(query)
        if match is None:
            return stmt
        rank: ColumnElement[Any] = literal_column(f"bm25({self.TABLE}, 10.0, 5.0, 2.0, 1.0)")
        return (stmt.join(self._fts, self._fts.c.rowid == RecordRow.id)
                .where(literal_column(self.TABLE).op("MATCH")(bindparam("fts_q", match)))
                .order_by(rank, RecordRow.id.desc()))


class PostgresTsSearch(SearchStrategy):
    name = "postgresql-tsvector"
    COLUMN = "search_vector"
    INDEX = "ix_experience_search_vector"
    WEIGHTS = ("A", "B", "C", "D")

    def install(self, conn: Connection) -> None:
        parts = " || ".join(
            f"setweight(to_tsvector('danish'::regconfig, coalesce({f}, '')), '{w}')"
            for f, w in zip(INDEXED_FIELDS, self.WEIGHTS, strict=True))
        # A stored generated column keeps itself current on every insert and update,
        # whoever writes the row; the GIN index makes @@ fast.
        conn.exec_driver_sql(
            f"ALTER TABLE {RecordRow.__tablename__} ADD COLUMN IF NOT EXISTS {self.COLUMN} "
            f"tsvector GENERATED ALWAYS AS ({parts}) STORED")
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {self.INDEX} ON {RecordRow.__tablename__} "
            f"USING GIN ({self.COLUMN})")

    def is_installed(self, conn: Connection) -> bool:
        found = conn.execute(text(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = :t AND column_name = :c"),
            {"t": RecordRow.__tablename__, "c": self.COLUMN}).first()
        return found is not None

    def _match(self, query: str) -> tuple[ColumnElement[Any], ColumnElement[Any]] | None:
        expression = tsquery_text(query)
        if expression is None:
            return None
        vector: ColumnElement[Any] = literal_column(f"{RecordRow.__tablename__}.{self.COLUMN}")
        tsq = func.to_tsquery(literal_column("'danish'::regconfig"), bindparam("ts_q", expression))
        return vector, tsq

    def condition(self, query: str) -> ColumnElement[bool] | None:
        found = self._match(query)
        return None if found is None else found[0].op("@@")(found[1])

    def apply(self, stmt: Select, query: str) -> Select:
        found = self._match(query)
        if found is None:
            return stmt
        vector, tsq = found
        return (stmt.where(vector.op("@@")(tsq))
                .order_by(func.ts_rank_cd(vector, tsq).desc(), RecordRow.id.desc()))


def strategy_for(dialect_name: str) -> SearchStrategy:
    """The search strategy for a SQLAlchemy dialect name."""
    if dialect_name == "sqlite":
        return SqliteFts5Search()
    if dialect_name == "postgresql":
        return PostgresTsSearch()
    raise SomError(f"Erfaringsdatabasen understøtter SQLite og PostgreSQL, ikke '{dialect_name}'.")
