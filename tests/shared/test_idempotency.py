"""Idempotency-Key on POST: same key and body replay the first response; another body is 422."""

from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor

from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from services.identification.main import create_app
from services.identification.models import Household
from tests.identification.register_data import household, member


def _households(ident) -> int:
    with ident.db.transaction() as s:
        return s.execute(select(func.count()).select_from(Household)).scalar_one()


def _post(ident, body: dict, key: str, **caller) -> object:
    return ident.client.post("/api/v1/households", json=body,
                             headers=ident.headers(**caller, **{"Idempotency-Key": key}))


def test_replay_returns_the_same_response_and_writes_once(ident):
    first = _post(ident, household(), "k-1")
    assert first.status_code == 201
    again = _post(ident, household(), "k-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert _households(ident) == 1


def test_same_key_other_body_is_422(ident):
    assert _post(ident, household(), "k-2").status_code == 201
    r = _post(ident, household([member(13)]), "k-2")
    assert r.status_code == 422
    assert r.json()["code"] == "idempotency_key_reused"
    assert r.headers["content-type"] == "application/problem+json"
    assert _households(ident) == 1


def test_same_key_other_path_is_422(ident):
    created = _post(ident, household(), "k-3").json()
    body = {"year": 2019, "wages": "1.00", "production_business": "0", "property_income": "0",
            "transfer_income": "0", "production_costs": "0"}
    r = ident.client.post(f"/api/v1/households/{created['id']}/incomes", json=body,
                          headers=ident.headers(**{"Idempotency-Key": "k-3"}))
    assert r.status_code == 422


def test_keys_belong_to_their_caller(ident):
    assert _post(ident, household(), "shared-key").status_code == 201
    other = _post(ident, household([member(13)]), "shared-key", role="county_official",
                  region="4418")
    assert other.status_code == 201
    assert _households(ident) == 2


def test_a_refusal_is_replayed_too(ident):
    bad = household(region="441882999999")
    first = _post(ident, bad, "k-4")
    assert first.status_code == 422
    again = _post(ident, bad, "k-4")
    assert (again.status_code, again.json()) == (422, first.json())
    assert again.headers["idempotent-replayed"] == "true"


def test_a_conflict_is_not_stored(ident):
    """A 409 may clear up, so the retry with the same key runs again."""
    assert _post(ident, household(), "k-5").status_code == 201
    clash = household([member(11)], address="另一处住址")
    assert _post(ident, clash, "k-6").status_code == 409
    r = _post(ident, clash, "k-6")
    assert r.status_code == 409
    assert "idempotent-replayed" not in r.headers


def test_key_too_long_is_400(ident):
    r = _post(ident, household(), "x" * 129)
    assert r.status_code == 400
    assert r.json()["code"] == "idempotency_key_invalid"
    assert _households(ident) == 0


def test_without_token_the_key_is_ignored_and_401_answers(ident):
    r = ident.client.post("/api/v1/households", json=household(), headers={"Idempotency-Key": "k-7"})
    assert r.status_code == 401


def test_bad_token_with_key_is_401(ident):
    r = ident.client.post("/api/v1/households", json=household(),
                          headers={"Idempotency-Key": "k-8", "Authorization": "Bearer nonsense"})
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"


def test_concurrent_retries_write_once(ident):
    def post(_: int) -> int:
        return _post(ident, household(), "k-9").status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(post, range(4)))
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}
    assert _households(ident) == 1


def _crashing_app(ident):
    """The identification app plus one keyed POST route that crashes once, then succeeds."""
    router = APIRouter()
    calls = {"n": 0}

    @router.post("/api/v1/crash-once", operation_id="crash_once")
    def crash_once() -> dict:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("first call fails")
        return {"n": calls["n"]}

    app = create_app(ident.settings)
    app.include_router(router)
    return TestClient(app, raise_server_exceptions=False)


def test_a_crash_frees_the_key_for_the_retry(ident):
    headers = ident.headers(**{"Idempotency-Key": "k-10"})
    with _crashing_app(ident) as client:
        assert client.post("/api/v1/crash-once", headers=headers).status_code == 500
        retry = client.post("/api/v1/crash-once", headers=headers)
        assert (retry.status_code, retry.json()) == (200, {"n": 2})
        assert client.post("/api/v1/crash-once", headers=headers).json() == {"n": 2}


def _keyed(ident, key: str, *, role: str = "county_official", region: str = "441882",
           scopes: list[str] | None = None, body: dict | None = None) -> object:
    token = ident.token(role, region, scopes, subject="cadre-7")
    return ident.client.post("/api/v1/households", json=body or household(),
                             headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key})


def test_a_replay_never_shows_more_than_the_token_now_may(ident):
    first = _keyed(ident, "k-11", scopes=["pii:read"])
    assert first.status_code == 201
    full_id = first.json()["members"][0]["id_number"]
    assert "*" not in full_id
    for narrower in ({"scopes": None}, {"region": "441882101", "scopes": ["pii:read"]},
                     {"region": "441881", "scopes": ["pii:read"]},
                     {"role": "helper", "scopes": ["pii:read"]}):
        r = _keyed(ident, "k-11", **narrower)
        assert r.status_code == 403, (narrower, r.text)
        assert r.json()["code"] == "idempotency_rights_changed"
        assert full_id not in r.text and full_id[-4:] not in r.text
        assert "idempotent-replayed" not in r.headers
    assert _households(ident) == 1
    same = _keyed(ident, "k-11", scopes=["pii:read"])
    assert (same.status_code, same.json()) == (201, first.json())
    wider = _keyed(ident, "k-11", region="4418", scopes=["pii:read", "audit:read"])
    assert (wider.status_code, wider.json()) == (201, first.json())


def test_a_replay_under_the_same_rights_and_a_fresh_token_still_works(ident):
    first = _keyed(ident, "k-12")
    again = _keyed(ident, "k-12")
    assert (again.status_code, again.json()) == (201, first.json())
    assert again.headers["idempotent-replayed"] == "true"


def test_a_response_stored_before_rights_were_kept_is_not_replayed(ident):
    first = _keyed(ident, "k-13")
    table, cipher = ident.app.state.infra.idempotency, ident.app.state.cipher
    legacy = base64.b64encode(cipher.encrypt(first.text, "idempotency.response_body")).decode()
    with ident.db.transaction() as s:
        s.execute(update(table).where(table.c.key == "k-13").values(response_body=legacy))
    r = _keyed(ident, "k-13")
    assert (r.status_code, r.json()["code"]) == (403, "idempotency_rights_changed")
