"""Settings of the funds service (environment prefix FUNDS_)."""

from pydantic_settings import SettingsConfigDict

from shared.consumers.settings import ConsumerSettings
from shared.settings import ServiceSettings


class FundsSettings(ServiceSettings, ConsumerSettings):
    """Configuration read from FUNDS_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="FUNDS_", extra="ignore")

    service_name: str = "funds"
