"""The supervision service: visits, research quotas, interviews, assessments, misconduct."""

from fastapi import FastAPI

from services.supervision.assessments.router import assessments_router, evaluations_router
from services.supervision.catalogue import RULES
from services.supervision.codes import CODE_TABLES
from services.supervision.consumers import handlers
from services.supervision.deps import Reader
from services.supervision.flags.router import places_router
from services.supervision.flags.router import router as flags_router
from services.supervision.misconduct.router import blacklist_router, leads_router
from services.supervision.models import consumers, infra
from services.supervision.officials.router import reserve_router
from services.supervision.officials.router import router as officials_router
from services.supervision.rectification.router import inspections_router, interviews_router, items_router
from services.supervision.research.router import router as research_router
from services.supervision.settings import SupervisionSettings
from services.supervision.teams.router import router as teams_router
from services.supervision.visits.router import router as visits_router
from shared.app import create_service_app
from shared.codes import codes_router
from shared.consumers.app import mount_consumers
from shared.rules_api import catalogue_router

TAGS = {
    "officials": "干部 (officials of five levels, their posts, and the 1:2 reserve of village secretaries)",
    "work-teams": "驻村工作队 (work teams sent to villages, their terms and hand-overs)",
    "visits": "遍访 (secretaries' visits to households, in offline batches, with coverage)",
}


def create_app(settings: SupervisionSettings | None = None) -> FastAPI:
    """Build the supervision app."""
    settings = settings or SupervisionSettings()
    app = create_service_app(
        name="supervision",
        title="Supervision service",
        description="督查问责服务: Secretary visits, field research quotas, interviews and rectification, "
        "assessments, misconduct leads and the credit blacklist.",
        settings=settings,
        infra=infra,
        routers=[
            officials_router,
            reserve_router,
            teams_router,
            visits_router,
            places_router,
            flags_router,
            interviews_router,
            inspections_router,
            items_router,
            research_router,
            assessments_router,
            evaluations_router,
            leads_router,
            blacklist_router,
            codes_router(CODE_TABLES, Reader),
            catalogue_router(RULES, "supervision:read"),
        ],
        tags=TAGS,
    )
    mount_consumers(app, consumers, handlers(settings))
    return app
