"""Settings of the employment service (environment prefix EMPLOYMENT_)."""

from pydantic_settings import SettingsConfigDict

from shared.consumers.settings import ConsumerSettings
from shared.settings import ServiceSettings


class EmploymentSettings(ServiceSettings, ConsumerSettings):
    """Configuration read from EMPLOYMENT_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="EMPLOYMENT_", extra="ignore")

    service_name: str = "employment"
