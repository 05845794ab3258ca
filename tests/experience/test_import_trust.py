"""What an import file may not do (issue 12, point 7): raise a record's review status,
replace another organisation's record, or carry timestamps from outside the plausible
range; and numbers too large for a float are Danish problems, not tracebacks (point 11)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from som_xl.errors import InputError
from som_xl.experience import open_db
from tests.reliability.checks import check_problem

from .conftest import make_record


def _exported(tmp_path, **overrides) -> dict:
    other = open_db(tmp_path / f"anden-{uuid.uuid4().hex[:6]}.sqlite")
    try:
        record = other.add(make_record(**overrides))
        return other.export([record.uid])[0]
    finally:
        other.close()


def test_imported_records_are_always_submitted_whatever_the_file_says(db, tmp_path):
    record = _exported(tmp_path) | {"review_status": "offentliggjort"}
    db.import_records([record])
    assert db.get(record["uid"]).review_status == "indsendt"


def test_an_update_by_import_cannot_keep_or_raise_a_published_status(db, tmp_path):
    record = _exported(tmp_path)
    db.import_records([record])
    later = record | {"title": "Ny titel", "review_status": "offentliggjort",
                      "updated_at": dt.datetime.now(dt.UTC).isoformat()}
    result = db.import_records([later])
    assert result.updated == 1
    stored = db.get(record["uid"])
    assert stored.title == "Ny titel" and stored.review_status == "indsendt"  # changed content: reviewed again


@pytest.mark.parametrize("owner", ["Aarhus Kommune", "  AARHUS   kommune ", "aarhus kommune"],
                         ids=["same", "respelled", "lower-case"])
def test_an_import_never_replaces_or_unpublishes_a_published_record(db, tmp_path, owner):
    """Issue 21, point 12: the owner's name respelled (or even spelled alike: a file cannot
    prove who wrote it) and a later timestamp must not replace a published record's text
    nor send it back to indsendt."""
    record = _exported(tmp_path)
    db.import_records([record])
    db.set_status(record["uid"], "offentliggjort")
    forged = record | {"actor_name": owner, "title": "Overtaget", "summary": "Ny tekst", "contact": "x@evil.example",
                       "updated_at": dt.datetime.now(dt.UTC).isoformat()}
    result = db.import_records([forged])
    assert (result.updated, result.kept_published) == (0, 1)
    stored = db.get(record["uid"])
    assert (stored.title, stored.summary, stored.contact, stored.review_status, stored.actor_name) == (
        record["title"], record["summary"], record["contact"], "offentliggjort", "Aarhus Kommune")


def test_an_update_by_a_respelled_owner_keeps_the_stored_owner(db, tmp_path):
    record = _exported(tmp_path)
    db.import_records([record])
    later = record | {"actor_name": "  AARHUS   kommune ", "title": "Rettet titel",
                      "updated_at": dt.datetime.now(dt.UTC).isoformat()}
    assert db.import_records([later]).updated == 1
    stored = db.get(record["uid"])
    assert stored.title == "Rettet titel" and stored.actor_name == "Aarhus Kommune"


def test_the_cli_says_published_records_were_kept(db_url, tmp_path, capsys):
    from som_xl.cli.main import main
    from som_xl.experience.files import dumps, export_document

    record = _exported(tmp_path)
    with open_db(db_url) as target:
        target.import_records([record])
        target.set_status(record["uid"], "offentliggjort")
    newer = record | {"title": "Overtaget", "updated_at": dt.datetime.now(dt.UTC).isoformat()}
    (tmp_path / "ind.json").write_text(dumps(export_document([newer])), "utf-8")
    assert main(["experience", "import", str(tmp_path / "ind.json"), "--db", db_url]) == 0
    assert "1 offentliggjorte poster er ikke ændret" in capsys.readouterr().out
    with open_db(db_url) as target:
        assert target.get(record["uid"]).title == record["title"]


def test_an_import_cannot_replace_another_organisations_record(db, tmp_path):
    record = _exported(tmp_path)
    db.import_records([record])
    forged = record | {"actor_name": "Fremmed Kommune", "title": "Overtaget",
                       "updated_at": dt.datetime.now(dt.UTC).isoformat()}
    with pytest.raises(InputError) as info:
        db.import_records([forged])
    (p,) = info.value.problems
    check_problem(p)
    assert p.location == "post 1, felt actor_name" and "Aarhus Kommune" in p.message
    assert db.get(record["uid"]).title == record["title"]


@pytest.mark.parametrize("field", ["created_at", "updated_at"])
@pytest.mark.parametrize("value", ["9999-12-31T23:59:59+00:00", "1900-01-01T00:00:00+00:00",
                                   (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).isoformat(), 10**400, 1e300],
                         ids=["year-9999", "year-1900", "in-30-days", "int-401-digits", "float-1e300"])
def test_timestamps_from_files_are_bounded(db, tmp_path, field, value):
    record = _exported(tmp_path) | {field: value}
    with pytest.raises(InputError) as info:
        db.import_records([record])
    (p,) = info.value.problems
    check_problem(p)
    assert p.location == f"post 1, felt {field}"
    assert db.count() == 0


def test_a_future_timestamp_cannot_win_every_later_import(db, tmp_path):
    """The reason for the bound: a record dated 9999 would never be updated by its owner."""
    record = _exported(tmp_path)
    db.import_records([record])
    assert db.get(record["uid"]).updated_at <= dt.datetime.now(dt.UTC) + dt.timedelta(days=1)


@pytest.mark.parametrize("value", [10**400, -(10**400)], ids=["huge", "minus-huge"])
def test_key_results_too_large_for_a_float_are_a_danish_problem(db, value):
    with pytest.raises(InputError) as info:
        db.add(make_record(key_results={"npv": {"total": value}}))
    (p,) = info.value.problems
    check_problem(p)
    assert p.location == "felt key_results"
