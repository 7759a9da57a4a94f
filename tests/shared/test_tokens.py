"""Production tokens: RS256/ES256 by the provider's JWKS, strict claims, services' own least-scope tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from shared.auth import decode_token, mint_token
from shared.client import ClientCredentialsTokens, LocalServiceTokens, ServiceClient, service_tokens
from shared.errors import AppError
from shared.jwks import JwksKeys, KeysStale
from shared.settings import ServiceSettings
from shared.types import utcnow
from tests.shared.identity_provider import ISSUER, claims, ec_key, identity_provider, rsa_key

AUDIENCE = "gd-poverty-identification"
IDP = ServiceSettings(environment="test", jwt_issuer=ISSUER, jwt_audience=AUDIENCE)
PRODUCTION = ServiceSettings(environment="production", jwt_issuer=ISSUER, jwt_audience=AUDIENCE)
LOCAL = ServiceSettings(environment="test")


def _refused(token: str, settings: ServiceSettings = IDP, keys: JwksKeys | None = None) -> str:
    with pytest.raises(AppError) as caught:
        decode_token(token, settings, keys)
    assert caught.value.status == 401
    return caught.value.message


def test_rs256_and_es256_tokens_verify_through_the_cached_jwks():
    rsa, ec = rsa_key("r1"), ec_key("e1")
    with identity_provider([rsa, ec]) as idp:
        keys = JwksKeys(idp.jwks_url)
        for key in (rsa, ec):
            caller = decode_token(key.sign(claims(AUDIENCE)), PRODUCTION, keys)
            assert (caller.subject, caller.region) == ("official-1", "441882")
            assert caller.has("identification:write")
        assert idp.jwks_fetches == 1


def _from_now(**delta: float) -> Callable[[], datetime]:
    """A time relative to when the test runs, not to when pytest collected it."""
    return lambda: utcnow() + timedelta(**delta)


def _resolved(override: dict) -> dict:
    """Evaluate the overrides given as times relative to now."""
    return {k: v() if callable(v) else v for k, v in override.items()}


@pytest.mark.parametrize("override", [
    {"aud": "gd-poverty-funds"}, {"iss": "https://elsewhere.example"},
    {"exp": _from_now(minutes=-5)},
])
def test_provider_tokens_for_another_service_issuer_or_time_are_refused(override):
    override = _resolved(override)
    key = rsa_key("r1")
    with identity_provider([key]) as idp:
        _refused(key.sign(claims(AUDIENCE, **override)), PRODUCTION, JwksKeys(idp.jwks_url))


def test_a_rotated_key_is_fetched_and_a_withdrawn_one_refused():
    old, new = rsa_key("2026-11"), ec_key("2026-12")
    with identity_provider([old]) as idp:
        keys = JwksKeys(idp.jwks_url, min_refresh=0)
        decode_token(old.sign(claims(AUDIENCE)), PRODUCTION, keys)
        idp.keys = [new]
        assert decode_token(new.sign(claims(AUDIENCE)), PRODUCTION, keys).subject == "official-1"
        assert idp.jwks_fetches == 2
        withdrawn = _refused(old.sign(claims(AUDIENCE)), PRODUCTION, keys)
        assert withdrawn == "The token's signing key is not known"


class SteppedClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_unknown_key_ids_refetch_at_most_once_per_interval_and_the_cache_expires():
    key = rsa_key("r1")
    with identity_provider([key]) as idp:
        clock = SteppedClock()
        keys = JwksKeys(idp.jwks_url, cache_seconds=300, min_refresh=60, clock=clock)
        decode_token(key.sign(claims(AUDIENCE)), PRODUCTION, keys)
        for n in range(50):
            _refused(jwt.encode(claims(AUDIENCE), key.private, algorithm="RS256", headers={"kid": f"x{n}"}),
                     PRODUCTION, keys)
        _refused(rsa_key("r1").sign(claims(AUDIENCE)), PRODUCTION, keys)  # the right kid, another key
        assert idp.jwks_fetches == 1
        clock.now += 299
        decode_token(key.sign(claims(AUDIENCE)), PRODUCTION, keys)
        assert idp.jwks_fetches == 1
        clock.now += 1
        decode_token(key.sign(claims(AUDIENCE)), PRODUCTION, keys)
        assert idp.jwks_fetches == 2


def test_an_unreachable_provider_keeps_the_last_keys():
    key = rsa_key("r1")
    with identity_provider([key]) as idp:
        clock = SteppedClock()
        keys = JwksKeys(idp.jwks_url, cache_seconds=300, min_refresh=0, clock=clock)
        decode_token(key.sign(claims(AUDIENCE)), PRODUCTION, keys)
    clock.now += 301
    assert decode_token(key.sign(claims(AUDIENCE)), PRODUCTION, keys).subject == "official-1"


def test_hs256_is_refused_in_production_and_cannot_borrow_a_public_key():
    key = rsa_key("r1")
    local = mint_token(LOCAL, subject="u", roles=["admin"], region="44")
    assert decode_token(local, LOCAL).subject == "u"
    with identity_provider([key]) as idp:
        keys = JwksKeys(idp.jwks_url)
        production = LOCAL.model_copy(update={"environment": "production"})
        assert _refused(local, production, keys) == "The token's algorithm is not accepted"
        pem = key.private.public_key().public_bytes(serialization.Encoding.PEM,
                                                    serialization.PublicFormat.SubjectPublicKeyInfo)
        _refused(_hs256_signed_with(pem, claims(AUDIENCE), "r1"), production, keys)
        _refused(_hs256_signed_with(pem, claims(AUDIENCE), "r1"), PRODUCTION, keys)
        _refused(jwt.encode(claims(AUDIENCE), None, algorithm="none"), PRODUCTION, keys)


def _hs256_signed_with(secret: bytes, body: dict, kid: str) -> str:
    """Sign by hand, as an attacker would, with a public key as the HMAC secret (PyJWT refuses to)."""
    def part(value: dict) -> bytes:
        text = json.dumps(value, default=lambda t: int(t.timestamp())).encode()
        return base64.urlsafe_b64encode(text).rstrip(b"=")

    signing_input = part({"alg": "HS256", "typ": "JWT", "kid": kid}) + b"." + part(body)
    mac = hmac.new(secret, signing_input, hashlib.sha256).digest()
    signature = base64.urlsafe_b64encode(mac).rstrip(b"=")
    return (signing_input + b"." + signature).decode()


def test_an_asymmetric_token_without_a_configured_jwks_is_refused():
    assert _refused(rsa_key("r1").sign(claims(AUDIENCE))) == "The token's algorithm is not accepted"


def test_a_key_is_used_only_for_its_own_algorithm():
    rsa, ec = rsa_key("same"), ec_key("same")
    with identity_provider([rsa]) as idp:
        _refused(ec.sign(claims(AUDIENCE)), PRODUCTION, JwksKeys(idp.jwks_url))


@pytest.mark.parametrize("override", [
    {"region": "４４１８８２"}, {"region": "٤٤"}, {"region": "44²"}, {"region": 441882},
    {"exp": 10**30}, {"exp": _from_now(hours=13)}, {"iat": _from_now(hours=2)},
    {"roles": [1]}, {"sub": 7}, {"sub": ""}, {"scope": ["pii:read"]},
])
def test_claims_are_read_strictly(override):
    override = _resolved(override)
    key = rsa_key("r1")
    with identity_provider([key]) as idp:
        _refused(key.sign(claims(AUDIENCE, **override)), PRODUCTION, JwksKeys(idp.jwks_url))


def test_a_token_without_iat_is_refused():
    body = claims(AUDIENCE)
    del body["iat"]
    key = rsa_key("r1")
    with identity_provider([key]) as idp:
        _refused(key.sign(body), PRODUCTION, JwksKeys(idp.jwks_url))


def test_the_service_accepts_provider_tokens_over_http(ident):
    key = ec_key("e1")
    with identity_provider([key]) as idp:
        ident.app.state.jwks = JwksKeys(idp.jwks_url)
        try:
            token = key.sign(claims(ident.settings.jwt_audience, iss=ident.settings.jwt_issuer))
            r = ident.client.get("/api/v1/households", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 200, r.text
            foreign = key.sign(claims("gd-poverty-funds", iss=ident.settings.jwt_issuer))
            r = ident.client.get("/api/v1/households", headers={"Authorization": f"Bearer {foreign}"})
            assert r.status_code == 401
        finally:
            ident.app.state.jwks = None


def test_a_check_that_must_not_block_never_fetches_keys():
    """In the event loop a token whose key is not cached is handed over (KeysStale), never fetched."""
    key = rsa_key("r1")
    with identity_provider([key]) as idp:
        keys = JwksKeys(idp.jwks_url)
        with pytest.raises(KeysStale):
            decode_token(key.sign(claims(AUDIENCE)), PRODUCTION, keys, fetch=False)
        assert idp.jwks_fetches == 0
        decode_token(key.sign(claims(AUDIENCE)), PRODUCTION, keys)
        assert decode_token(key.sign(claims(AUDIENCE)), PRODUCTION, keys, fetch=False).subject == "official-1"
        assert idp.jwks_fetches == 1


def test_each_service_has_its_own_audience():
    assert LOCAL.jwt_audience == "gd-poverty-suite"
    from services.funds.settings import FundsSettings
    from services.identification.settings import IdentificationSettings
    assert IdentificationSettings().jwt_audience == "gd-poverty-identification"
    assert FundsSettings().jwt_audience == "gd-poverty-funds"


def test_local_service_tokens_carry_only_the_scopes_asked_for(ident):
    tokens = LocalServiceTokens(ident.settings, audience=ident.settings.jwt_audience,
                                scopes=["identification:read"])
    assert tokens.token() == tokens.token()
    caller = decode_token(tokens.token(), ident.settings)
    assert caller.roles == frozenset({"service"})
    assert caller.permissions == frozenset({"identification:read"})
    client = ServiceClient("http://testserver", tokens, http=ident.client)
    assert client.request("GET", "/api/v1/codes").status_code == 200
    with pytest.raises(AppError) as refused:
        client.request("POST", "/api/v1/households", json={})
    assert refused.value.status == 403


@pytest.mark.parametrize("scopes", [[], ["pii:read"], ["identification:read", "pii:read"], ["made:up"],
                                    ["contacts:read", "pii:read"]])
def test_a_service_cannot_ask_for_no_scope_personal_data_or_unknown_scopes(scopes):
    with pytest.raises(ValueError):
        LocalServiceTokens(LOCAL, audience=AUDIENCE, scopes=scopes)


def test_a_service_may_ask_for_contacts_read_alone():
    token = LocalServiceTokens(LOCAL, audience=AUDIENCE, scopes=["contacts:read"]).token()
    assert decode_token(token, LOCAL.model_copy(update={"jwt_audience": AUDIENCE})).permissions == \
        frozenset({"contacts:read"})


def test_production_services_never_mint_their_own_tokens():
    with pytest.raises(ValueError):
        LocalServiceTokens(PRODUCTION, audience=AUDIENCE, scopes=["identification:read"])
    with pytest.raises(ValueError):
        service_tokens(PRODUCTION, audience=AUDIENCE, scopes=["identification:read"])
    with pytest.raises(RuntimeError):
        mint_token(PRODUCTION, subject="u", roles=["admin"], region="44")


def test_client_credentials_tokens_come_from_the_provider_once_and_verify_at_the_target():
    key = rsa_key("r1")
    with identity_provider([key]) as idp:
        funds = ServiceSettings(environment="production", service_name="funds", token_url=idp.token_url,
                                client_id="funds", client_secret="s3cret")
        tokens = service_tokens(funds, audience=AUDIENCE, scopes=["identification:read"])
        assert isinstance(tokens, ClientCredentialsTokens)
        first = tokens.token()
        assert tokens.token() == first
        assert idp.token_requests == [{"client": "funds:s3cret", "grant_type": "client_credentials",
                                       "scope": "identification:read", "audience": AUDIENCE}]
        caller = decode_token(first, PRODUCTION, JwksKeys(idp.jwks_url))
        assert caller.subject == "client:funds"
        assert caller.permissions == frozenset({"identification:read"})
