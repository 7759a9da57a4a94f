"""One commit point per request: commit on success, roll back everything on any error."""

from __future__ import annotations

import uuid

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from services.identification.models import IncomeRecord
from shared.errors import AppError, install_error_handlers
from shared.session import SessionDep
from shared.settings import DATA_DIR, ServiceSettings
from tests.identification.register_data import create


def _app(ident) -> TestClient:
    """A small app on the identification database whose routes write and then succeed or fail."""
    router = APIRouter()
    chain_head = ident.app.state.infra.chain_head

    def write(session) -> None:
        session.journal.audit(actor="t", action="t.write", entity_type="t", entity_id=1, after={"a": 1})
        session.execute(insert(ident.app.state.infra.idempotency).values(
            key="k", caller="c", method="POST", path="/", fingerprint="f", state="done",
            created_at=func.now()))

    @router.post("/ok")
    def ok(session: SessionDep) -> dict:
        write(session)
        return {"ok": True}

    @router.post("/refuse")
    def refuse(session: SessionDep) -> dict:
        write(session)
        session.flush()
        raise AppError(409, "refused", "refused", "拒绝")

    @router.post("/crash")
    def crash(session: SessionDep) -> dict:
        write(session)
        session.flush()
        raise RuntimeError("boom")

    @router.post("/bad-commit")
    def bad_commit(session: SessionDep) -> dict:
        # A duplicate primary key only fails at commit, after the handler returned.
        session.execute(insert(chain_head).values(id=1, audit_seq=0, audit_hash="x", event_position=0))
        return {"ok": True}

    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    app.state.db, app.state.settings = ident.db, ident.settings
    return TestClient(app, raise_server_exceptions=False)


def _written(ident) -> tuple[int, int]:
    infra = ident.app.state.infra
    with ident.db.transaction() as s:
        return (s.execute(select(func.count()).select_from(infra.audit)).scalar_one(),
                s.execute(select(func.count()).select_from(infra.idempotency)).scalar_one())


def test_success_commits_rows_and_audit_together(ident):
    r = _app(ident).post("/ok", headers=ident.headers())
    assert r.status_code == 200
    assert _written(ident) == (1, 1)


def test_app_error_after_writes_leaves_nothing(ident):
    r = _app(ident).post("/refuse", headers=ident.headers())
    assert r.status_code == 409
    assert _written(ident) == (0, 0)


def test_crash_after_writes_leaves_nothing(ident):
    r = _app(ident).post("/crash", headers=ident.headers())
    assert r.status_code == 500
    assert _written(ident) == (0, 0)


def test_failed_commit_reaches_the_caller(ident):
    r = _app(ident).post("/bad-commit", headers=ident.headers())
    assert r.status_code == 409
    assert r.json()["code"] == "conflict"


def test_staged_but_unflushed_change_is_not_committed_on_error(ident):
    """A refused member update must not be flushed by a commit on the way out."""
    created = create(ident)
    r = ident.client.patch(f"/api/v1/households/{created['id']}/members/{created['members'][0]['id']}",
                           json={"disability_grade": 3, "education": "college"},
                           headers=ident.headers(**{"If-Match": '"1"'}))
    assert r.status_code == 422
    after = ident.client.get(f"/api/v1/households/{created['id']}", headers=ident.headers()).json()
    assert (after["members"][0]["education"], after["version"]) == ("primary", 1)


def test_foreign_keys_are_enforced(ident):
    """SQLite needs a pragma for this; both databases must refuse an orphan row."""
    with pytest.raises(IntegrityError), ident.db.transaction() as s:
        s.add(IncomeRecord(household_id=uuid.uuid4(), year=2019, revision=1, wages=0, production_business=0,
                           property_income=0, transfer_income=0, production_costs=0, household_size=1,
                           recorded_by="t"))


def test_default_database_is_a_file_per_service():
    url = ServiceSettings(service_name="funds", database_url="").resolved_database_url()
    assert url == f"sqlite:///{DATA_DIR / 'funds.db'}"
