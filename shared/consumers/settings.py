"""Settings of a consuming service: where the sources are, the transport, retries, the token."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings

from shared.auth import REGISTER_REPLICATE
from shared.client import service_tokens
from shared.consumers.core import ConsumerConfig
from shared.settings import ServiceSettings

CONSUMER_SCOPES = ["events:read", REGISTER_REPLICATE]


class ConsumerSettings(BaseSettings):
    """Mixed into a consuming service's settings (read with that service's prefix)."""

    identification_url: str = Field("http://127.0.0.1:8001", description="identification's base URL")
    identification_audience: str = Field("gd-poverty-identification",
                                         description="`aud` of the service tokens sent to identification")
    consumer_transport: Literal["http", "nats"] = "http"
    nats_url: str = "nats://127.0.0.1:4222"
    nats_stream: str = "SUITE_EVENTS"
    nats_subject_prefix: str = "suite"
    consumer_max_attempts: int = Field(5, ge=1)
    consumer_on_dead_letter: Literal["continue", "stop"] = "continue"
    consumer_bootstrap: Literal["snapshot", "replay"] = "snapshot"
    consumer_processed_retention: timedelta = Field(
        timedelta(days=7), description="how long processed-event ids at or below the checkpoint are kept")

    def consumer_tokens(self) -> Callable[[], str]:
        """Give the consumers' least-scope tokens for identification (the provider's, or local ones)."""
        assert isinstance(self, ServiceSettings)
        return service_tokens(self, audience=self.identification_audience, scopes=CONSUMER_SCOPES).token

    def consumer_config(self) -> ConsumerConfig:
        """Build the engine's configuration."""
        return ConsumerConfig(max_attempts=self.consumer_max_attempts,
                              on_dead_letter=self.consumer_on_dead_letter,
                              processed_retention=self.consumer_processed_retention)
