"""The employment service: labour force, jobs, matching, training and follow-up."""

from fastapi import FastAPI

from services.employment.catalogue import RULES
from services.employment.codes import CODE_TABLES
from services.employment.consumers import handlers
from services.employment.counselling.router import router as counselling_router
from services.employment.coverage.router import router as coverage_router
from services.employment.deps import Reader
from services.employment.jobs.router import router as jobs_router
from services.employment.labour.router import router as labour_router
from services.employment.matching.router import router as matching_router
from services.employment.models import consumers, infra
from services.employment.placements.router import router as placements_router
from services.employment.settings import EmploymentSettings
from services.employment.training.router import router as training_router
from shared.app import create_service_app
from shared.codes import codes_router
from shared.consumers.app import mount_consumers
from shared.rules_api import catalogue_router

TAGS = {
    "labour-force": "The labour force from the register replica, and labourers' own records (劳动力)",
    "jobs": "Employers by unified social credit code, and positions of every kind (用人单位与岗位)",
    "matching": "Jobs for a person and people for a job, with scores and reasons (人岗对接)",
    "counselling": "One-to-one service: counsellor, personal plan, contact log (一对一帮扶)",
    "placements": "Recommended → applied → hired → employed → followed up → left (就业推荐)",
    "training": "Programmes, enrolment, attendance, free appraisal, subsidies (技能培训)",
    "coverage": "Coverage against the two 100% targets, and the people behind gaps (两个100%)",
}


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
        routers=[labour_router, jobs_router, matching_router, counselling_router, placements_router,
                 training_router, coverage_router,
                 codes_router(CODE_TABLES, Reader),
                 catalogue_router(RULES, "employment:read")],
        tags=TAGS,
    )
    mount_consumers(app, consumers, handlers(settings))
    return app
