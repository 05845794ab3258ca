"""The erfaringsdatabase on a server: the same methods as :class:`ExperienceDB` (search,
get, require, add, set_status, count), spoken over the site's JSON API.

Used by ``som-xl experience … --server URL`` and by the workbook's Søg erfaringer / Del
beregning when a server is configured. Standard library only (``urllib``), so Excel
users need nothing beyond som-xl itself. Which database is used:

1. ``--server URL`` (the CLI) or ``$SOM_XL_EXPERIENCE_SERVER``;
2. ``[experience] server = "https://…"`` in the user's ``config.toml``
   (``platformdirs.user_config_dir("som-xl")``, shown by ``som-xl experience where``);
3. otherwise the local database (``--db``, ``$SOM_XL_EXPERIENCE_DB`` or the per-user file).

The token comes from ``$SOM_XL_EXPERIENCE_TOKEN`` or ``token = "…"`` in the same file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import platformdirs

from som_xl.errors import InputError, Problem, SomError
from som_xl.experience.benchmark import Benchmark
from som_xl.experience.db import open_db
from som_xl.experience.record import Record
from som_xl.experience.validate import whole_number
from som_xl.vocabulary.review import DEFAULT_RECORD_ORIGIN

ENV_SERVER = "SOM_XL_EXPERIENCE_SERVER"
ENV_TOKEN = "SOM_XL_EXPERIENCE_TOKEN"
TIMEOUT_S = 30


def config_path() -> Path:
    """The user's som-xl config file (``config.toml``)."""
    return Path(platformdirs.user_config_dir("som-xl", appauthor=False)) / "config.toml"


def _config() -> dict[str, Any]:
    path = config_path()
    if not path.is_file():
        return {}
    try:
        section = tomllib.loads(path.read_text("utf-8")).get("experience", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SomError(f"Indstillingsfilen {path} kan ikke læses: {exc}") from None
    return section if isinstance(section, dict) else {}


def server_settings(server: str | None = None) -> tuple[str, str | None] | None:
    """(server URL, token) when a server is given or configured, else ``None``."""
    section: dict[str, Any] | None = None
    url = server or os.environ.get(ENV_SERVER)
    if not url:
        section = _config()
        url = section.get("server")
    if not url:
        return None
    token = os.environ.get(ENV_TOKEN)
    if not token:
        section = _config() if section is None else section
        token = section.get("token")
    if not str(url).startswith(("http://", "https://")):
        raise SomError(f"'{url}' er ikke en serveradresse; den skal begynde med https:// (eller "
                       "http:// på denne maskine).")
    return str(url).rstrip("/"), token


def _parse_time(value: Any) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return dt.datetime.now(dt.UTC)


def record_from_api(data: dict[str, Any]) -> Record:
    """A :class:`Record` from the API's JSON (a list entry or a full record)."""
    key_results = data.get("key_results")
    if key_results is None and isinstance(data.get("npv"), dict):
        key_results = {"npv": data["npv"]}
    knowledge = data.get("knowledge") or {}
    case = data.get("case")
    return Record(
        id=int(data["id"]), uid=str(data.get("uid") or ""), title=data.get("title") or "",
        summary=data.get("summary") or "", target_group=data.get("target_group") or "",
        material_type=data.get("material_type") or "", actor_type=data.get("actor_type") or "",
        actor_name=data.get("actor_name") or "", contact=data.get("contact"), year=data.get("year"),
        key_results=key_results, case_json=json.dumps(case, ensure_ascii=False) if case else None,
        knowledge_name=knowledge.get("name"), knowledge_version=knowledge.get("version"),
        knowledge_hash=knowledge.get("hash"), review_status=data.get("review_status") or "",
        created_at=_parse_time(data.get("created_at")), updated_at=_parse_time(data.get("updated_at")),
        has_case=bool(data.get("has_case")), status_reason=data.get("status_reason"),
        origin=data.get("origin") or DEFAULT_RECORD_ORIGIN)


class RemoteExperience:
    """A client of one erfaringsdatabase site (``https://…``), with an optional token."""

    def __init__(self, url: str, token: str | None = None, *, timeout: float = TIMEOUT_S) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        """Seconds each request may take (the workbook's "Andre kommuner" waits less)."""

    def __enter__(self) -> RemoteExperience:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release (each call is its own HTTP request)."""

    @property
    def where(self) -> str:
        return f"serveren {self.url}"

    # -- HTTP -----------------------------------------------------------------------------
    def _request(self, method: str, path: str, body: dict | None = None,
                 headers: dict[str, str] | None = None) -> tuple[int, Any]:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (http(s) only)
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, self._error_body(exc)
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SomError(f"Kan ikke nå erfaringsdatabasen på {self.url}: {reason}") from None

    @staticmethod
    def _error_body(exc: urllib.error.HTTPError) -> Any:
        try:
            return json.loads(exc.read() or b"null")
        except ValueError:
            return None

    def _check(self, status: int, body: Any, what: str) -> Any:
        if status < 400:
            return body
        detail = body.get("detail") if isinstance(body, dict) else None
        problems = body.get("problems") if isinstance(body, dict) else None
        if problems:
            raise InputError([Problem(p.get("type", "server"), p.get("location", ""), p.get("message", ""))
                              for p in problems])
        if status in (401, 403):
            hint = (" Lav et token med 'som-xl experience token create EMAIL' på serveren, og sæt "
                    f"{ENV_TOKEN}." if status == 401 else "")
            text = (detail or "ingen adgang").rstrip(".")
            raise InputError([Problem("forbidden", self.url, f"{text}.{hint}")])
        if status == 404:
            raise InputError([Problem("not-found", what, detail or "findes ikke på serveren.")])
        raise SomError(f"Erfaringsdatabasen på {self.url} svarede {status}: {detail or 'fejl'}")

    # -- the repository's methods ------------------------------------------------------------
    def search(self, text: str | None = None, target_group: str | None = None,
               material_type: str | None = None, actor_type: str | None = None,
               year: int | None = None, limit: int = 50) -> list[Record]:
        """Like :meth:`ExperienceDB.search`: what the server lets this token see."""
        params = {"q": text, "target_group": target_group, "material_type": material_type,
                  "actor_type": actor_type, "year": year}
        found: list[Record] = []
        page = 1
        while len(found) < limit:
            query = urllib.parse.urlencode({k: v for k, v in {**params, "page": page}.items() if v not in (None, "")})
            body = self._check(*self._request("GET", f"/api/v1/records?{query}"), "søgning")
            found += [record_from_api(r) for r in body["records"]]
            if page >= body.get("pages", 1) or not body["records"]:
                break
            page += 1
        return found[:max(1, int(limit))]

    def get(self, key: int | str) -> Record | None:
        number = whole_number(str(key))
        if number is None:
            raise InputError([Problem("bad-id", "id", f"'{key}' er ikke et post-nummer (fx 12).")])
        status, body = self._request("GET", f"/api/v1/records/{number}")
        if status == 404:
            return None
        return record_from_api(self._check(status, body, f"post {key}"))

    def require(self, key: int | str) -> Record:
        record = self.get(key)
        if record is None:
            raise InputError([Problem("not-found", "id", f"der er ingen post med id '{key}', som du kan se "
                                                         f"på {self.url}.")])
        return record

    def add(self, record: dict[str, Any], *, idempotency_key: str | None = None) -> Record:
        """Submit ``record`` (status indsendt); a case file goes along as an object."""
        body = {k: v for k, v in record.items() if k in (
            "title", "summary", "target_group", "material_type", "contact", "year", "key_results")
            and v not in (None, "")}
        if isinstance(body.get("year"), str) and whole_number(body["year"]) is not None:
            body["year"] = whole_number(body["year"])
        if record.get("case_json"):
            case = record["case_json"]
            body["case"] = json.loads(case) if isinstance(case, str) else case
            body.pop("key_results", None)  # the server computes them from the case
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        created = self._check(*self._request("POST", "/api/v1/records", body, headers), "ny post")
        return self.require(created["id"])

    def set_status(self, key: int | str, status: str, reason: str | None = None) -> Record:
        body = {"status": status, "reason": reason}
        self._check(*self._request("POST", f"/api/v1/records/{int(str(key).strip())}/status", body),
                    f"post {key}")
        return self.require(key)

    def count(self) -> int:
        return int(self._check(*self._request("GET", "/api/v1/records"), "søgning")["total"])

    def benchmark(self, target_group: str, outcome: str | None = None, *, catalogue=None) -> Benchmark:
        """Like :meth:`ExperienceDB.benchmark`: the site's figures (``GET /api/v1/benchmarks``);
        the site checks the ids against its own knowledge package (``catalogue`` is unused)."""
        params = {k: v for k, v in (("target_group", target_group), ("outcome", outcome)) if v}
        body = self._check(*self._request("GET", "/api/v1/benchmarks?" + urllib.parse.urlencode(params)),
                           "andre kommuners tal")
        return Benchmark.from_dict(body, self.where)


def open_experience(db: str | None = None, server: str | None = None):
    """The server when one is given or configured (and no ``db``), else the local database."""
    if not db:
        found = server_settings(server)
        if found is not None:
            return RemoteExperience(*found)
    return open_db(db)
