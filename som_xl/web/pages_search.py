"""The search page (Søg): free text, filters with counts, sorting, pages; all in the URL."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Depends, Request

from som_xl.errors import InputError
from som_xl.experience.accounts import User
from som_xl.experience.browse import SORTS, SearchPage, SearchQuery, parse_query
from som_xl.experience.engine import Busy
from som_xl.web.auth import current_user, get_db
from som_xl.web.views import render

router = APIRouter()

FILTERS = (
    ("material_type", "Materialetype", "Beregning, omkostningsvurdering eller erfaring."),
    ("actor_type", "Aktørtype", "Hvem der har delt materialet."),
    ("year", "År", "Året for beregningen eller erfaringen."),
    ("organisation", "Organisation", "Den organisation, der har delt materialet på siden."),
)
PARAMS = ("q", "target_group", "material_type", "actor_type", "year", "organisation", "sort", "page")
SHOWN_FACETS = tuple(name for name, _, _ in FILTERS)
"""The counts the page shows (the API can also count target groups)."""


SEARCH_LANES = 4
"""Free-text searches one process runs at once (each may hold a database connection and the
full-text index's memory); the others wait up to :data:`SEARCH_WAIT_S`, then 503."""
SEARCH_WAIT_S = 10.0
_SEARCHING = threading.BoundedSemaphore(SEARCH_LANES)


def bounded_search(request: Request, query: SearchQuery, user: User | None,
                   facets: bool | tuple[str, ...]) -> SearchPage:
    """:meth:`ExperienceDB.search_page`, with at most :data:`SEARCH_LANES` free-text searches
    at once in this process (Busy, a Danish 503 with Retry-After, after waiting)."""
    db = get_db(request)
    if not query.text:
        return db.search_page(query, user, facets=facets)
    if not _SEARCHING.acquire(timeout=SEARCH_WAIT_S):
        raise Busy("Der søges meget lige nu; prøv igen om lidt.", retry_after=5)
    try:
        return db.search_page(query, user, facets=facets)
    finally:
        _SEARCHING.release()


def warm_up(db, connections: int = 1) -> None:
    """Two searches on each of ``connections`` database connections when a worker starts:
    the connections are opened, and the search page's statements compiled and run once on
    each, before a visitor waits for them. On PostgreSQL a new connection is a new server
    process that must load the catalogue and plan every statement anew: opened all at once
    by the first visitors, they kept the first seconds of a (re)started worker slow. The
    pool hands out its oldest idle connection, so each round holds the one it warmed and
    the next round's searches open a new one."""
    held = []
    try:
        for _ in range(max(1, connections)):
            for query in (SearchQuery(), SearchQuery(text="bolig")):
                db.search_page(query, None, facets=SHOWN_FACETS)
            held.append(db.engine.connect())
    finally:
        for conn in held:
            conn.close()


def page_numbers(current: int, pages: int, around: int = 2) -> list[int]:
    """The page numbers to link: the first, the last and a few around the current one.

    >>> page_numbers(1, 3)
    [1, 2, 3]
    >>> page_numbers(10, 40)
    [1, 8, 9, 10, 11, 12, 40]
    """
    shown = {1, pages, *range(max(1, current - around), min(pages, current + around) + 1)}
    return sorted(shown)


@router.get("/", name="search")
def search(request: Request, user: User | None = Depends(current_user)):
    """Søg: the whole query is in the URL, so a search can be bookmarked or mailed."""
    params = {k: request.query_params.get(k) for k in PARAMS if request.query_params.get(k)}
    problems = []
    try:
        query = parse_query(params)
    except InputError as exc:
        problems, query = exc.problems, SearchQuery()
    page: SearchPage = bounded_search(request, query, user, SHOWN_FACETS)
    selected = {name: str(getattr(query, name)) if getattr(query, name) is not None else ""
                for name, _, _ in FILTERS}
    return render(request, "search.html", {
        "q": query, "page": page, "params": params, "filters": FILTERS, "selected": selected,
        # The form's first choice (no sort in the URL) is relevance with free text, else newest.
        "sorts": {k: v for k, v in SORTS.items() if k != "relevans" or query.sort == "relevans"},
        "page_numbers": page_numbers(query.page, page.pages), "problems": problems,
    }, status=400 if problems else 200)
