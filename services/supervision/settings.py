"""Settings of the supervision service (environment prefix SUPERVISION_)."""

from pydantic_settings import SettingsConfigDict

from shared.consumers.settings import ConsumerSettings
from shared.settings import ServiceSettings


class SupervisionSettings(ServiceSettings, ConsumerSettings):
    """Configuration read from SUPERVISION_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="SUPERVISION_", extra="ignore")

    service_name: str = "supervision"
