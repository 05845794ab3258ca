"""Fixtures: the demo workbook as a macro-free .xlsx, and a minimal FastAPI app mounting
the add-in router (the erfaringsdatabase site mounts the same router; until it lands, its
accounts are stood in for by a bearer-token dependency here, with the same 401/403 shape)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOKENS = {"tok-laeser": {"name": "Læser", "roles": ["laeser"]},
          "tok-bidrag": {"name": "Bidragyder", "roles": ["laeser", "bidragyder"]}}


@pytest.fixture(scope="session")
def knowledge():
    from som_xl.knowledge import load_knowledge

    return load_knowledge()


@pytest.fixture(scope="session")
def xlsx_dir(tmp_path_factory, knowledge):
    """``Sag.xlsx`` (the demo case, computed by som-xl's headless recalc) and ``Tom.xlsx``."""
    from som_xl.case import parse_case, read_case_file
    from som_xl.workbook.files import new_workbook

    d = tmp_path_factory.mktemp("addin")
    new_workbook(d / "Sag.xlsx", ROOT / "examples" / "housing_first.json", knowledge=knowledge)
    new_workbook(d / "Tom.xlsx", knowledge=knowledge)
    assert parse_case(read_case_file(ROOT / "examples" / "housing_first.json"))
    return d


@pytest.fixture
def sag(xlsx_dir, tmp_path):
    """A fresh copy of the demo workbook."""
    return Path(shutil.copy(xlsx_dir / "Sag.xlsx", tmp_path / "Sag.xlsx"))


def _user(required: str):
    from fastapi import Header, HTTPException

    def dependency(authorization: str = Header(default="")):
        user = TOKENS.get(authorization.removeprefix("Bearer ").strip())
        if user is None:
            raise HTTPException(401, "Log ind først.")
        if required not in user["roles"]:
            raise HTTPException(403, "Din konto må ikke det.")
        return user

    return dependency


def make_app(tmp_path, **overrides):
    """A FastAPI app with the add-in router and a test token endpoint."""
    from contextlib import contextmanager
    from urllib.parse import parse_qs

    from fastapi import FastAPI, HTTPException, Request

    from som_xl.addin import AddinConfig, addin_router
    from som_xl.experience import open_db

    db_url = f"sqlite:///{tmp_path / 'erfaringer.sqlite'}"

    @contextmanager
    def db():
        with open_db(db_url) as conn:
            yield conn

    config = AddinConfig(public_url="https://som.example.dk", xlwings_license_key="noncommercial",
                         token_url="/test/token", user_for_search=_user("laeser"),
                         user_for_share=_user("bidragyder"), open_db=db)
    for key, value in overrides.items():
        setattr(config, key, value)
    app = FastAPI()
    app.include_router(addin_router(config))

    @app.post("/test/token")
    async def token(request: Request):
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        username, password = form.get("username", ""), form.get("password", "")
        if password != "hemmelig" or f"tok-{username}" not in TOKENS:
            raise HTTPException(401, "Forkert brugernavn eller adgangskode.")
        return {"access_token": f"tok-{username}", "token_type": "bearer"}

    app.state.db = db
    return app


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    return TestClient(app)
