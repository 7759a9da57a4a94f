"""Settings of a consuming service: where the sources are, the transport, retries, the token."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings

from shared.auth import REGISTER_REPLICATE, mint_token
from shared.consumers.core import ConsumerConfig
from shared.settings import ServiceSettings

CONSUMER_SCOPES = ["events:read", REGISTER_REPLICATE]
_REMINT_AFTER = 6 * 3600  # seconds; local tokens live 12 hours


class ConsumerSettings(BaseSettings):
    """Mixed into a consuming service's settings (read with that service's prefix)."""

    identification_url: str = Field("http://127.0.0.1:8001", description="identification's base URL")
    consumer_token: str = Field("", description="service token with events:read and register:replicate, "
                                "region 44; minted locally outside production when empty")
    consumer_transport: Literal["http", "nats"] = "http"
    nats_url: str = "nats://127.0.0.1:4222"
    nats_stream: str = "SUITE_EVENTS"
    nats_subject_prefix: str = "suite"
    consumer_max_attempts: int = Field(5, ge=1)
    consumer_on_dead_letter: Literal["continue", "stop"] = "continue"
    consumer_bootstrap: Literal["snapshot", "replay"] = "snapshot"

    def consumer_config(self) -> ConsumerConfig:
        """Build the engine's configuration."""
        return ConsumerConfig(max_attempts=self.consumer_max_attempts,
                              on_dead_letter=self.consumer_on_dead_letter)


class ServiceToken:
    """The consumer's bearer token: the configured one, or outside production a local one minted anew."""

    def __init__(self, settings: ServiceSettings, configured: str) -> None:
        if not configured and settings.environment == "production":
            raise RuntimeError("production consumers need a service token (<SERVICE>_CONSUMER_TOKEN)")
        self.settings = settings
        self.configured = configured
        self._token, self._minted = "", 0.0

    def __call__(self) -> str:
        """Return the token to send now."""
        if self.configured:
            return self.configured
        if time.monotonic() - self._minted > _REMINT_AFTER or not self._token:
            self._token = mint_token(self.settings, subject=f"{self.settings.service_name}-consumer",
                                     roles=["service"], region="44", scopes=CONSUMER_SCOPES,
                                     ttl=timedelta(hours=12))
            self._minted = time.monotonic()
        return self._token
