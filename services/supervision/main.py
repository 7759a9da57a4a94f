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
from services.supervision.refusals import REFUSALS
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
    "red-flags": "数据预警 (visits far from their target, impossible journeys, households not visited)",
    "interviews": "约谈 (admonishment interviews with their rectification lists)",
    "inspections": "督查巡查 (inspection tours and their findings)",
    "rectification": "整改 (rectification items: report, verification by another, closure, overdue)",
    "research": "专题调研 (city and county leaders' research quotas per year, and compliance)",
    "assessments": "考核 (yearly assessments of regions and leaders with scored indicators)",
    "evaluations": "第三方评估 (third-party evaluation of 两不愁三保障 on a seeded sample)",
    "misconduct": "问题线索 (misconduct leads in the poverty field and their handling)",
    "blacklist": "失信人员名单 (the credit blacklist, asked by ID-number lookup hash)",
}


def create_app(settings: SupervisionSettings | None = None) -> FastAPI:
    """Build the supervision app."""
    settings = settings or SupervisionSettings()
    app = create_service_app(
        name="supervision",
        title="Supervision service",
        description="督查问责服务: officials of five levels and the 1:2 reserve, work teams with hand-over, "
        "visits recorded in offline batches with their coverage of the register, code tables and the "
        "rules catalogue; its replica of identification's register, kept current from that service's "
        "change feed (consumers); its own change feed and audit trail.",
        settings=settings,
        infra=infra,
        refusals=REFUSALS,
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
