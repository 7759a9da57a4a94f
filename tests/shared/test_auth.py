"""JWT bearer auth: valid tokens only, permissions by role and scope, a region-code scope."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from shared.auth import PII_READ, Caller, decode_token, mint_token, permissions_for
from shared.errors import AppError
from shared.settings import ServiceSettings
from shared.types import utcnow

SETTINGS = ServiceSettings(environment="test")


def _claims(**override) -> dict:
    now = utcnow()
    return {"sub": "u1", "roles": ["county_official"], "region": "441882", "iss": SETTINGS.jwt_issuer,
            "aud": SETTINGS.jwt_audience, "iat": now, "exp": now + timedelta(hours=1), **override}


def _sign(claims: dict, secret: str = SETTINGS.jwt_secret, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, secret, algorithm=algorithm)


def _refused(token: str) -> AppError:
    with pytest.raises(AppError) as caught:
        decode_token(token, SETTINGS)
    assert caught.value.status == 401
    return caught.value


def test_valid_token_builds_the_caller():
    caller = decode_token(_sign(_claims(scope="pii:read made:up")), SETTINGS)
    assert caller.subject == "u1"
    assert caller.region == "441882"
    assert caller.roles == frozenset({"county_official"})
    assert caller.has("identification:write")
    assert caller.has(PII_READ)
    assert not caller.has("made:up")
    assert not caller.has("audit:read")


def test_expired_token_is_refused():
    error = _refused(_sign(_claims(exp=utcnow() - timedelta(minutes=1))))
    assert error.message == "The token has expired"
    assert error.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("claims", [
    _claims(aud="someone-else"), _claims(iss="someone-else"),
])
def test_foreign_audience_or_issuer_is_refused(claims):
    _refused(_sign(claims))


def test_wrong_secret_is_refused():
    _refused(_sign(_claims(), secret="x" * 48))


def test_unsigned_token_is_refused():
    _refused(jwt.encode(_claims(), None, algorithm="none"))


@pytest.mark.parametrize("missing", ["sub", "exp", "region"])
def test_required_claims(missing):
    claims = _claims()
    del claims[missing]
    _refused(_sign(claims))


@pytest.mark.parametrize("region", ["4", "441", "44188210020", "abcdef", "4418820000001", ""])
def test_region_must_be_a_region_code(region):
    _refused(_sign(_claims(region=region)))


@pytest.mark.parametrize("roles", [5, "admin", {"admin": True}])
def test_roles_must_be_a_list(roles):
    _refused(_sign(_claims(roles=roles)))


def test_unknown_role_grants_nothing():
    caller = decode_token(_sign(_claims(roles=["overlord"])), SETTINGS)
    assert caller.permissions == frozenset()


def test_role_permissions():
    assert "funds:write" not in permissions_for({"village_cadre"}, set())
    assert "audit:read" in permissions_for({"inspector"}, set())
    assert "identification:write" not in permissions_for({"inspector"}, set())
    assert permissions_for({"service"}, {"identification:read"}) == frozenset({"identification:read"})


def test_contacts_read_is_narrower_than_pii_read_and_never_reaches_masked_roles():
    assert permissions_for({"service"}, {"contacts:read"}) == frozenset({"contacts:read"})
    assert "pii:read" not in permissions_for({"county_official"}, {"contacts:read"})
    assert {"pii:read", "contacts:read"} <= permissions_for({"county_official"}, {"pii:read"})
    for role in ("inspector", "evaluator"):
        assert not {"pii:read", "contacts:read"} & permissions_for({role}, {"pii:read", "contacts:read"})


@pytest.mark.parametrize(("scope", "region", "seen"), [
    ("44", "441882100201", True), ("441882", "441882100201", True),
    ("441882100", "441882100201", True), ("441882100", "441882101201", False),
    ("441882", "441881000000", False), ("441882100201", "441882100201", True), ("44", None, False),
])
def test_can_see(scope, region, seen):
    assert Caller("u", frozenset(), scope).can_see(region) is seen


@pytest.mark.parametrize(("scope", "asked", "result"), [
    ("441882", None, "441882"), ("441882", "44", "441882"), ("441882", "441882101", "441882101"),
    ("441882", "441881", None), ("441882100", "441882101", None), ("44", "4418", "4418"),
])
def test_narrow(scope, asked, result):
    assert Caller("u", frozenset(), scope).narrow(asked) == result


def test_http_without_token_is_401(ident):
    r = ident.client.get("/api/v1/households")
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["code"] == "unauthorized"


def test_http_other_scheme_is_401(ident):
    r = ident.client.get("/api/v1/households", headers={"Authorization": "Basic dXNlcjpwdw=="})
    assert r.status_code == 401


def test_http_expired_token_is_401(ident):
    token = mint_token(ident.settings, subject="u", roles=["admin"], region="44", ttl=timedelta(seconds=-60))
    r = ident.client.get("/api/v1/households", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401


def test_http_missing_permission_is_403(ident):
    r = ident.client.post("/api/v1/households", json={}, headers=ident.headers("helper"))
    assert r.status_code == 403
    assert r.json()["code"] == "forbidden"


def test_service_account_scopes(ident):
    reader = ident.headers("service", "44", scopes=["identification:read"])
    assert ident.client.get("/api/v1/households", headers=reader).status_code == 200
    assert ident.client.post("/api/v1/households", json={}, headers=reader).status_code == 403
