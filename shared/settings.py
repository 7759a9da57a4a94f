"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path
from typing import Self

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Development-only secrets: they let `make run` and the tests work with no setup.
# `environment=production` refuses to start with them (see check_production_ready).
DEV_JWT_SECRET = "dev-only-jwt-secret-change-me-please-0123456789"
DEV_DATA_KEY = base64.b64encode(b"dev-only-aes-256-key-0123456789!").decode()
DEV_HASH_KEY = base64.b64encode(b"dev-only-hmac-key-for-lookups-42").decode()
DEV_AUDIT_KEY = base64.b64encode(b"dev-only-audit-seal-key-32bytes!").decode()


class ServiceSettings(BaseSettings):
    """Common settings: database, secrets and deployment mode."""

    model_config = SettingsConfigDict(env_prefix="SUITE_", extra="ignore")

    service_name: str = "suite"
    environment: str = Field("development", description="development | test | production")
    database_url: str = ""
    jwt_secret: str = Field(DEV_JWT_SECRET, description="HS256 key of local tokens; never used in production")
    jwt_issuer: str = Field("gd-poverty-suite", description="`iss` of accepted tokens (the provider)")
    jwt_audience: str = Field("", description="`aud` this service accepts; gd-poverty-<service> by default")
    jwt_max_lifetime: timedelta = Field(timedelta(hours=12), description="longest exp - iat accepted")
    jwks_url: str = Field("", description="the identity provider's JWKS, for RS256/ES256 tokens")
    jwks_cache_seconds: float = 300
    jwks_min_refresh_seconds: float = 30
    token_url: str = Field("", description="the identity provider's OAuth2 token endpoint")
    client_id: str = Field("", description="this service's client id at the identity provider")
    client_secret: str = Field("", description="this service's client secret at the identity provider")
    data_key: str = Field(DEV_DATA_KEY, description="base64 AES-256 key for personal data")
    hash_key: str = Field(DEV_HASH_KEY, description="base64 HMAC key for lookup hashes")
    audit_key: str = Field(DEV_AUDIT_KEY, description="base64 HMAC key sealing audit entries and checkpoints")
    audit_checkpoint_dir: Path = Field(DATA_DIR / "audit-checkpoints",
                                       description="where signed checkpoints of the chain head are kept, "
                                                   "outside the database")
    audit_nats_url: str = Field("", description="NATS server whose JetStream keeps the signed checkpoints "
                                                "(stream SUITE_AUDIT); empty: the file alone")
    sql_echo: bool = False
    public_rate_limit_storage: str = Field(
        "memory://", description="where the public endpoints' per-address counters live (a `limits` storage "
        "URI); memory:// counts in each worker process on its own")
    public_base_url: str = Field("", description="where integrators reach this service; events link their "
                                 "dataschema under it (the path alone when empty)")

    @field_validator("environment")
    @classmethod
    def _known_environment(cls, value: str) -> str:
        if value not in {"development", "test", "production"}:
            raise ValueError("environment must be development, test or production")
        return value

    @model_validator(mode="after")
    def _own_audience(self) -> Self:
        if not self.jwt_audience:
            self.jwt_audience = f"gd-poverty-{self.service_name}"
        return self

    def resolved_database_url(self) -> str:
        """Return the configured URL, or the embedded SQLite file for this service."""
        if self.database_url:
            return self.database_url
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DATA_DIR / (self.service_name + '.db')}"

    def check_production_ready(self) -> None:
        """Refuse to run in production with the development secrets or without the identity provider."""
        if self.environment != "production":
            return
        if {self.data_key, self.hash_key, self.audit_key} & {DEV_DATA_KEY, DEV_HASH_KEY, DEV_AUDIT_KEY}:
            raise RuntimeError("production needs its own data_key, hash_key and audit_key")
        if not self.jwks_url.startswith("https://") or self.jwt_issuer == "gd-poverty-suite":
            raise RuntimeError("production needs the identity provider's https jwks_url and its jwt_issuer")
        if self.token_url and not self.token_url.startswith("https://"):
            raise RuntimeError("production needs an https token_url")
        if not self.database_url or self.database_url.startswith("sqlite"):
            raise RuntimeError("production needs a PostgreSQL database_url")
