"""One page of search results with counts per filter value, for the web site and the API.

Every count honours the reader's access (:mod:`.access`), the free text and every other
filter, but not the filter it counts: the material-type counts say how many hits each
material type would give with the rest of the query unchanged (the usual facet rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    String,
    and_,
    cast,
    func,
    literal,
    select,
    true,
    tuple_,
    union_all,
)

from som_xl.errors import InputError, Problem
from som_xl.experience.access import visible_clause
from som_xl.experience.engine import run_read
from som_xl.experience.model import RecordRow
from som_xl.experience.model_web import OrganisationRow
from som_xl.experience.rows import SUMMARY_COLUMNS, row_to_record
from som_xl.experience.search import TextMatch, by_relevance
from som_xl.experience.text import query_words
from som_xl.experience.validate import choice_code, whole_number
from som_xl.vocabulary.actor_types import SHARING_ACTOR_TYPES
from som_xl.vocabulary.materials import MATERIAL_TYPES
from som_xl.vocabulary.review import REVIEW_STATUSES

if TYPE_CHECKING:
    from som_xl.experience.accounts import User
    from som_xl.experience.record import Record

SORTS = {"relevans": "Relevans", "nyeste": "Nyeste først", "aeldste": "Ældste først",
         "titel": "Titel (A-Å)", "aar": "År (nyeste først)"}
PER_PAGE = 20
MAX_PAGE = 10_000
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
"""Words of a free-text search (stop words not counted): each costs a compound look-up and
alternatives in the full-text query, so a long query is refused instead of run."""
FACETS = ("material_type", "actor_type", "year", "organisation", "target_group")
TOP_VALUES = 15  # per facet: the most frequent values


@dataclass(frozen=True)
class SearchQuery:
    """Everything a search says; the web site keeps it in the URL."""

    text: str | None = None
    target_group: str | None = None
    material_type: str | None = None
    actor_type: str | None = None
    year: int | None = None
    organisation: int | None = None
    status: str | None = None
    sort: str | None = None
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def effective_sort(self) -> str:
        if self.sort in SORTS and (self.sort != "relevans" or self.text):
            return self.sort
        return "relevans" if self.text and self.text.strip() else "nyeste"


@dataclass(frozen=True)
class FacetValue:
    value: Any
    label: str
    count: int


@dataclass
class SearchPage:
    query: SearchQuery
    total: int
    records: list[Record]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    organisation_names: dict[int, str] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


def _int(value: Any, name: str, problems: list[Problem], low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    number = whole_number(str(value))
    if number is None or not low <= number <= high:
        problems.append(Problem("out-of-range", f"felt {name}", f"'{value}' skal være et helt tal "
                                                                f"fra {low} til {high}."))
        return None
    return number


def parse_query(params: dict[str, Any]) -> SearchQuery:
    """A :class:`SearchQuery` from URL parameters (``q``, ``target_group``, ``material_type``,
    ``actor_type``, ``year``, ``organisation``, ``status``, ``sort``, ``page``); every
    wrong value named at once in Danish."""
    problems: list[Problem] = []
    codes: dict[str, str | None] = {}
    for name, vocab in (("material_type", MATERIAL_TYPES), ("actor_type", SHARING_ACTOR_TYPES),
                        ("status", REVIEW_STATUSES)):
        codes[name] = choice_code(params.get(name), vocab, f"felt {name}", problems)
    sort = params.get("sort") or None
    if sort is not None and sort not in SORTS:
        problems.append(Problem("not-allowed", "felt sort", f"tilladt er: {', '.join(SORTS)}."))
    text = (params.get("q") or "").strip()[:MAX_QUERY_CHARS] or None
    terms = len(query_words(text)) if text is not None else 0
    if terms > MAX_TERMS:
        problems.append(Problem("too-many-words", "felt q", f"søgningen har {terms} ord; højst {MAX_TERMS} ord "
                                                            "(ud over småord som 'og')."))
    query = SearchQuery(
        text=text,
        target_group=(params.get("target_group") or "").strip()[:200] or None,
        material_type=codes["material_type"], actor_type=codes["actor_type"],
        year=_int(params.get("year"), "year", problems, 1900, 2200),
        organisation=_int(params.get("organisation"), "organisation", problems, 1, 2**31 - 1),
        status=codes["status"], sort=sort,
        page=_int(params.get("page"), "page", problems, 1, MAX_PAGE) or 1)
    if problems:
        raise InputError(problems)
    return query


_ORDER = {"nyeste": (RecordRow.created_at.desc(), RecordRow.id.desc()),
          "aeldste": (RecordRow.created_at.asc(), RecordRow.id.asc()),
          "titel": (func.lower(RecordRow.title), RecordRow.id),
          "aar": (RecordRow.year.desc().nulls_last(), RecordRow.id.desc())}
"""The sorts other than relevance (which the search strategy orders)."""


def _filters(query: SearchQuery, cols) -> dict[str, ColumnElement[bool]]:
    """The query's filters on ``cols`` (the records table or a CTE of it), by name."""
    filters = {
        "material_type": (query.material_type, lambda v: cols.material_type == v),
        "actor_type": (query.actor_type, lambda v: cols.actor_type == v),
        "year": (query.year, lambda v: cols.year == v),
        "organisation": (query.organisation, lambda v: cols.organisation_id == v),
        "target_group": (query.target_group,
                         lambda v: cols.target_group_key.contains(v.casefold(), autoescape=True)),
        "status": (query.status, lambda v: cols.review_status == v),
    }
    return {name: clause(value) for name, (value, clause) in filters.items() if value is not None}


def _all_but(filters: dict[str, ColumnElement[bool]], skip: str | None = None) -> ColumnElement[bool]:
    return and_(true(), *(clause for name, clause in filters.items() if name != skip))


def _column(cols, facet: str):
    return cols.organisation_id if facet == "organisation" else getattr(cols, facet)


def _grouped_counts(base: list[ColumnElement[bool]], query: SearchQuery, names: tuple[str, ...]) -> Select:
    """PostgreSQL: the total and every facet's counts in one pass over the hits.

    One ``GROUPING SETS`` query; each facet's count skips that facet's own filter through
    ``count(*) FILTER (WHERE ...)``, the total applies them all.
    """
    filters = _filters(query, RecordRow)
    columns = [_column(RecordRow, name) for name in names]
    counts = [func.count().filter(_all_but(filters, name)) for name in names]
    stmt = select(*(func.grouping(c) for c in columns), *columns, *counts,
                  func.count().filter(_all_but(filters)))
    return stmt.where(*base).group_by(func.grouping_sets(*(tuple_(c) for c in columns), tuple_()))


def _unioned_counts(base: list[ColumnElement[bool]], query: SearchQuery,
                    names: tuple[str, ...]) -> CompoundSelect:
    """SQLite (no GROUPING SETS): the same counts as one UNION ALL over the hits."""
    columns = [_column(RecordRow, f) for f in FACETS] + [RecordRow.target_group_key, RecordRow.review_status]
    hits = select(*columns).where(*base).cte("hits")
    filters = _filters(query, hits.c)
    parts = [select(literal("total").label("facet"), literal("").label("value"), func.count().label("n"))
             .select_from(hits).where(_all_but(filters))]
    for name in names:
        column = _column(hits.c, name)
        parts.append(select(literal(name), cast(column, String), func.count()).select_from(hits)
                     .where(column.is_not(None), _all_but(filters, name)).group_by(column))
    return union_all(*parts)


def _counted(db, rows, names: tuple[str, ...]) -> list[tuple[str, Any, int]]:
    """``(facet, value, count)`` from either counting statement (zero counts and empty
    values left out; the total as ``("total", "", n)``)."""
    if db.dialect != "postgresql":
        return [(f, v if f == "total" else _typed(f, v), n) for f, v, n in rows if f == "total" or n]
    out = []
    k = len(names)
    for row in rows:
        grouped, values, counts = row[:k], row[k:2 * k], row[2 * k:]
        if all(grouped):  # the empty grouping set: everything
            out.append(("total", "", counts[k]))
            continue
        i = list(grouped).index(0)
        if values[i] is not None and counts[i]:
            out.append((names[i], values[i], counts[i]))
    return out


def _page_ids(conn, db, match: TextMatch | None, query: SearchQuery, user: User | None) -> list[int]:
    """The ids of the page's records, in the page's order."""
    stmt = select(RecordRow.id).where(visible_clause(user), *_filters(query, RecordRow).values())
    skip = (query.page - 1) * query.per_page
    if match is not None and query.effective_sort == "relevans":
        return [r.id for r in by_relevance(conn, db.search_strategy, stmt, match, skip, query.per_page)]
    if match is not None:
        stmt = stmt.where(db.search_strategy.condition(match.expression))
    # relevance without searchable words (only stop words): newest first
    stmt = stmt.order_by(*_ORDER.get(query.effective_sort, _ORDER["nyeste"]))
    return list(conn.execute(stmt.offset(skip).limit(query.per_page)).scalars())


def _page_rows(conn, db, match: TextMatch | None, query: SearchQuery, user: User | None) -> list:
    """The page's rows: the ids first, ordered over every hit by a query that carries only
    the id (and what it sorts by), then the page's columns for those ids alone. Sorting the
    hits with their summaries and key figures on board cost a third more in PostgreSQL."""
    ids = _page_ids(conn, db, match, query, user)
    if not ids:
        return []
    columns = (*SUMMARY_COLUMNS, RecordRow.case_json.is_not(None).label("has_case"))
    found = {row.id: row for row in conn.execute(select(*columns).where(RecordRow.id.in_(ids)))}
    return [found[i] for i in ids]


def search_page(db, query: SearchQuery, user: User | None = None,
                *, facets: bool | tuple[str, ...] = True) -> SearchPage:
    """The records ``user`` may see that match ``query``: one page, the total and the counts
    per value of ``facets`` (``True``: all of :data:`FACETS`), in one read transaction: the
    compound look-up (one short query per word), the counts, the page and the names of the
    organisations shown."""
    names = FACETS if facets is True else tuple(facets or ())
    counting = _grouped_counts if db.dialect == "postgresql" else _unioned_counts

    def work(conn):
        match = db.search_strategy.match(conn, query.text) if query.text else None
        base = [visible_clause(user)]
        if match is not None:
            base.append(db.search_strategy.condition(match.expression))
        counted = _counted(db, conn.execute(counting(base, query, names)).all(), names)
        rows = _page_rows(conn, db, match, query, user)
        wanted = {v for f, v, _ in counted if f == "organisation"} | {r.organisation_id for r in rows}
        wanted.discard(None)
        orgs = {}
        if wanted:
            orgs = dict(conn.execute(select(OrganisationRow.id, OrganisationRow.name)
                                     .where(OrganisationRow.id.in_(sorted(wanted)))).all())
        return counted, rows, orgs

    counted, rows, orgs = run_read(db.engine, work)
    total = next(n for facet, _, n in counted if facet == "total")
    result = SearchPage(query, total, [row_to_record(r, with_case=False) for r in rows],
                        organisation_names=orgs)
    for name in names:
        pairs = [(v, n) for facet, v, n in counted if facet == name]
        if name == "year":  # years in their order, newest first; every one of them
            pairs.sort(key=lambda p: -p[0])
        else:
            pairs.sort(key=lambda p: (-p[1], str(p[0])))
            # every organisation among the hits; of the open vocabularies the most frequent
            pairs = pairs if name == "organisation" else pairs[:TOP_VALUES]
        result.facets[name] = [FacetValue(v, _label(name, v, orgs), n) for v, n in pairs]
    return result


def _typed(name: str, value: Any) -> Any:
    return int(value) if name in ("year", "organisation") else value


def _label(name: str, value: Any, organisations: dict[int, str]) -> str:
    if name == "material_type":
        return MATERIAL_TYPES.get(value, value)
    if name == "actor_type":
        return SHARING_ACTOR_TYPES.get(value, value)
    if name == "organisation":
        return organisations.get(value, str(value))
    return str(value)
