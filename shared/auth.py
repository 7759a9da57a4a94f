"""Bearer JWTs: who the caller is, what it may do, and which region it may see."""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from shared.errors import AppError, Forbidden
from shared.jwks import JWKS_ALGORITHMS, JwksKeys, KeysStale
from shared.settings import ServiceSettings
from shared.types import ascii_digits, utcnow

PII_READ = "pii:read"
# One member's contact details (phones, address), one at a time, each read audited with its purpose and
# the end user it serves: the narrow scope a service is given instead of pii:read, which it never holds.
CONTACTS_READ = "contacts:read"
ON_BEHALF_OF = "On-Behalf-Of"  # the header naming the end user a service reads contact details for
_LEEWAY = timedelta(seconds=10)  # clock skew between the identity provider and the services
REGISTER_REPLICATE = "register:replicate"  # service tokens of consumers that keep a register replica
CONSUMERS_READ = "consumers:read"
CONSUMERS_ADMIN = "consumers:admin"  # list and replay dead letters

LEVEL_CODE_LENGTH = {"province": 2, "city": 4, "county": 6, "town": 9, "village": 12}

# supervision:visit: the five levels of secretaries record their own visits (遍访, plan §25);
# supervision:report: an interviewed official or unit reports its rectification done (整改报告, §27).
_OFFICIAL = {"identification:read", "identification:write", "funds:read", "funds:write",
             "employment:read", "employment:write", "supervision:read", "supervision:visit",
             "supervision:report", "events:read"}
_READ = frozenset(p for p in _OFFICIAL if p.endswith(":read"))


@dataclass(frozen=True)
class RoleAccess:
    """What a role may do and see: its permissions, the level it acts at, its exports and personal data.

    `export` is the widest list it may export (a county's: a county code or narrower), None for
    none; `personal` tells whether pii:read may be granted to it at all; `personal_export` is the
    widest list it may export unmasked (with pii:read), None for never.
    """

    permissions: frozenset[str]
    level: str | None = None
    export: str | None = None
    personal: bool = False
    personal_export: str | None = None


# The one table of roles, reviewed against the plan (§24 and the procedures it names). The
# county keeps the files (建档立卡) and approves entry and exit, so a county's list with personal
# data is the widest anyone exports; a town reviews and a village nominates and visits its own
# households, so each exports its own. City and province supervise and plan from masked lists.
# Inspectors (督查, spot checks) and third-party evaluators (第三方评估, per county) work from
# masked lists and never hold pii:read; helpers (帮扶责任人) see their households' contacts but
# export nothing; other systems' service accounts read by API and feed, never by export.
ROLE_ACCESS: dict[str, RoleAccess] = {
    "admin": RoleAccess(frozenset(_OFFICIAL | {"policy:admin", "audit:read", "supervision:write",
                                               CONSUMERS_READ, CONSUMERS_ADMIN}),
                        None, "province", True, "county"),
    "province_official": RoleAccess(frozenset(_OFFICIAL | {"audit:read", "supervision:write",
                                                           CONSUMERS_READ}),
                                    "province", "province", True, "county"),
    "city_official": RoleAccess(frozenset(_OFFICIAL | {"supervision:write"}), "city", "city", True, "county"),
    "county_official": RoleAccess(frozenset(_OFFICIAL | {"supervision:write"}), "county", "county", True,
                                  "county"),
    "town_official": RoleAccess(frozenset(_OFFICIAL), "town", "town", True, "town"),
    "village_cadre": RoleAccess(frozenset(_OFFICIAL - {"funds:write"}), "village", "village", True,
                                "village"),
    "helper": RoleAccess(frozenset({"identification:read", "employment:read", "employment:write",
                                    "supervision:write"}), None, None, True, None),
    "inspector": RoleAccess(_READ | {"audit:read", "supervision:write"}, None, "county"),
    "evaluator": RoleAccess(_READ, None, "county"),
    "service": RoleAccess(frozenset(), None, None, True, None),
}
# The administrative level each role acts at; a step of a procedure names the level it needs.
ROLE_LEVELS: dict[str, str] = {r: a.level for r, a in ROLE_ACCESS.items() if a.level}
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {r: a.permissions for r, a in ROLE_ACCESS.items()}
KNOWN_SCOPES = set().union(*ROLE_PERMISSIONS.values()) | {PII_READ, CONTACTS_READ, REGISTER_REPLICATE}


@dataclass(frozen=True)
class Caller:
    """The authenticated caller of a request."""

    subject: str
    roles: frozenset[str]
    region: str
    permissions: frozenset[str] = field(default_factory=frozenset)
    name: str = ""

    def has(self, permission: str) -> bool:
        """Tell whether the caller holds a permission."""
        return permission in self.permissions

    def can_see(self, region_code: str | None) -> bool:
        """Tell whether a region lies inside the caller's scope."""
        return region_code is not None and region_code.startswith(self.region)

    def levels(self) -> set[str]:
        """Name the administrative levels the caller's roles act at."""
        return {ROLE_LEVELS[r] for r in self.roles if r in ROLE_LEVELS}

    def widest_export(self, personal: bool) -> int | None:
        """Return the shortest region prefix the caller's roles may export (unmasked if personal), or None."""
        accesses = [ROLE_ACCESS[r] for r in self.roles if r in ROLE_ACCESS]
        levels = [a.personal_export if personal else a.export for a in accesses]
        return min((LEVEL_CODE_LENGTH[level] for level in levels if level), default=None)

    def narrow(self, prefix: str | None) -> str | None:
        """Intersect a requested region prefix with the scope; None when they are disjoint."""
        if not prefix or self.region.startswith(prefix):
            return self.region
        return prefix if prefix.startswith(self.region) else None


def _unauthorized(message: str, message_zh: str) -> AppError:
    return AppError(401, "unauthorized", message, message_zh,
                    headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def permissions_for(roles: set[str], scopes: set[str]) -> frozenset[str]:
    """Combine what the roles grant with the token's explicit scopes."""
    granted: set[str] = set(scopes & KNOWN_SCOPES)
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, set())
    if not any(ROLE_ACCESS[r].personal for r in roles if r in ROLE_ACCESS):
        # a role that never sees personal data is not given it by a scope, not even a phone
        granted -= {PII_READ, CONTACTS_READ}
    if PII_READ in granted:
        granted.add(CONTACTS_READ)  # whoever may read all personal data may read a contact
    return frozenset(granted)


def decode_token(token: str, settings: ServiceSettings, keys: JwksKeys | None = None, *,
                 fetch: bool = True) -> Caller:
    """Verify a token (RS256/ES256 by the provider's JWKS; HS256 outside production); return its caller.

    Without `fetch`, a token whose key must first be fetched raises KeysStale instead of blocking.
    """
    return verify_token(token, settings, keys, fetch=fetch)[0]


def verify_token(token: str, settings: ServiceSettings, keys: JwksKeys | None = None, *,
                 fetch: bool = True) -> tuple[Caller, float]:
    """Verify a token as decode_token does; return its caller and when it stops being accepted (epoch s)."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise _unauthorized("The token is not valid", "令牌无效") from exc
    algorithm = header.get("alg")
    if algorithm in JWKS_ALGORITHMS and keys is not None:
        jwk = keys.key_for(str(header.get("kid", "")), algorithm, fetch=fetch)
        if jwk is None:
            raise _unauthorized("The token's signing key is not known", "令牌的签名密钥未知")
        key: Any = jwk
    elif algorithm == "HS256" and settings.environment != "production":
        key = settings.jwt_secret
    else:
        raise _unauthorized("The token's algorithm is not accepted", "不接受该令牌的签名算法")
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": ["exp", "iat", "sub", "region"]},
            leeway=_LEEWAY,
        )
    except jwt.ExpiredSignatureError as exc:
        raise _unauthorized("The token has expired", "令牌已过期") from exc
    except jwt.PyJWTError as exc:
        raise _unauthorized("The token is not valid", "令牌无效") from exc
    return _caller(claims, settings), claims["exp"] + _LEEWAY.total_seconds()


def _caller(claims: dict[str, Any], settings: ServiceSettings) -> Caller:
    """Build the caller from verified claims, refusing any that is loosely typed or too long-lived."""
    exp, iat = claims["exp"], claims["iat"]
    if not all(type(t) in (int, float) for t in (exp, iat)) or \
            exp - iat > settings.jwt_max_lifetime.total_seconds():
        raise _unauthorized("The token lives longer than this service accepts",
                            "令牌有效期超过本服务允许的上限")
    region = claims["region"]
    if not isinstance(region, str) or not ascii_digits(region) or \
            len(region) not in LEVEL_CODE_LENGTH.values():
        raise _unauthorized("The token's region scope is not a region code", "令牌的区域范围无效")
    roles, scope = claims.get("roles", []), claims.get("scope", "")
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise _unauthorized("The token's roles are not a list", "令牌的角色格式无效")
    if not isinstance(scope, str) or not isinstance(claims["sub"], str) or not claims["sub"]:
        raise _unauthorized("The token's subject or scope is not text", "令牌的主体或权限范围格式无效")
    return Caller(
        subject=claims["sub"],
        roles=frozenset(roles),
        region=region,
        permissions=permissions_for(set(roles), set(scope.split())),
        name=str(claims.get("name", "")),
    )


def mint_token(
    settings: ServiceSettings,
    *,
    subject: str,
    roles: list[str],
    region: str,
    scopes: list[str] | None = None,
    name: str = "",
    ttl: timedelta = timedelta(hours=12),
    audience: str | list[str] | None = None,
) -> str:
    """Sign a development token (HS256); production tokens come from the identity provider."""
    if settings.environment == "production":
        raise RuntimeError("production tokens come from the identity provider, not from this service")
    now = utcnow()
    claims: dict[str, Any] = {
        "sub": subject,
        "name": name or subject,
        "roles": roles,
        "region": region,
        "scope": " ".join(scopes or []),
        "iss": settings.jwt_issuer,
        "aud": audience or settings.jwt_audience,
        "iat": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


class VerifiedTokens:
    """Callers of tokens verified here, by the token's digest, each until it expires or `seconds` pass.

    A signature check is a large share of a small read; a client sends the same token for hours. An
    entry is dropped when the token's `exp` (with the leeway the check allows) passes, and at the
    latest `seconds` after it was verified, so a key the provider withdraws stops being honoured
    within that time. The oldest entries go first when the cache is full.
    """

    def __init__(self, size: int = 10_000, seconds: float = 60.0) -> None:
        self.size, self.seconds = size, seconds
        self._callers: OrderedDict[bytes, tuple[Caller, float]] = OrderedDict()

    @staticmethod
    def _key(token: str) -> bytes:
        return hashlib.blake2b(token.encode(), digest_size=32).digest()

    def get(self, token: str) -> Caller | None:
        """Return the caller of a token verified before and still accepted, else None."""
        key = self._key(token)
        found = self._callers.get(key)
        if found is None:
            return None
        if time.time() >= found[1]:
            del self._callers[key]
            return None
        return found[0]

    def put(self, token: str, caller: Caller, accepted_until: float) -> None:
        """Remember a token just verified, until `accepted_until` (epoch s) or `seconds` from now."""
        if len(self._callers) >= self.size:
            self._callers.popitem(last=False)
        self._callers[self._key(token)] = (caller, min(accepted_until, time.time() + self.seconds))

    def clear(self) -> None:
        """Forget every token (the keys or settings that verified them changed)."""
        self._callers.clear()


def bearer_token(request: Request) -> str | None:
    """Return the bearer token of a request, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def current_caller(request: Request) -> Caller:
    """Authenticate the request (FastAPI dependency).

    Checked in the event loop: a signature check costs less than a hop to the thread pool. Only a
    token whose signing key must first be fetched from the identity provider goes to a thread. A
    token verified before is taken from the app's VerifiedTokens until it expires.
    """
    cached = getattr(request.state, "caller", None)
    if cached is not None:
        return cached
    token = bearer_token(request)
    if token is None:
        raise _unauthorized("A bearer token is required", "需要提供 Bearer 令牌")
    state = request.app.state
    verified: VerifiedTokens | None = getattr(state, "verified_tokens", None)
    if verified is None:
        verified = state.verified_tokens = VerifiedTokens()
    caller = verified.get(token)
    if caller is None:
        settings, keys = state.settings, getattr(state, "jwks", None)
        try:
            caller, until = verify_token(token, settings, keys, fetch=False)
        except KeysStale:
            caller, until = await run_in_threadpool(verify_token, token, settings, keys)
        verified.put(token, caller, until)
    request.state.caller = caller
    return caller


current_caller.authenticates = True  # type: ignore[attr-defined]  # the OpenAPI document reads it
CallerDep = Annotated[Caller, Depends(current_caller)]


def require(permission: str) -> Any:
    """Build a dependency that refuses callers without a permission."""

    async def _check(caller: CallerDep) -> Caller:
        if not caller.has(permission):
            raise Forbidden(f"This needs the {permission} permission", f"此操作需要 {permission} 权限")
        return caller

    _check.permission = permission  # type: ignore[attr-defined]  # the OpenAPI document states it
    return Depends(_check)
