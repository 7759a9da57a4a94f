"""The supervision service: visits, research quotas, interviews, assessments, misconduct."""

from fastapi import FastAPI

from services.supervision.models import infra
from services.supervision.settings import SupervisionSettings
from shared.app import create_service_app


def create_app(settings: SupervisionSettings | None = None) -> FastAPI:
    """Build the supervision app."""
    return create_service_app(
        name="supervision",
        title="Supervision service (督查问责服务)",
        description="Secretary visits, field research quotas, interviews and rectification, "
        "assessments, misconduct leads and the credit blacklist.",
        settings=settings or SupervisionSettings(),
        infra=infra,
        routers=[],
    )
