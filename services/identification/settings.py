"""Settings of the identification service (environment prefix IDENTIFICATION_)."""

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class IdentificationSettings(ServiceSettings):
    """Configuration read from IDENTIFICATION_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="IDENTIFICATION_", extra="ignore")

    service_name: str = "identification"
