"""Fixtures: the demo workbook as a macro-free .xlsx, and the real erfaringsdatabase site
(``create_app`` on a seeded test database) with the add-in mounted by its licence key,
exactly as ``som-xl experience serve`` mounts it. One site per test module."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE_URL = "https://som.example.dk"
LICENCE = "noncommercial"
"""The xlwings licence key public bodies use (PolyForm Noncommercial)."""


@pytest.fixture(scope="session")
def knowledge():
    from som_xl.knowledge import load_knowledge

    return load_knowledge()


@pytest.fixture(scope="session")
def xlsx_dir(tmp_path_factory, knowledge):
    """``Sag.xlsx`` (the demo case, computed by som-xl's headless recalc) and ``Tom.xlsx``."""
    from som_xl.case import parse_case, read_case_file
    from som_xl.service.workbooks import new_workbook

    d = tmp_path_factory.mktemp("addin")
    new_workbook(d / "Sag.xlsx", ROOT / "examples" / "housing_first.json", knowledge=knowledge)
    new_workbook(d / "Tom.xlsx", knowledge=knowledge)
    assert parse_case(read_case_file(ROOT / "examples" / "housing_first.json"))
    return d


@pytest.fixture
def sag(xlsx_dir, tmp_path):
    """A fresh copy of the demo workbook."""
    return Path(shutil.copy(xlsx_dir / "Sag.xlsx", tmp_path / "Sag.xlsx"))


def licensed_site(db_url: str, env: dict[str, str] | None = None, **settings):
    """The real site on ``db_url`` (seeded: demo records, users of tests.web.conftest) with
    the add-in mounted: ``XLWINGS_LICENSE_KEY`` (and ``env``) set while the app is made."""
    from tests.web.conftest import make_site

    mp = pytest.MonkeyPatch()
    try:
        for key, value in {"XLWINGS_LICENSE_KEY": LICENCE, **(env or {})}.items():
            mp.setenv(key, value)
        site = make_site(db_url, **{"base_url": BASE_URL, **settings})
    finally:
        mp.undo()
    assert site.app.state.addin_enabled
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site on SQLite with the add-in, shared by a test module."""
    return licensed_site(f"sqlite:///{tmp_path_factory.mktemp('site') / 'erfaringer.sqlite'}")


@pytest.fixture
def client(site):
    """An anonymous client of the site (no cookies, no token)."""
    return site.client()


def specs(client) -> dict:
    """What each command needs from the workbook (``GET /addin/api/commands``)."""
    return client.get("/addin/api/commands").json()


def sign_in(client, email: str, password: str | None = None) -> dict[str, str]:
    """The task pane's sign-in: ``POST /api/v1/token`` → the Authorization header."""
    from tests.web.conftest import PASSWORD

    r = client.post("/api/v1/token", data={"username": email, "password": password or PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def row_counts(site) -> dict[str, int]:
    """Rows per table of the site's database (to show that a request stored nothing)."""
    from sqlalchemy import func, inspect, select, table

    with site.app.state.db.engine.connect() as conn:
        return {name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
                for name in inspect(conn).get_table_names() if name != "alembic_version"}
