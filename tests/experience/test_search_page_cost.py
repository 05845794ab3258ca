"""What a search page asks of the database (issue 24): the statement that orders every hit
by relevance (or by a sort) carries only the ids, and the page's columns (summary, key
figures, has a case file) are read for the page's records alone. Sorting the hits with
their summaries on board cost PostgreSQL a third more per search."""

from __future__ import annotations

from sqlalchemy import event

from som_xl.experience.browse import parse_query
from tests.experience.conftest import make_record


def _statements(db, params: dict) -> tuple[list[str], list]:
    seen: list[str] = []

    def log(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", log)
    try:
        page = db.search_page(parse_query(params))
    finally:
        event.remove(db.engine, "before_cursor_execute", log)
    return seen, page.records


def test_the_sort_over_every_hit_carries_only_the_ids(db):
    for i in range(30):
        db.set_status(db.add(make_record(title=f"Bolig og mentorforløb {i}", summary=f"Støttebolig nr. {i}.")).id,
                      "offentliggjort")
    for params, expected in (({"q": "bolig"}, None), ({"q": "bolig", "sort": "titel"}, None),
                             ({"q": "bolig", "page": "2"}, 10), ({}, None)):
        statements, records = _statements(db, params)
        sorting = [s for s in statements if "ORDER BY" in s and "experience_records" in s]
        assert sorting and all("summary" not in s and "key_results" not in s for s in sorting), sorting
        wide = [s for s in statements if "summary" in s]
        assert len(wide) == 1 and "ORDER BY" not in wide[0]
        assert len(records) == (expected or 20) and all(r.summary.startswith("Støttebolig") for r in records)
