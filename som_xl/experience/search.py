"""Danish full-text search, one interface over two backends (a small dialect strategy).

* PostgreSQL: a stored generated ``tsvector`` column built with ``to_tsvector('danish', ...)``
  and a GIN index; queries use ``to_tsquery('danish', 'word:* & ...')`` and ``ts_rank``.
* SQLite: an FTS5 table holding Snowball-stemmed Danish tokens (:mod:`.text`), kept in
  step with the records by the repository in the same transaction; queries are stemmed
  the same way, matched as prefixes and ranked with ``bm25``.

Both weigh the title above the target group, the summary and the actor's name; both
require every (non-stop) word of the query, stemmed, as the beginning of a word, so
inflections match ("boligerne" finds "bolig") and so do compounds that start with the
word ("mentor" finds "Mentorforløb").

**Inside compounds.** Danish puts the general word last ("Mentorforløb", "Støttebolig"),
so a word is also found inside a longer word. Every indexed word of four or more letters
is kept once in a vocabulary table (``experience_words``) with a trigram index (pg_trgm
on PostgreSQL, an FTS5 ``trigram`` table on SQLite). A query word's key (its stem, at
least four letters of it, see :func:`~.text.query_words`) is looked up there first; the
vocabulary words that contain it, not at their start, join the word's prefix in the text
query as alternatives (at most :data:`MAX_COMPOUNDS` per word). Records whose every word
matches as a prefix come first, ranked; records that need a compound follow, newest first
(:func:`by_relevance`): ranking them too would cost a rank over every alternative for
every hit.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
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
from som_xl.experience.model import RecordRow, SearchWordRow
from som_xl.experience.text import fts5_query, query_words, stem_text, tsquery_text, vocabulary

INDEXED_FIELDS = ("title", "target_group", "summary", "actor_name")
"""Searched fields, most important first (the weights follow this order)."""
MAX_COMPOUNDS = 200
"""At most this many compound words stand in for one query word (alphabetically first)."""
_WORDS = cast(Table, SearchWordRow.__table__)


@dataclass(frozen=True)
class TextMatch:
    """A query's free text, prepared for one backend (see :meth:`SearchStrategy.match`)."""

    expression: str
    """The backend's full-text query: every word as a prefix or inside a compound."""
    whole: str | None
    """The same with prefixes only (those hits rank first); ``None``: no compound was found."""


class SearchStrategy(ABC):
    """What a backend must do to index and search records."""

    name = "abstract"

    @abstractmethod
    def is_installed(self, conn: Connection) -> bool:
        """Whether the migrations made this backend's index structures."""

    def index(self, conn: Connection, record_id: int, fields: dict) -> None:
        """Bring the index up to date for one record just inserted or updated: its words
        join the vocabulary (a word once; words never leave, a stale one finds nothing)."""
        found = vocabulary(*(fields.get(f) or "" for f in INDEXED_FIELDS))
        if found:
            conn.execute(self._insert_words(), [{"word": w} for w in found])

    @abstractmethod
    def _insert_words(self) -> Any:
        """An INSERT into the vocabulary that skips words already there."""

    @abstractmethod
    def _containing(self, key: str) -> Select:
        """Vocabulary words containing ``key`` (the trigram index), not starting with it."""

    def compounds(self, conn: Connection, query: str) -> dict[str, list[str]]:
        """Per query word, the vocabulary words that hold its key inside (one look-up each)."""
        out: dict[str, list[str]] = {}
        for q in query_words(query):
            if q.inner is None:
                continue
            stmt = self._containing(q.inner).order_by(_WORDS.c.word).limit(MAX_COMPOUNDS)
            found = list(conn.execute(stmt).scalars())
            if found:
                out[q.word] = found
        return out

    @abstractmethod
    def _expression(self, query: str, compounds: dict[str, list[str]] | None = None) -> str | None:
        """The backend's full-text query for ``query`` (:mod:`.text`)."""

    def match(self, conn: Connection, query: str) -> TextMatch | None:
        """The query's words with the compounds found for them; ``None`` when the query has
        no searchable words (only stop words or punctuation)."""
        compounds = self.compounds(conn, query)
        full = self._expression(query, compounds)
        if full is None:
            return None
        return TextMatch(full, self._expression(query) if compounds else None)

    @abstractmethod
    def condition(self, expression: str) -> ColumnElement[bool]:
        """A WHERE clause on the records table: the records matching ``expression`` (the
        :attr:`TextMatch.expression` or :attr:`TextMatch.whole` of a match)."""

    @abstractmethod
    def order(self, stmt: Select, expression: str) -> Select:
        """``stmt`` (on the records table) restricted to ``expression`` and ordered by rank
        (title above target group, summary and actor), newest first on ties."""


def by_relevance(conn: Connection, strategy: SearchStrategy, stmt: Select, match: TextMatch,
                 skip: int, limit: int) -> list:
    """Rows ``skip`` to ``skip + limit`` of ``stmt``'s records matching ``match``, by
    relevance: whole-word hits ranked, then compound hits newest first.

    Each tier is read with its own OFFSET and LIMIT (a deep page never fetches the pages
    before it); the whole-word hits are counted only when the page reaches past them.
    """
    if match.whole is None:
        return list(conn.execute(strategy.order(stmt, match.expression).offset(skip).limit(limit)))
    rows = list(conn.execute(strategy.order(stmt, match.whole).offset(skip).limit(limit)))
    if len(rows) == limit:
        return rows
    whole = strategy.condition(match.whole)
    if rows:  # the page holds the last whole-word hits
        before = skip + len(rows)
    else:
        before = conn.execute(select(func.count()).select_from(stmt.where(whole).subquery())).scalar_one()
    compound_only = (stmt.where(strategy.condition(match.expression), ~whole)
                     .order_by(RecordRow.id.desc())
                     .offset(max(0, skip + len(rows) - before)).limit(limit - len(rows)))
    return rows + list(conn.execute(compound_only))


class SqliteFts5Search(SearchStrategy):
    name = "sqlite-fts5"
    TABLE = "experience_fts"
    TRIGRAMS = "experience_words_trigram"

    def __init__(self) -> None:
        self._fts = table(self.TABLE, column("rowid"), *(column(f) for f in INDEXED_FIELDS))
        self._trigrams = table(self.TRIGRAMS, column("rowid"))

    def is_installed(self, conn: Connection) -> bool:
        found = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name IN (:a, :b)"),
                             {"a": self.TABLE, "b": self.TRIGRAMS}).scalar()
        return found == 2

    def index(self, conn: Connection, record_id: int, fields: dict) -> None:
        conn.execute(delete(self._fts).where(self._fts.c.rowid == record_id))
        values = {f: stem_text(fields.get(f) or "") for f in INDEXED_FIELDS}
        conn.execute(insert(self._fts).values(rowid=record_id, **values))
        super().index(conn, record_id, fields)

    def _insert_words(self) -> Any:
        # A trigger (migration 0003) copies each new word into the trigram table.
        return insert(_WORDS).prefix_with("OR IGNORE")

    def _containing(self, key: str) -> Select:
        phrase = '"' + key.replace('"', '""') + '"'  # a trigram phrase: the key anywhere
        inside = (select(self._trigrams.c.rowid)
                  .where(literal_column(self.TRIGRAMS).op("MATCH")(bindparam("tri", phrase, unique=True))))
        return (select(_WORDS.c.word)
                .where(literal_column(f"{_WORDS.name}.rowid").in_(inside),
                       ~_WORDS.c.word.startswith(key, autoescape=True)))

    def _expression(self, query: str, compounds: dict[str, list[str]] | None = None) -> str | None:
        return fts5_query(query, compounds)

    def _matching(self, expression: str) -> ColumnElement[bool]:
        return literal_column(self.TABLE).op("MATCH")(bindparam("fts", expression, unique=True))

    def condition(self, expression: str) -> ColumnElement[bool]:
        return RecordRow.id.in_(select(self._fts.c.rowid).where(self._matching(expression)))

    def order(self, stmt: Select, expression: str) -> Select:
        rank: ColumnElement[Any] = literal_column(f"bm25({self.TABLE}, 10.0, 5.0, 2.0, 1.0)")
        return (stmt.join(self._fts, self._fts.c.rowid == RecordRow.id).where(self._matching(expression))
                .order_by(rank, RecordRow.id.desc()))


class PostgresTsSearch(SearchStrategy):
    name = "postgresql-tsvector"
    COLUMN = "search_vector"
    INDEX = "ix_experience_search_vector"
    WEIGHTS = ("A", "B", "C", "D")

    def is_installed(self, conn: Connection) -> bool:
        found = conn.execute(text(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = :t AND column_name = :c"),
            {"t": RecordRow.__tablename__, "c": self.COLUMN}).first()
        return found is not None

    def _insert_words(self) -> Any:
        from sqlalchemy.dialects.postgresql import insert as pg_insert  # lazy: PostgreSQL only

        return pg_insert(_WORDS).on_conflict_do_nothing(index_elements=["word"])

    def _containing(self, key: str) -> Select:
        return select(_WORDS.c.word).where(_WORDS.c.word.contains(key, autoescape=True),
                                           ~_WORDS.c.word.startswith(key, autoescape=True))

    def _expression(self, query: str, compounds: dict[str, list[str]] | None = None) -> str | None:
        return tsquery_text(query, compounds)

    @property
    def _vector(self) -> ColumnElement[Any]:
        return literal_column(f"{RecordRow.__tablename__}.{self.COLUMN}")

    @staticmethod
    def _tsquery(expression: str) -> ColumnElement[Any]:
        return func.to_tsquery(literal_column("'danish'::regconfig"), bindparam("ts", expression, unique=True))

    def condition(self, expression: str) -> ColumnElement[bool]:
        return self._vector.op("@@")(self._tsquery(expression))

    def order(self, stmt: Select, expression: str) -> Select:
        # ts_rank, not ts_rank_cd: half the cost per hit, and the weights are what matter
        rank = func.ts_rank(self._vector, self._tsquery(expression))
        return stmt.where(self.condition(expression)).order_by(rank.desc(), RecordRow.id.desc())


def strategy_for(dialect_name: str) -> SearchStrategy:
    """The search strategy for a SQLAlchemy dialect name."""
    if dialect_name == "sqlite":
        return SqliteFts5Search()
    if dialect_name == "postgresql":
        return PostgresTsSearch()
    raise SomError(f"Erfaringsdatabasen understøtter SQLite og PostgreSQL, ikke '{dialect_name}'.")
