"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

import base64
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Development-only secrets: they let `make run` and the tests work with no setup.
# `environment=production` refuses to start with them (see check_production_ready).
DEV_JWT_SECRET = "dev-only-jwt-secret-change-me-please-0123456789"
DEV_DATA_KEY = base64.b64encode(b"dev-only-aes-256-key-0123456789!").decode()
DEV_HASH_KEY = base64.b64encode(b"dev-only-hmac-key-for-lookups-42").decode()


class ServiceSettings(BaseSettings):
    """Common settings: database, secrets and deployment mode."""

    model_config = SettingsConfigDict(env_prefix="SUITE_", extra="ignore")

    service_name: str = "suite"
    environment: str = Field("development", description="development | test | production")
    database_url: str = ""
    jwt_secret: str = DEV_JWT_SECRET
    jwt_issuer: str = "gd-poverty-suite"
    jwt_audience: str = "gd-poverty-suite"
    data_key: str = Field(DEV_DATA_KEY, description="base64 AES-256 key for personal data")
    hash_key: str = Field(DEV_HASH_KEY, description="base64 HMAC key for lookup hashes")
    sql_echo: bool = False
    public_base_url: str = ""

    @field_validator("environment")
    @classmethod
    def _known_environment(cls, value: str) -> str:
        if value not in {"development", "test", "production"}:
            raise ValueError("environment must be development, test or production")
        return value

    def resolved_database_url(self) -> str:
        """Return the configured URL, or the embedded SQLite file for this service."""
        if self.database_url:
            return self.database_url
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DATA_DIR / (self.service_name + '.db')}"

    def check_production_ready(self) -> None:
        """Refuse to run in production with the development secrets."""
        if self.environment != "production":
            return
        dev = {self.jwt_secret, self.data_key, self.hash_key} & {
            DEV_JWT_SECRET,
            DEV_DATA_KEY,
            DEV_HASH_KEY,
        }
        if dev:
            raise RuntimeError("production needs its own jwt_secret, data_key and hash_key")
        if not self.database_url or self.database_url.startswith("sqlite"):
            raise RuntimeError("production needs a PostgreSQL database_url")
