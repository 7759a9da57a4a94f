"""The employment service: labour force, jobs, matching, training and follow-up."""

from fastapi import FastAPI

from services.employment.consumers import handlers
from services.employment.models import consumers, infra
from services.employment.settings import EmploymentSettings
from shared.app import create_service_app
from shared.consumers.app import mount_consumers


def create_app(settings: EmploymentSettings | None = None) -> FastAPI:
    """Build the employment app."""
    settings = settings or EmploymentSettings()
    app = create_service_app(
        name="employment",
        title="Employment service",
        description="就业扶贫服务. Serves today: its replica of identification's register, kept current "
        "from that service's change feed (consumers and their dead letters), and its own change feed and "
        "audit trail.",
        settings=settings,
        infra=infra,
        routers=[],
    )
    mount_consumers(app, consumers, handlers(settings))
    return app
