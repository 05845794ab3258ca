"""The erfaringsdatabase's repository API: open, add, get, search, set status, export, import."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, func, insert, inspect, or_, select, update
from sqlalchemy.exc import DBAPIError

from som_xl.errors import InputError, Problem, SomError
from som_xl.experience import model_benchmark, model_web  # noqa: F401  (registers their tables)
from som_xl.experience.accounts import Accounts, User
from som_xl.experience.benchmark import Benchmark, Catalogue, benchmark
from som_xl.experience.benchmark_facts import store_facts
from som_xl.experience.browse import SearchPage, SearchQuery, search_page
from som_xl.experience.engine import make_engine, resolve_url, run_read, run_write, safe_url
from som_xl.experience.migrate import upgrade
from som_xl.experience.model import SCHEMA_VERSION, RecordRow, SchemaVersion, utcnow
from som_xl.experience.record import Record
from som_xl.experience.rows import COLUMNS as _COLUMNS
from som_xl.experience.rows import SUMMARY_COLUMNS as _SUMMARY_COLUMNS
from som_xl.experience.rows import row_to_record as _row_to_record
from som_xl.experience.rows import stamp_new, stored_values
from som_xl.experience.search import SearchStrategy, by_relevance, strategy_for
from som_xl.experience.validate import choice_code, validate_record, validate_status, whole_number
from som_xl.experience.workflow import Workflow
from som_xl.vocabulary.actor_types import SHARING_ACTOR_TYPES
from som_xl.vocabulary.materials import MATERIAL_TYPES
from som_xl.vocabulary.review import DEFAULT_REVIEW_STATUS, PUBLISHED

_T = cast(Table, RecordRow.__table__)
_SCHEMA_LOCK_KEY = 0x50D_E8F  # any fixed number: the PostgreSQL advisory lock for DDL
_CHUNK = 500  # uids per IN (...) query, well under every backend's parameter limit


@dataclass(frozen=True)
class ImportResult:
    """What :meth:`ExperienceDB.import_records` did, counted by record."""

    added: int
    updated: int
    unchanged: int
    kept_published: int = 0
    """Records already published here that the file would have changed: kept as they are
    (only the editors change a published record)."""


class ExperienceDB:
    """A connection to one erfaringsdatabase (SQLite file or PostgreSQL database).

    Create it with :func:`open_db`. Every method runs in its own transaction; writes are
    retried on lock contention, so several processes may write at once.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.search_strategy: SearchStrategy = strategy_for(self.dialect)

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def where(self) -> str:
        """Danish: which database this is (the workbook and CLI say it)."""
        return f"den lokale database {self.url}"

    @functools.cached_property
    def accounts(self) -> Accounts:
        """Organisations, users, tokens and sessions (:mod:`som_xl.experience.accounts`)."""
        return Accounts(self)

    @functools.cached_property
    def workflow(self) -> Workflow:
        """Submissions, statuses, audit log, attachments, messages (:mod:`.workflow`)."""
        return Workflow(self)

    def search_page(self, query: SearchQuery, user: User | None = None, *,
                    facets: bool | tuple[str, ...] = True) -> SearchPage:
        """One page of what ``user`` may see, with counts per value of ``facets`` (``True``:
        every filter; see :mod:`.browse`)."""
        return search_page(self, query, user, facets=facets)

    def benchmark(self, target_group: str, outcome: str | None = None, *,
                  catalogue: Catalogue | None = None) -> Benchmark:
        """What other organisations assumed and realised for ``target_group`` (published
        records only; see :mod:`.benchmark`)."""
        return benchmark(self, target_group, outcome, catalogue=catalogue)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> ExperienceDB:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------
    def _schema_ready(self, conn: Connection) -> bool:
        if not inspect(conn).has_table(SchemaVersion.__tablename__):
            return False
        newest = conn.execute(select(SchemaVersion.version)
                              .order_by(SchemaVersion.version.desc()).limit(1)).scalar()
        if newest is not None and newest > SCHEMA_VERSION:
            raise SomError(f"Erfaringsdatabasen {self.url} er lavet af en nyere udgave af "
                           f"som-xl (skemaversion {newest}, denne udgave kender "
                           f"{SCHEMA_VERSION}). Opdatér som-xl.")
        return newest == SCHEMA_VERSION and self.search_strategy.is_installed(conn)

    def ensure_schema(self) -> None:
        """Create or upgrade the tables and the search index (safe to race).

        The fast path only reads ``schema_version``; otherwise the Alembic revisions in
        :mod:`som_xl.experience.migrations` run in one write transaction.
        """
        if run_read(self.engine, self._schema_ready):
            return

        def create(conn: Connection) -> None:
            if self.dialect == "postgresql":
                # CREATE TABLE is not safe to race on PostgreSQL; serialise it.
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK_KEY})")
            if self._schema_ready(conn):
                return
            upgrade(conn)  # Alembic: every revision not yet applied, in this transaction

        run_write(self.engine, create)

    # -- writes ---------------------------------------------------------------------
    def insert_record(self, conn: Connection, fields: dict[str, Any]) -> int:
        """Insert a validated, stamped (:func:`stamp_new`) record and index it, with the
        figures its case file gives the benchmark; its id."""
        new_id = conn.execute(insert(_T).values(**stored_values(fields)).returning(_T.c.id)).scalar_one()
        self.search_strategy.index(conn, new_id, fields)
        store_facts(conn, new_id, fields.get("case_json"))
        return new_id

    def add(self, record: dict[str, Any], *, organisation_id: int | None = None) -> Record:
        """Validate and store a new record; return it as stored.

        Parameters
        ----------
        record
            Fields ``title``, ``summary``, ``target_group``, ``material_type``,
            ``actor_type``, ``actor_name`` (required) and ``contact``, ``year``,
            ``key_results``, ``case_json``, ``knowledge_name``, ``knowledge_version``,
            ``knowledge_hash``, ``review_status``, ``status_reason``, ``origin`` (optional).
        organisation_id
            The web site's organisation the record belongs to (``None``: none).

        Raises
        ------
        InputError
            With one :class:`~som_xl.errors.Problem` per wrong field, all at once.
        """
        fields = validate_record(record)
        stamp_new(fields, organisation_id, utcnow())
        new_id = run_write(self.engine, lambda conn: self.insert_record(conn, fields))
        return self.require(new_id)

    def set_status(self, key: int | str, status: str) -> Record:
        """Set the review status (indsendt, beskrevet, offentliggjort) of one record."""
        code = validate_status(status)
        where = self._key_clause(key)

        def work(conn: Connection) -> int:
            return conn.execute(update(_T).where(where)
                                .values(review_status=code, updated_at=utcnow())).rowcount

        if not run_write(self.engine, work):
            raise self._not_found(key)
        return self.require(key)

    def import_records(self, records: Iterable[dict[str, Any]]) -> ImportResult:
        """Import records exported from another database, idempotently by ``uid``.

        A record whose ``uid`` is new is added; one already present is updated only when
        the incoming ``updated_at`` is newer, so importing the same file twice changes
        nothing. Every record is validated first; if any is wrong, nothing is imported.

        A file cannot vouch for itself: imported and updated records are always
        ``indsendt`` (review status), a present record is only updated by a record with its
        ``uid`` *and* its organisation (``actor_name``, compared without regard to case and
        spacing; the stored spelling is kept), a *published* record is never changed by an
        import (counted in ``kept_published``; its editors change it), and timestamps must
        lie between 1990 and now (a record dated in the future would win every later import).
        """
        cleaned = _validated_imports(records)

        def work(conn: Connection) -> ImportResult:
            existing = _existing(conn, [f["uid"] for _, f in cleaned])
            foreign = [_foreign(i, f, existing[f["uid"]][2]) for i, f in cleaned
                       if f["uid"] in existing and _org(f["actor_name"]) != _org(existing[f["uid"]][2])]
            if foreign:
                raise InputError(foreign)  # rolls the transaction back: nothing imported
            added = updated = unchanged = kept = 0
            for _, fields in cleaned:
                if fields["uid"] not in existing:
                    self.insert_record(conn, fields)
                    added += 1
                    continue
                row_id, stored_at, owner, status = existing[fields["uid"]]
                if fields["updated_at"] <= stored_at:
                    unchanged += 1
                    continue
                if status == PUBLISHED:
                    kept += 1
                    continue
                fields = {**fields, "actor_name": owner}  # the owner as stored, never a respelling
                values = stored_values({k: v for k, v in fields.items() if k not in ("uid", "created_at")})
                conn.execute(update(_T).where(_T.c.id == row_id).values(**values))
                self.search_strategy.index(conn, row_id, fields)
                store_facts(conn, row_id, fields.get("case_json"))
                updated += 1
            return ImportResult(added, updated, unchanged, kept)

        return run_write(self.engine, work)

    # -- reads ----------------------------------------------------------------------
    def _key_clause(self, key: int | str):
        if isinstance(key, bool):
            raise self._not_found(key)
        if isinstance(key, int) or (isinstance(key, str) and whole_number(key) is not None):
            return _T.c.id == whole_number(key)
        try:
            return _T.c.uid == str(uuid.UUID(str(key).strip()))
        except ValueError:
            raise InputError([Problem("bad-id", "id", f"'{key}' er hverken et post-nummer "
                                                      "(fx 12) eller et uid (UUID).")]) from None

    def _not_found(self, key) -> InputError:
        return InputError([Problem("not-found", "id", f"der er ingen post med id/uid '{key}' "
                                                      f"i erfaringsdatabasen {self.url}.")])

    def get(self, key: int | str, *, with_case: bool = True) -> Record | None:
        """The record with id (a number) or uid (a UUID), case file included unless
        ``with_case`` is false (``has_case`` says whether there is one); else ``None``."""
        where = self._key_clause(key)
        stmt = select(*(_COLUMNS if with_case else _SUMMARY_COLUMNS),
                      _T.c.case_json.is_not(None).label("has_case")).where(where)
        row = run_read(self.engine, lambda conn: conn.execute(stmt).first())
        return _row_to_record(row, with_case=with_case) if row is not None else None

    def require(self, key: int | str) -> Record:
        """Like :meth:`get`, but a missing record is an :class:`InputError` (Danish)."""
        record = self.get(key)
        if record is None:
            raise self._not_found(key)
        return record

    def search(self, text: str | None = None, target_group: str | None = None,
               material_type: str | None = None, actor_type: str | None = None,
               year: int | None = None, limit: int = 50) -> list[Record]:
        """Records matching every given criterion; by relevance when ``text`` is given.

        Parameters
        ----------
        text
            Danish free text; inflections match ("boligerne" finds "bolig"), case and
            Æ/Ø/Å included, and so do words inside compounds ("forløb" finds
            "Mentorforløb", ranked after whole-word hits). Every word (stop words aside)
            must occur.
        target_group
            Part of the target group (knowledge id or free text), case-insensitive.
        material_type, actor_type
            A code or its Danish label, e.g. ``"beregning"`` or ``"Organisering og opfølgning"``.
        year
            The record's year.
        limit
            At most this many records (newest first when there is no ``text``).

        Returns
        -------
        list of Record
            Without ``case_json`` (see ``has_case``); use :meth:`get` for the case file.
        """
        problems: list[Problem] = []
        codes = {}
        for name, value, vocab in (("material_type", material_type, MATERIAL_TYPES),
                                   ("actor_type", actor_type, SHARING_ACTOR_TYPES)):
            if value not in (None, ""):
                codes[name] = choice_code(value, vocab, f"felt {name}", problems)
        if year not in (None, "") and whole_number(str(year)) is None:
            problems.append(Problem("out-of-range", "felt year", f"'{year}' er ikke et årstal."))
        if problems:
            raise InputError(problems)
        stmt = select(*_SUMMARY_COLUMNS, _T.c.case_json.is_not(None).label("has_case"))
        if target_group:
            stmt = stmt.where(_T.c.target_group_key.contains(target_group.strip().casefold(),
                                                             autoescape=True))
        for name, code in codes.items():
            stmt = stmt.where(_T.c[name] == code)
        if year not in (None, ""):
            stmt = stmt.where(_T.c.year == whole_number(str(year)))
        most = max(1, int(limit))

        def work(conn: Connection) -> list:
            match = self.search_strategy.match(conn, text) if text and text.strip() else None
            if match is None:
                return list(conn.execute(stmt.order_by(_T.c.created_at.desc(), _T.c.id.desc()).limit(most)))
            return by_relevance(conn, self.search_strategy, stmt, match, 0, most)

        return [_row_to_record(r, with_case=False) for r in run_read(self.engine, work)]

    def count(self) -> int:
        """How many records the database holds."""
        stmt = select(func.count()).select_from(_T)
        return run_read(self.engine, lambda conn: conn.execute(stmt).scalar_one())

    def export(self, ids: Iterable[int | str] | None = None) -> list[dict[str, Any]]:
        """Records as JSON-ready dicts (all, or those with the given ids/uids), oldest first.

        Each dict carries ``quality_note`` ("Ikke kvalitetssikret ...") and ``uid``, so
        :meth:`import_records` in another database adds it exactly once.
        """
        stmt = select(*_COLUMNS, _T.c.case_json.is_not(None).label("has_case"))
        if ids is not None:
            clauses = [self._key_clause(k) for k in ids]
            if not clauses:
                return []
            stmt = stmt.where(or_(*clauses))
        stmt = stmt.order_by(_T.c.created_at, _T.c.id)
        rows = run_read(self.engine, lambda conn: conn.execute(stmt).all())
        return [_row_to_record(r, with_case=True).as_dict() for r in rows]


def _validated_imports(records: Iterable[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """(number in the file, cleaned fields) of every record to import; :class:`InputError`
    with every problem of every record otherwise. Imported records are always ``indsendt``."""
    cleaned: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(records, 1):
        try:
            fields = validate_record(raw, for_import=True, where=f"post {i}, ")
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if fields["uid"] in seen:
            problems.append(Problem("duplicate-uid", f"post {i}, felt uid",
                                    f"uid {fields['uid']} står også i post {seen[fields['uid']]}; "
                                    "hvert uid må kun forekomme én gang."))
        seen[fields["uid"]] = i
        fields["created_at"] = fields["created_at"] or utcnow()
        fields["updated_at"] = fields["updated_at"] or fields["created_at"]
        # A file cannot publish: every imported (or updated) record waits for review here.
        fields["review_status"] = DEFAULT_REVIEW_STATUS
        cleaned.append((i, fields))
    if problems:
        raise InputError(problems)
    return cleaned


def _existing(conn: Connection, uids: list[str]) -> dict[str, tuple[int, Any, str, str]]:
    """uid → (id, updated_at, actor_name, review_status) of the records already stored among ``uids``."""
    existing: dict[str, tuple[int, Any, str, str]] = {}
    for start in range(0, len(uids), _CHUNK):
        chunk = uids[start:start + _CHUNK]
        for row in conn.execute(select(_T.c.uid, _T.c.id, _T.c.updated_at, _T.c.actor_name, _T.c.review_status)
                                .where(_T.c.uid.in_(chunk))):
            existing[row.uid] = (row.id, row.updated_at, row.actor_name, row.review_status)
    return existing


def _org(name: str) -> str:
    return " ".join(name.split()).casefold()


def _foreign(i: int, fields: dict[str, Any], owner: str) -> Problem:
    return Problem("other-organisation", f"post {i}, felt actor_name",
                   f"posten med uid {fields['uid']} findes allerede og tilhører '{owner}'; en import fra "
                   f"'{fields['actor_name']}' må ikke erstatte den. Intet er importeret.")


def open_db(url: str | os.PathLike | None = None, *, pool_size: int | None = None) -> ExperienceDB:
    """Open (and if needed create) the erfaringsdatabase.

    Parameters
    ----------
    url
        A SQLAlchemy URL (``sqlite:///...``, ``postgresql://...``) or a path to a SQLite
        file. When ``None``: ``$SOM_XL_EXPERIENCE_DB``, else the per-user default file
        (see :func:`som_xl.experience.engine.default_db_path`), whose folder is created.
    pool_size
        PostgreSQL only: connections this process keeps open (as many again in a burst);
        the web site sizes it per worker (``SOM_XL_DB_POOL_SIZE``).

    Raises
    ------
    SomError
        With a Danish message when the database cannot be opened or created.
    """
    resolved = resolve_url(url)
    db = ExperienceDB(make_engine(resolved, pool_size))
    try:
        db.ensure_schema()
    except DBAPIError as exc:
        db.close()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise SomError(f"Kan ikke åbne erfaringsdatabasen {safe_url(resolved)}: {reason}") from None
    except BaseException:
        db.close()
        raise
    return db
