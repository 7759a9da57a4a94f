"""The read path's database sessions: pure reads cannot write, dead pooled connections are replaced."""

from __future__ import annotations

import asyncio
import time
import uuid

import jwt
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from services.identification.models import Household
from shared.auth import Caller, VerifiedTokens, verify_token
from shared.db import Database
from shared.session import ReadUnit
from tests.harness import BACKEND
from tests.identification.register_data import create

postgresql_only = pytest.mark.skipif(BACKEND != "postgresql", reason="a PostgreSQL server's connections")


def _url(ident) -> str:
    return ident.db.engine.url.render_as_string(hide_password=False)


def _backend_pid(db: Database) -> int:
    with db.transaction() as session:
        return session.execute(text("SELECT pg_backend_pid()")).scalar_one()


@postgresql_only
def test_a_pure_read_session_is_refused_writes_by_the_server(ident):
    """Reads run in autocommit; the server itself refuses a write slipped into one."""
    session = ident.db.read_session()
    try:
        assert session.execute(text("SHOW transaction_read_only")).scalar_one() == "on"
        with pytest.raises(DBAPIError, match="read-only transaction"):
            session.execute(text("CREATE TABLE read_path_probe (x int)"))
    finally:
        session.close()


@postgresql_only
def test_a_pooled_connection_killed_while_idle_is_replaced_at_checkout(ident):
    """A connection the server dropped while it sat in the pool is pinged, discarded and replaced."""
    db = Database(_url(ident), idle_before_ping=0.0)
    try:
        first = _backend_pid(db)
        with ident.db.engine.connect() as admin:
            assert admin.execute(select(func.pg_terminate_backend(first))).scalar_one()
        assert _backend_pid(db) != first
    finally:
        db.dispose()


@postgresql_only
def test_without_the_idle_ping_the_dead_connection_fails_and_the_pool_recovers(ident):
    """What the ping prevents: a killed connection fails its request, and the pool replaces it after."""
    db = Database(_url(ident), idle_before_ping=3600.0)
    try:
        first = _backend_pid(db)
        with ident.db.engine.connect() as admin:
            admin.execute(select(func.pg_terminate_backend(first)))
        with pytest.raises(DBAPIError) as failure:
            _backend_pid(db)
        assert failure.value.connection_invalidated
        assert _backend_pid(db) != first
    finally:
        db.dispose()


def test_a_get_reads_a_household_its_members_and_village_name_in_one_answer(ident):
    """The one-statement read returns what the per-relation loads did."""
    made = create(ident)
    body = ident.client.get(f"/api/v1/households/{made['id']}", headers=ident.headers()).json()
    assert body["region_name"] and body["members"]
    assert [m["id"] for m in body["members"]] == [m["id"] for m in made["members"]]


@postgresql_only
def test_a_masked_read_runs_in_the_event_loop_on_a_read_only_autocommit_connection(ident):
    """ReadUnit's event-loop path uses the async reader: the server refuses a write slipped into it."""
    unit = ReadUnit(ident.db, write=False)
    assert asyncio.run(unit.run(lambda s: s.execute(text("SHOW transaction_read_only")).scalar_one())) == "on"
    with pytest.raises(DBAPIError, match="read-only transaction"):
        asyncio.run(unit.run(lambda s: s.execute(text("CREATE TABLE read_path_probe (x int)"))))


def test_a_read_unit_sees_committed_rows_and_passes_the_handler_s_error_on(ident):
    """The event-loop read returns what fn read; what fn raises reaches the caller unchanged."""
    made = create(ident)
    unit = ReadUnit(ident.db, write=False)
    wanted = select(Household.household_no).where(Household.id == uuid.UUID(made["id"]))
    number = asyncio.run(unit.run(lambda s: s.execute(wanted).scalar_one()))
    assert number == made["household_no"]

    def refuse(_session: object) -> None:
        raise LookupError("refused")

    with pytest.raises(LookupError, match="refused"):
        asyncio.run(unit.run(refuse))


def test_an_audited_read_commits_its_audit_entry(ident):
    """A read that writes (an unmasked answer) runs on a writing session and commits what it journaled."""
    made = create(ident)
    headers = ident.headers(scopes=["pii:read"])
    assert ident.client.get(f"/api/v1/households/{made['id']}", headers=headers).status_code == 200
    with ident.db.transaction() as session:
        audit = session.infra.audit
        reads = session.execute(select(func.count()).select_from(audit).where(
            audit.c.action == "pii.read", audit.c.entity_id == made["id"])).scalar_one()
    assert reads == 1


def test_a_verified_token_is_remembered_only_until_it_expires():
    """The cache answers for a token verified before, never past its expiry, and never for another token."""
    tokens, caller = VerifiedTokens(), Caller("reader", frozenset({"county_official"}), "441882")
    tokens.put("a.b.c", caller, time.time() + 60)
    assert tokens.get("a.b.c") is caller
    assert tokens.get("a.b.d") is None
    tokens.put("e.f.g", caller, time.time() - 1)  # its exp (with the leeway) has passed
    assert tokens.get("e.f.g") is None


def test_the_token_cache_is_bounded_and_rechecks_after_its_time():
    """The oldest entry goes when the cache is full; with no time to keep, every token is verified again."""
    caller = Caller("reader", frozenset(), "441882")
    bounded = VerifiedTokens(size=2)
    for token in ("t1", "t2", "t3"):
        bounded.put(token, caller, time.time() + 60)
    assert bounded.get("t1") is None and bounded.get("t3") is caller
    never = VerifiedTokens(seconds=0.0)
    never.put("t1", caller, time.time() + 60)
    assert never.get("t1") is None


def test_a_token_is_accepted_until_its_expiry_plus_the_leeway(ident):
    """verify_token states when the token stops being accepted: exp plus the clock-skew leeway."""
    token = ident.token()
    claims = jwt.decode(token, options={"verify_signature": False})
    caller, until = verify_token(token, ident.settings)
    assert caller.subject == claims["sub"] and until == claims["exp"] + 10

