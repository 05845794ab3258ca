"""Organisations, users, passwords, API tokens, sign-in sessions and login attempts.

Passwords are hashed with argon2id (``argon2-cffi``, a memory-hard KDF); API tokens and
session ids are random 256-bit values of which only the SHA-256 digest is stored, so a
copy of the database reveals neither. Everything raises :class:`~som_xl.errors.InputError`
with a Danish message for wrong input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
from dataclasses import dataclass

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from som_xl.errors import InputError, Problem
from som_xl.experience.engine import Busy, run_read, run_write
from som_xl.experience.model import MAX_SHORT, utcnow
from som_xl.experience.model_web import (
    MAX_EMAIL,
    ApiTokenRow,
    LoginAttemptRow,
    OrganisationRow,
    UserRow,
    WebSessionRow,
)
from som_xl.vocabulary.accounts import ORGANISATION_TYPES, ROLES
from som_xl.vocabulary.lookup import choices_text, code_for

_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
MIN_PASSWORD = 10
HASH_LANES = 1
"""argon2 verifications at once in one process: each takes 64 MiB for a fraction of a
second, so a burst of sign-ins waits here instead of taking gigabytes (the web site
queues them without holding threads, :func:`som_xl.web.pages_account.authenticate_limited`)."""
HASH_WAIT_S = 15.0
_HASHING = threading.BoundedSemaphore(HASH_LANES)
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Organisation:
    id: int
    name: str
    org_type: str

    @property
    def org_type_label(self) -> str:
        return ORGANISATION_TYPES.get(self.org_type, self.org_type)


@dataclass(frozen=True)
class User:
    """A signed-in person (or machine client) and the organisation they act for."""

    id: int
    email: str
    name: str | None
    role: str
    organisation: Organisation
    active: bool = True

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    def has_role(self, role: str) -> bool:
        """Whether this user may act as ``role`` (an admin may do what an editor may)."""
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK[role]


@dataclass(frozen=True)
class TokenInfo:
    """An API token as listed (the secret itself is never stored)."""

    id: int
    label: str | None
    created_at: dt.datetime
    expires_at: dt.datetime | None


def digest(secret: str) -> str:
    """The SHA-256 hex digest stored in place of a token or session id."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _hasher():
    from argon2 import PasswordHasher  # lazy: argon2 comes with the [web] extra

    return PasswordHasher()


def _problem(field: str, message: str) -> InputError:
    return InputError([Problem("bad-account", f"felt {field}", message)])


def normalise_email(email: str) -> str:
    """``email`` trimmed and lowercased; a Danish :class:`InputError` if it is not one."""
    value = (email or "").strip().lower()
    if len(value) > MAX_EMAIL or not _EMAIL.match(value):
        raise _problem("email", f"'{email}' er ikke en gyldig e-mailadresse (fx navn@kommune.dk).")
    return value


_USER_COLUMNS = (UserRow.id, UserRow.email, UserRow.name, UserRow.role, UserRow.active,
                 OrganisationRow.id.label("org_id"), OrganisationRow.name.label("org_name"),
                 OrganisationRow.org_type)


def _user(row) -> User:
    return User(row.id, row.email, row.name, row.role,
                Organisation(row.org_id, row.org_name, row.org_type), bool(row.active))


def _organisation_fields(name: str, org_type: str) -> tuple[str, str]:
    clean = (name or "").strip()
    if not clean or len(clean) > MAX_SHORT:
        raise _problem("org", f"organisationens navn skal udfyldes (højst {MAX_SHORT} tegn).")
    code = code_for(org_type, ORGANISATION_TYPES)
    if code is None:
        raise _problem("org-type", f"'{org_type}' er ikke tilladt; tilladt er: "
                                   f"{choices_text(ORGANISATION_TYPES)}.")
    return clean, code


def _ensure_organisation(conn: Connection, name: str, code: str) -> Organisation:
    row = conn.execute(select(OrganisationRow.id, OrganisationRow.name, OrganisationRow.org_type)
                       .where(OrganisationRow.name == name)).first()
    if row is not None:
        return Organisation(*row)
    new_id = conn.execute(insert(OrganisationRow).values(name=name, org_type=code, created_at=utcnow())
                          .returning(OrganisationRow.id)).scalar_one()
    return Organisation(new_id, name, code)


class Accounts:
    """Account operations on one :class:`~som_xl.experience.db.ExperienceDB`."""

    def __init__(self, db) -> None:
        self.engine = db.engine

    # -- organisations and users ------------------------------------------------------
    def ensure_organisation(self, name: str, org_type: str) -> Organisation:
        """The organisation called ``name``, created with ``org_type`` if it is new."""
        clean, code = _organisation_fields(name, org_type)
        return run_write(self.engine, lambda conn: _ensure_organisation(conn, clean, code))

    def add_user(self, email: str, *, organisation: str, org_type: str, role: str,
                 password: str | None = None, name: str | None = None) -> User:
        """Create a user in ``organisation`` (created if new) with ``role``, in one transaction.

        Without a password the user cannot sign in on the site (a machine client that
        only uses API tokens).
        """
        address = normalise_email(email)
        code = code_for(role, ROLES)
        if code is None:
            raise _problem("role", f"'{role}' er ikke tilladt; tilladt er: {choices_text(ROLES)}.")
        org_name, org_code = _organisation_fields(organisation, org_type)
        hashed = self.hash_password(password) if password is not None else None

        def work(conn: Connection) -> int:
            if conn.execute(select(UserRow.id).where(UserRow.email == address)).first():
                raise _problem("email", f"der findes allerede en bruger med e-mail {address}.")
            org = _ensure_organisation(conn, org_name, org_code)
            return conn.execute(insert(UserRow).values(
                email=address, name=(name or "").strip() or None, organisation_id=org.id,
                role=code, password_hash=hashed, active=True, created_at=utcnow())
                .returning(UserRow.id)).scalar_one()

        user = self.user(run_write(self.engine, work))
        assert user is not None  # just written in its own committed transaction
        return user

    def hash_password(self, password: str) -> str:
        if len(password or "") < MIN_PASSWORD:
            raise _problem("password", f"adgangskoden skal have mindst {MIN_PASSWORD} tegn.")
        return _hasher().hash(password)

    def _select_user(self):
        return select(*_USER_COLUMNS).join(OrganisationRow, OrganisationRow.id == UserRow.organisation_id)

    def user(self, user_id: int) -> User | None:
        stmt = self._select_user().where(UserRow.id == user_id)
        row = run_read(self.engine, lambda conn: conn.execute(stmt).first())
        return _user(row) if row is not None else None

    def user_by_email(self, email: str) -> User | None:
        stmt = self._select_user().where(UserRow.email == (email or "").strip().lower())
        row = run_read(self.engine, lambda conn: conn.execute(stmt).first())
        return _user(row) if row is not None else None

    def users(self) -> list[User]:
        stmt = self._select_user().order_by(OrganisationRow.name, UserRow.email)
        return [_user(r) for r in run_read(self.engine, lambda conn: conn.execute(stmt).all())]

    def organisations(self) -> list[Organisation]:
        stmt = select(OrganisationRow.id, OrganisationRow.name, OrganisationRow.org_type
                      ).order_by(OrganisationRow.name)
        return [Organisation(*r) for r in run_read(self.engine, lambda conn: conn.execute(stmt).all())]

    def authenticate(self, email: str, password: str) -> User | None:
        """The active user with this e-mail and password, else ``None`` (same time either way)."""
        from argon2.exceptions import InvalidHashError, VerificationError  # lazy: the [web] extra's

        stmt = select(UserRow.id, UserRow.password_hash, UserRow.active).where(
            UserRow.email == (email or "").strip().lower())
        row = run_read(self.engine, lambda conn: conn.execute(stmt).first())
        # A dummy hash for unknown users keeps the answer time the same (no user probing).
        stored = row.password_hash if row is not None and row.password_hash else _dummy_hash()
        if not _HASHING.acquire(timeout=HASH_WAIT_S):
            raise Busy("Der er mange forsøg på at logge ind lige nu; prøv igen om lidt.")
        try:
            _hasher().verify(stored, password or "")
        except (VerificationError, InvalidHashError):
            return None
        finally:
            _HASHING.release()
        if row is None or not row.active or not row.password_hash:
            return None
        return self.user(row.id)

    # -- API tokens -------------------------------------------------------------------
    def create_token(self, email: str, label: str | None = None,
                     lifetime: dt.timedelta | None = None, scope: str | None = None) -> tuple[str, User]:
        """A new API token for the user (returned once; only its digest is stored).

        ``lifetime`` None: valid until revoked (a machine's token); else it expires then
        (the add-in's sign-in). Expired tokens are deleted when a new one is made.
        ``scope`` None: the token may do what its account may; else only what the web
        site grants that scope (the add-in's sign-in: read and submit).
        """
        user = self.user_by_email(email)
        if user is None:
            raise _problem("email", f"der er ingen bruger med e-mail {email}.")
        token = "somxl_" + secrets.token_urlsafe(32)
        now = utcnow()

        def work(conn: Connection) -> None:
            conn.execute(delete(ApiTokenRow).where(ApiTokenRow.expires_at < now))
            conn.execute(insert(ApiTokenRow).values(
                user_id=user.id, token_hash=digest(token), label=label, created_at=now, revoked=False,
                expires_at=now + lifetime if lifetime is not None else None, scope=scope))

        run_write(self.engine, work)
        return token, user

    def _active_user(self, stmt) -> User | None:
        """The active user ``stmt`` (a :meth:`_select_user` with a join) finds, read in one query."""
        row = run_read(self.engine, lambda conn: conn.execute(stmt.where(UserRow.active.is_(True))).first())
        return _user(row) if row is not None else None

    def user_for_token(self, token: str) -> User | None:
        """The active user of a token that is neither revoked nor expired, else ``None``."""
        return self._active_user(self._select_user().join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
                                 .where(ApiTokenRow.token_hash == digest(token), _live_token()))

    def token_login(self, token: str) -> tuple[User, str | None] | None:
        """The active user of a live token and the token's scope (``None``: unscoped)."""
        stmt = (self._select_user().add_columns(ApiTokenRow.scope)
                .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
                .where(ApiTokenRow.token_hash == digest(token), _live_token(), UserRow.active.is_(True)))
        row = run_read(self.engine, lambda conn: conn.execute(stmt).first())
        return (_user(row), row.scope) if row is not None else None

    def tokens(self, email: str) -> list[TokenInfo]:
        """The user's tokens that still work, oldest first (never the secrets)."""
        stmt = (select(ApiTokenRow.id, ApiTokenRow.label, ApiTokenRow.created_at, ApiTokenRow.expires_at)
                .join(UserRow, UserRow.id == ApiTokenRow.user_id)
                .where(UserRow.email == (email or "").strip().lower(), _live_token())
                .order_by(ApiTokenRow.id))
        return [TokenInfo(*row) for row in run_read(self.engine, lambda conn: conn.execute(stmt).all())]

    def revoke_token(self, token: str) -> bool:
        """Revoke the token with this secret (signing out); whether it was valid."""
        return self._revoke(ApiTokenRow.token_hash == digest(token)) > 0

    def revoke_tokens(self, email: str, token_id: int | None = None) -> int:
        """Revoke one of the user's tokens (``token_id``) or all of them; how many."""
        user = self.user_by_email(email)
        if user is None:
            raise _problem("email", f"der er ingen bruger med e-mail {email}.")
        where = ApiTokenRow.user_id == user.id
        return self._revoke(and_(where, ApiTokenRow.id == token_id) if token_id is not None else where)

    def _revoke(self, where) -> int:
        stmt = update(ApiTokenRow).where(where, ApiTokenRow.revoked.is_(False)).values(revoked=True)
        return run_write(self.engine, lambda conn: conn.execute(stmt).rowcount)

    # -- sessions -----------------------------------------------------------------------
    def create_session(self, user_id: int, lifetime: dt.timedelta) -> str:
        """A new sign-in session; returns its id (the cookie holds it, signed)."""
        session_id = secrets.token_urlsafe(32)
        now = utcnow()

        def work(conn: Connection) -> None:
            conn.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < now))
            conn.execute(insert(WebSessionRow).values(id_hash=digest(session_id), user_id=user_id,
                                                      created_at=now, expires_at=now + lifetime))

        run_write(self.engine, work)
        return session_id

    def user_for_session(self, session_id: str) -> User | None:
        """The active user of a session that has not expired, else ``None``."""
        return self._active_user(self._select_user().join(WebSessionRow, WebSessionRow.user_id == UserRow.id)
                                 .where(WebSessionRow.id_hash == digest(session_id),
                                        WebSessionRow.expires_at > utcnow()))

    def end_session(self, session_id: str) -> None:
        run_write(self.engine, lambda conn: conn.execute(
            delete(WebSessionRow).where(WebSessionRow.id_hash == digest(session_id))))

    # -- login rate limiting -------------------------------------------------------------
    def reserve_login(self, account: str, client: str, limits: LoginLimits) -> list[int] | None:
        """Count this sign-in attempt before the password is hashed, atomically.

        In one write transaction, under a lock per key (PostgreSQL advisory locks; SQLite
        writes one at a time), the attempts of the window are counted and, within the
        limits, one row per key is added: the account and client together, the client,
        and the account. Returns the rows' ids (:meth:`release_login` removes them when
        the password was right), or ``None`` when a limit is reached (no hash then).
        Concurrent attempts therefore never get past a limit, in any number of workers.
        """
        name = (account or "").strip().lower()[:254]
        keys = {"pair": f"pair:{name}|{client}"[:300], "client": f"ip:{client}"[:300], "account": f"email:{name}"}
        now = utcnow()

        def work(conn: Connection) -> list[int] | None:
            lock_keys(conn, sorted(keys.values()))
            conn.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < now - limits.window))
            counts = dict(conn.execute(select(LoginAttemptRow.key, func.count())
                                       .where(LoginAttemptRow.key.in_(keys.values()))
                                       .group_by(LoginAttemptRow.key)).all())
            n = {kind: int(counts.get(key, 0)) for kind, key in keys.items()}
            if n["client"] >= limits.per_client or n["pair"] >= limits.per_pair or (
                    n["account"] >= limits.per_account and n["pair"] > 0):
                return None
            return [conn.execute(insert(LoginAttemptRow).values(key=key, at=now).returning(LoginAttemptRow.id))
                    .scalar_one() for key in keys.values()]

        return run_write(self.engine, work)

    def release_login(self, reserved: list[int]) -> None:
        """Forget a reserved attempt (the password was right: it is no failure)."""
        run_write(self.engine, lambda conn: conn.execute(delete(LoginAttemptRow)
                                                         .where(LoginAttemptRow.id.in_(reserved))))

    def failed_logins(self, keys: list[str], window: dt.timedelta) -> dict[str, int]:
        """How many failed sign-ins each key had within ``window`` (all workers counted)."""
        since = utcnow() - window
        stmt = (select(LoginAttemptRow.key, func.count()).where(LoginAttemptRow.key.in_(keys),
                                                                LoginAttemptRow.at >= since)
                .group_by(LoginAttemptRow.key))
        counts = dict(run_read(self.engine, lambda conn: conn.execute(stmt).all()))
        return {k: int(counts.get(k, 0)) for k in keys}

    def record_failed_login(self, keys: list[str], window: dt.timedelta) -> None:
        now = utcnow()

        def work(conn: Connection) -> None:
            conn.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < now - window))
            for key in keys:
                conn.execute(insert(LoginAttemptRow).values(key=key[:300], at=now))

        run_write(self.engine, work)


@dataclass(frozen=True)
class LoginLimits:
    """How many sign-in attempts :meth:`Accounts.reserve_login` allows within ``window``.

    ``per_pair``: failures of one account from one client; ``per_client``: attempts from
    one client, any account; ``per_account``: failures of one account from all clients,
    past which only a client that has not failed for it may try (so others cannot lock
    the real user out, and a botnet gets one try per address)."""

    window: dt.timedelta
    per_pair: int = 5
    per_client: int = 30
    per_account: int = 50


def lock_keys(conn: Connection, keys: list[str]) -> None:
    """Serialise transactions that use any of ``keys`` until this one ends.

    PostgreSQL: a transaction-scoped advisory lock per key (taken in the given order, so
    two transactions never wait for each other in a circle); SQLite needs none, its
    write transactions (``BEGIN IMMEDIATE``) already run one at a time."""
    if conn.dialect.name != "postgresql":
        return
    for key in keys:
        number = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big", signed=True)
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({number})")


def _live_token():
    """The condition of a token that still works: not revoked, and no expiry or one still ahead."""
    return and_(ApiTokenRow.revoked.is_(False),
                or_(ApiTokenRow.expires_at.is_(None), ApiTokenRow.expires_at > utcnow()))


_DUMMY: list[str] = []
_DUMMY_LOCK = threading.Lock()


def _dummy_hash() -> str:
    """A hash to verify unknown users against, made once per process (under a lock: a burst
    of sign-ins for unknown e-mails made one each, 64 MiB apiece, all at once)."""
    with _DUMMY_LOCK:
        if not _DUMMY:
            _DUMMY.append(_hasher().hash(secrets.token_hex(16)))
    return _DUMMY[0]
