"""The supervision service: visits, research quotas, interviews, assessments, misconduct."""

from fastapi import FastAPI

from services.supervision.consumers import handlers
from services.supervision.models import consumers, infra
from services.supervision.settings import SupervisionSettings
from shared.app import create_service_app
from shared.consumers.app import mount_consumers


def create_app(settings: SupervisionSettings | None = None) -> FastAPI:
    """Build the supervision app."""
    settings = settings or SupervisionSettings()
    app = create_service_app(
        name="supervision",
        title="Supervision service (督查问责服务)",
        description="Secretary visits, field research quotas, interviews and rectification, "
        "assessments, misconduct leads and the credit blacklist.",
        settings=settings,
        infra=infra,
        routers=[],
    )
    mount_consumers(app, consumers, handlers(settings))
    return app
