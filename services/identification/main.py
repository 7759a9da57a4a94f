"""The identification service: the register of poor households and people."""

from fastapi import FastAPI

from services.identification.bulk.router import router as bulk_router
from services.identification.campaigns.router import assignments_router, cases_router
from services.identification.campaigns.router import router as campaigns_router
from services.identification.codes.router import router as codes_router
from services.identification.crosschecks.router import router as crosschecks_router
from services.identification.households.router import router as households_router
from services.identification.models import infra
from services.identification.monitoring.router import router as monitoring_router
from services.identification.people.router import router as people_router
from services.identification.policy.catalogue import RULES
from services.identification.policy.evaluation_router import (
    evaluations_router,
    villages_router,
)
from services.identification.policy.evaluation_router import households_router as evaluation_router
from services.identification.policy.router import router as policy_router
from services.identification.procedures.router import router as procedures_router
from services.identification.regions.router import router as regions_router
from services.identification.replica.router import router as replica_router
from services.identification.settings import IdentificationSettings
from shared.app import create_service_app
from shared.rules_api import catalogue_router


def create_app(settings: IdentificationSettings | None = None) -> FastAPI:
    """Build the identification app."""
    return create_service_app(
        name="identification",
        title="Identification service (精准识别服务)",
        description="The register of poor households and people (建档立卡): regions, households, "
        "members, incomes, and their lifecycle with every decision explained.",
        settings=settings or IdentificationSettings(),
        infra=infra,
        routers=[bulk_router, regions_router, households_router, people_router, codes_router,
                 procedures_router, policy_router, catalogue_router(RULES, "identification:read"),
                 evaluation_router, evaluations_router, villages_router,
                 campaigns_router, assignments_router, cases_router, crosschecks_router,
                 monitoring_router, replica_router],
    )
