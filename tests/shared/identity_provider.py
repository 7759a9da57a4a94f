"""A local identity provider on a real HTTP port: a JWKS of keys made here, and a token endpoint."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from shared.types import utcnow

ISSUER = "https://idp.gd.gov.cn/realms/poverty"


@dataclass
class SigningKey:
    """A private key the provider signs with, published in its JWKS under `kid`."""

    kid: str
    algorithm: str
    private: Any

    def public_jwk(self) -> dict[str, Any]:
        """Return the public half as a JWK."""
        algorithm = jwt.get_algorithm_by_name(self.algorithm)
        jwk = json.loads(algorithm.to_jwk(self.private.public_key()))
        return {**jwk, "kid": self.kid, "alg": self.algorithm, "use": "sig"}

    def sign(self, claims: dict[str, Any]) -> str:
        """Sign claims with this key."""
        return jwt.encode(claims, self.private, algorithm=self.algorithm, headers={"kid": self.kid})


def rsa_key(kid: str) -> SigningKey:
    """Generate an RS256 key."""
    return SigningKey(kid, "RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048))


def ec_key(kid: str) -> SigningKey:
    """Generate an ES256 key."""
    return SigningKey(kid, "ES256", ec.generate_private_key(ec.SECP256R1()))


def claims(audience: str, **override: Any) -> dict[str, Any]:
    """Claims as the provider issues them for an official, valid for an hour."""
    now = utcnow()
    return {"iss": ISSUER, "aud": audience, "sub": "official-1", "roles": ["county_official"],
            "region": "441882", "scope": "", "iat": now, "exp": now + timedelta(hours=1), **override}


@dataclass
class IdentityProvider:
    """What the running provider serves, and what it was asked."""

    url: str
    keys: list[SigningKey]
    jwks_fetches: int = 0
    token_requests: list[dict[str, Any]] = field(default_factory=list)
    token_key: SigningKey | None = None

    @property
    def jwks_url(self) -> str:
        """The JWKS address."""
        return f"{self.url}/jwks"

    @property
    def token_url(self) -> str:
        """The OAuth2 token endpoint."""
        return f"{self.url}/token"


@contextmanager
def identity_provider(keys: list[SigningKey]) -> Iterator[IdentityProvider]:
    """Serve a JWKS and a client-credentials token endpoint on 127.0.0.1 for the duration."""
    state = IdentityProvider("", keys)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/jwks":
                self._send(404, {})
                return
            state.jwks_fetches += 1
            self._send(200, {"keys": [k.public_jwk() for k in state.keys]})

        def do_POST(self) -> None:
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            basic = base64.b64decode(self.headers["Authorization"].removeprefix("Basic ")).decode()
            request = {"client": basic, **{k: v[0] for k, v in form.items()}}
            state.token_requests.append(request)
            key = state.token_key or state.keys[0]
            token = key.sign(claims(request["audience"], sub=f"client:{basic.partition(':')[0]}",
                                    roles=["service"], region="44", scope=request["scope"],
                                    exp=utcnow() + timedelta(minutes=5)))
            self._send(200, {"access_token": token, "token_type": "Bearer", "expires_in": 300})

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
