"""Settings of the identification service (environment prefix IDENTIFICATION_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings

# The 200,000-household benchmark file takes about 90 s on PostgreSQL; an hour is ample.
IMPORT_TIME_LIMIT_SECONDS = 3600


class IdentificationSettings(ServiceSettings):
    """Configuration read from IDENTIFICATION_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="IDENTIFICATION_", extra="ignore")

    service_name: str = "identification"
    import_time_limit_seconds: int = Field(IMPORT_TIME_LIMIT_SECONDS, ge=60,
                                           description="an import attempt's time limit")
