"""The employment service: labour force, jobs, matching, training and follow-up."""

from fastapi import FastAPI

from services.employment.models import infra
from services.employment.settings import EmploymentSettings
from shared.app import create_service_app


def create_app(settings: EmploymentSettings | None = None) -> FastAPI:
    """Build the employment app."""
    return create_service_app(
        name="employment",
        title="Employment service (就业扶贫服务)",
        description="Labour force, employers and positions, matching with reasons, "
        "placements, training and follow-up.",
        settings=settings or EmploymentSettings(),
        infra=infra,
        routers=[],
    )
