"""Issue 21, point 2: downloads that convert (report, workbook) run in a bounded pool per
machine, identical requests are merged, results are cached by content (cycling through
more records than an in-memory cache holds recomputes nothing), and a request that gets
no slot is told in Danish to try again (503 with Retry-After). Conversions are counted by
wrapping the real report function (it still runs), never timed."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from som_xl.paths import examples_dir

from .conftest import make_site
from .test_sign_in_limits import Served

CASE = json.loads((examples_dir() / "housing_first.json").read_text("utf-8"))


@pytest.fixture
def counted(monkeypatch):
    """Every report the site makes (the real function runs), and the most at once."""
    from som_xl.web import exports

    seen = {"count": 0, "now": 0, "most": 0}
    lock = threading.Lock()
    original = exports._report

    def report(record, fmt):
        with lock:
            seen["count"] += 1
            seen["now"] += 1
            seen["most"] = max(seen["most"], seen["now"])
        try:
            return original(record, fmt)
        finally:
            with lock:
                seen["now"] -= 1

    monkeypatch.setattr(exports, "_report", report)
    return seen


def _site(tmp_path, records: int, **settings):
    """A site with ``records`` published records, each with its own case file."""
    site = make_site(f"sqlite:///{tmp_path / 'c.sqlite'}", conversion_dir=str(tmp_path / "conv"), **settings)
    db = site.app.state.db
    user = db.accounts.user_by_email(site.emails["aarhus"])
    ids = []
    for i in range(records):
        case = {**CASE, "title": f"Housing First, variant {i}"}
        record, _ = db.workflow.submit({"title": f"Variant {i}", "summary": "s", "target_group": "g",
                                        "material_type": "beregning", "case_json": json.dumps(case)}, user)
        db.set_status(record.id, "offentliggjort")
        ids.append(record.id)
    return site, ids


def _get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=300) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def _at_once(app, n: int, path_of) -> list:
    """``n`` GET requests at the same time to ``app`` served on 127.0.0.1, request ``i`` for
    ``path_of(i)``; the answers as (status, body, headers)."""
    server = Served(app)
    try:
        with ThreadPoolExecutor(n) as pool:
            return list(pool.map(lambda i: _get(server.port, path_of(i)), range(n)))
    finally:
        server.stop()


def test_identical_requests_make_one_report(tmp_path, counted):
    site, (record_id,) = _site(tmp_path, 1)
    answers = _at_once(site.app, 12, lambda _: f"/poster/{record_id}/oplaeg.md")
    assert {status for status, _, _ in answers} == {200}
    assert len({body for _, body, _ in answers}) == 1 and b"Housing First, variant 0" in answers[0][1]
    assert counted["count"] == 1


def test_cycling_through_many_records_recomputes_nothing(tmp_path, counted):
    """The in-memory cache held 16 downloads: cycling through 20 records recomputed each time."""
    site, ids = _site(tmp_path, 20)
    client = site.client()
    for _ in range(3):
        for record_id in ids:
            assert client.get(f"/poster/{record_id}/oplaeg.md").status_code == 200
    assert counted["count"] == 20


def test_different_records_convert_one_slot_at_a_time(tmp_path, counted):
    site, ids = _site(tmp_path, 4, conversion_slots=1)
    answers = _at_once(site.app, 8, lambda i: f"/poster/{ids[i % 4]}/oplaeg.md")
    assert [status for status, _, _ in answers] == [200] * 8
    assert counted["count"] == 4 and counted["most"] == 1


def test_no_free_slot_is_a_danish_503_with_retry_after(tmp_path, counted):
    from filelock import FileLock

    site, (record_id,) = _site(tmp_path, 1, conversion_slots=1, conversion_wait_s=0.3)
    other_worker = FileLock(tmp_path / "conv" / "locks" / "slot-0.lock")  # another process converting
    other_worker.acquire()
    try:
        busy = site.client().get(f"/poster/{record_id}/oplaeg.md")
    finally:
        other_worker.release()
    assert busy.status_code == 503 and "prøv igen om lidt" in busy.text
    assert int(busy.headers["retry-after"]) > 0
    assert counted["count"] == 0
    assert site.client().get(f"/poster/{record_id}/oplaeg.md").status_code == 200  # the slot is free again


@pytest.mark.libreoffice
def test_concurrent_pdf_downloads_start_one_libreoffice(tmp_path, monkeypatch):
    """20 anonymous PDF requests used to start 20 soffice processes."""
    from som_xl.workbook import oplaeg_export

    seen = {"count": 0}
    original = oplaeg_export.make_report

    def make_report(*args, **kwargs):
        seen["count"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(oplaeg_export, "make_report", make_report)
    site, (record_id,) = _site(tmp_path, 1)
    answers = _at_once(site.app, 6, lambda _: f"/poster/{record_id}/oplaeg.pdf")
    assert {status for status, _, _ in answers} == {200}
    assert all(body.startswith(b"%PDF-") for _, body, _ in answers)
    assert seen["count"] == 1
