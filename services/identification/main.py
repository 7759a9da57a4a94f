"""The identification service: the register of poor households and people."""

from fastapi import FastAPI

from services.identification.bulk.router import router as bulk_router
from services.identification.campaigns.router import assignments_router, cases_router
from services.identification.campaigns.router import router as campaigns_router
from services.identification.codes.router import router as codes_router
from services.identification.contacts.router import router as contacts_router
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

TAGS = {
    "bulk": "批量导入导出 (bulk import of the register from CSV or XLSX as background jobs, and exports)",
    "regions": "区划 (regions down to natural villages, with village designations and conditions)",
    "households": "贫困户 (households, their members and incomes)",
    "people": "人员 (people on the register, by ID number)",
    "contacts": "联系方式 (one member's contact details for an end user and a purpose, every read audited)",
    "procedures": "识别与退出程序 (identification, exit, removal and return procedures, step by step)",
    "policy": "政策标准 (policy standards by year and region, and what-if evaluations)",
    "evaluations": "判定 (household and village evaluations against the standard in force)",
    "campaigns": "回头看 (re-verification campaigns and the cadres' verification tasks)",
    "cases": "核查案件 (cases opened by verification or cross-checks, until closed)",
    "crosschecks": "部门数据比对 (department lists compared with the register)",
    "monitoring": "动态监测 (households at risk of returning to poverty, disasters, statistics)",
    "replica": "数据副本 (snapshot pages for services that keep a replica of the register)",
}


def create_app(settings: IdentificationSettings | None = None) -> FastAPI:
    """Build the identification app."""
    return create_service_app(
        name="identification",
        title="Identification service",
        description="精准识别服务: The register of poor households and people (建档立卡): regions, "
        "households, members, incomes, and their lifecycle with every decision explained.",
        settings=settings or IdentificationSettings(),
        infra=infra,
        routers=[bulk_router, regions_router, households_router, people_router, contacts_router, codes_router,
                 procedures_router, policy_router, catalogue_router(RULES, "identification:read"),
                 evaluation_router, evaluations_router, villages_router,
                 campaigns_router, assignments_router, cases_router, crosschecks_router,
                 monitoring_router, replica_router],
        tags=TAGS,
    )
