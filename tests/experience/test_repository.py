"""Add, get, search filters, status, export and import on every backend."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from som_xl.errors import InputError
from som_xl.experience import QUALITY_NOTE, open_db

from .conftest import make_record


def test_add_returns_stored_record_with_defaults(db):
    rec = db.add(make_record(material_type="Organisering og opfølgning", actor_type="Kommune"))
    assert rec.id >= 1
    assert uuid.UUID(rec.uid).version == 4
    assert rec.material_type == "organisering_og_opfoelgning"
    assert rec.material_type_label == "Organisering og opfølgning"
    assert rec.actor_type == "kommune"
    assert rec.review_status == "indsendt"
    assert rec.created_at.tzinfo is not None and rec.created_at == rec.updated_at
    assert rec.key_results["npv"]["kommune"] == -1_200_000.0
    assert rec.quality_note == QUALITY_NOTE and "Ikke kvalitetssikret" in QUALITY_NOTE


def test_get_by_id_and_uid_and_missing(db):
    rec = db.add(make_record())
    assert db.get(rec.id) == rec
    assert db.get(str(rec.id)) == rec
    assert db.get(rec.uid) == rec
    assert db.get(rec.uid.upper()) == rec
    assert db.get(rec.id + 1000) is None
    assert db.get(str(uuid.uuid4())) is None
    with pytest.raises(InputError) as info:
        db.get("ikke-et-id")
    assert info.value.problems[0].type == "bad-id"
    with pytest.raises(InputError) as info:
        db.require(rec.id + 1000)
    assert info.value.problems[0].type == "not-found"


def test_case_json_is_kept_but_left_out_of_search(db):
    case = '{"format": "som-xl-case/1", "title": "Sag"}'
    rec = db.add(make_record(case_json=case))
    assert db.get(rec.id).case_json == case and rec.has_case
    hit = db.search("housing")[0]
    assert hit.case_json is None and hit.has_case


def test_set_status(db):
    rec = db.add(make_record())
    changed = db.set_status(rec.id, "Offentliggjort")
    assert changed.review_status == "offentliggjort"
    assert changed.updated_at >= rec.updated_at
    assert db.set_status(rec.uid, "beskrevet").review_status == "beskrevet"
    with pytest.raises(InputError) as info:
        db.set_status(rec.id, "godkendt")
    assert "indsendt" in info.value.problems[0].message
    with pytest.raises(InputError):
        db.set_status(rec.id + 1000, "beskrevet")


def test_search_filters(db):
    a = db.add(make_record(title="A", year=2023))
    b = db.add(make_record(title="B", actor_type="region", actor_name="Region Midtjylland",
                           material_type="omkostningsvurdering", target_group="Børn og unge 6-13 år"))
    c = db.add(make_record(title="C", actor_type="tilbud", actor_name="Tilbud X",
                           material_type="erfaring_med_vidensindsamling", year=2022))
    assert [r.id for r in db.search()] == [c.id, b.id, a.id]  # newest first
    assert [r.id for r in db.search(actor_type="Region")] == [b.id]
    assert [r.id for r in db.search(material_type="Omkostningsvurdering")] == [b.id]
    assert [r.id for r in db.search(year=2022)] == [c.id]
    assert [r.id for r in db.search(year="2023")] == [a.id]
    assert [r.id for r in db.search(target_group="BØRN OG UNGE")] == [b.id]
    assert [r.id for r in db.search(target_group="hjemloese")] == [c.id, a.id]
    assert db.search(target_group="100%_") == []  # LIKE wildcards are literal
    assert len(db.search(limit=2)) == 2
    with pytest.raises(InputError) as info:
        db.search(actor_type="borger", material_type="roman", year="sidste år")
    assert len(info.value.problems) == 3


def test_export_carries_quality_note_and_all_fields(db):
    rec = db.add(make_record(case_json='{"format": "som-xl-case/1"}'))
    db.add(make_record(title="Anden"))
    exported = db.export()
    assert [e["title"] for e in exported] == [rec.title, "Anden"]
    first = exported[0]
    assert first["quality_note"].startswith("Ikke kvalitetssikret")
    assert first["uid"] == rec.uid and first["case_json"] == rec.case_json
    assert first["material_type_label"] == "Beregning"
    assert dt.datetime.fromisoformat(first["created_at"]) == rec.created_at
    assert [e["uid"] for e in db.export([rec.id])] == [rec.uid]
    assert db.export([]) == []


def test_import_is_idempotent_and_updates_newer(db, tmp_path):
    other = open_db(tmp_path / "anden.sqlite")
    try:
        src = [other.add(make_record(title=f"Post {i}")) for i in range(3)]
        exported = other.export()
        first = db.import_records(exported)
        assert (first.added, first.updated, first.unchanged) == (3, 0, 0)
        again = db.import_records(exported)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
        assert db.count() == 3
        mine = db.get(src[0].uid)
        assert mine.created_at == src[0].created_at and mine.title == "Post 0"

        other.set_status(src[0].uid, "offentliggjort")
        newer = db.import_records(other.export())
        assert (newer.added, newer.updated, newer.unchanged) == (0, 1, 2)
        assert db.get(src[0].uid).review_status == "indsendt"  # a file cannot publish (issue 12, point 7)
        # The updated record is still found by text search (index kept in step).
        assert src[0].uid in {r.uid for r in db.search("hjemløse")}
        assert db.count() == 3
    finally:
        other.close()


def test_import_validates_everything_first(db):
    good = db.add(make_record()).as_dict()
    good["uid"] = str(uuid.uuid4())
    bad = dict(good, uid="nope", material_type="roman", title="")
    dup = dict(good)
    with pytest.raises(InputError) as info:
        db.import_records([good, bad, dup])
    locations = [p.location for p in info.value.problems]
    assert "post 2, felt uid" in locations
    assert "post 2, felt material_type" in locations
    assert "post 2, felt title" in locations
    assert "post 3, felt uid" in locations  # duplicate of post 1
    assert db.count() == 1  # nothing imported


def test_import_requires_uid(db):
    with pytest.raises(InputError) as info:
        db.import_records([make_record()])
    assert info.value.problems[0].location == "post 1, felt uid"


def test_schema_version_recorded_and_reopen(db_url):
    from sqlalchemy import text

    from som_xl.experience import SCHEMA_VERSION

    db = open_db(db_url)
    db.add(make_record())
    db.close()
    again = open_db(db_url)  # second open: tables exist, nothing recreated
    with again.engine.connect() as conn:
        versions = conn.execute(text("SELECT version FROM schema_version ORDER BY version"))
        assert versions.scalars().all() == list(range(1, SCHEMA_VERSION + 1))  # one row per version
    assert again.count() == 1
    again.close()


def test_newer_schema_is_refused(db_url):
    from sqlalchemy import text

    from som_xl.errors import SomError

    db = open_db(db_url)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO schema_version (version, applied_at) VALUES (99, :t)"),
                     {"t": dt.datetime(2030, 1, 1)})
    db.close()
    with pytest.raises(SomError, match="nyere udgave"):
        open_db(db_url)
