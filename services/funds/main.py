"""The funds service: project libraries, money by progress, notices, performance, credit."""

from fastapi import FastAPI

from services.funds.assets.router import router as assets_router
from services.funds.audits.router import router as audits_router
from services.funds.catalogue import RULES
from services.funds.codes import CODE_TABLES
from services.funds.consumers import handlers
from services.funds.credit.router import router as credit_router
from services.funds.deps import Reader
from services.funds.models import consumers, infra
from services.funds.money.router import router as money_router
from services.funds.performance.router import router as performance_router
from services.funds.projects.router import router as projects_router
from services.funds.publicity.public import router as public_router
from services.funds.publicity.router import router as publicity_router
from services.funds.reports.router import router as reports_router
from services.funds.settings import FundsSettings
from shared.app import create_service_app
from shared.codes import codes_router
from shared.consumers.app import mount_consumers
from shared.rules_api import catalogue_router

TAGS = {
    "projects": "县级脱贫攻坚项目库 (the county project library: proposal, lifecycle steps, adjustments)",
    "money": "资金下达与拨付 (allocations, staged payment plans, verified progress, payments)",
    "asset-income": "资产收益扶贫 (shares held for households, yearly guarantee plus dividend by shares)",
    "micro-credit": "扶贫小额信贷 (loans to registered households, renewal without repaying principal, "
    "risk flags)",
    "performance": "资金绩效管理 (indicators with baseline, targets and actuals by period; scored "
    "evaluations)",
    "audits": "跟踪审计与专项抽查 (reproducible seeded samples, findings, rectification to closure)",
    "reports": "资金报表 (budget, allocated and disbursed by county, source and project type; JSON, XLSX "
    "and the records behind each figure)",
    "publicity": "公告公示 (notices of plans, allocations and completions with their publicity periods; "
    "corrections that supersede; objections and their answers)",
    "public-notices": "公开查询 (no token: published notices, objections from the public and the notice "
    "board page; rate-limited per client address)",
}


def create_app(settings: FundsSettings | None = None) -> FastAPI:
    """Build the funds app."""
    settings = settings or FundsSettings()
    app = create_service_app(
        name="funds",
        title="Funds service",
        description="资金项目服务: county project libraries and their steps, allocations and payments by "
        "verified progress, asset income shares and dividends, micro-credit; performance indicators and "
        "evaluations, tracking audits and spot checks with their rectification, funds reports; notices "
        "with publicity periods and objections (the public routes need no token and are rate-limited "
        "per client address; with the default in-memory counters each worker process counts on its own, "
        "so N workers allow up to N times the stated rate); its replica of identification's register, "
        "kept current from that service's change feed (consumers); its own change feed and audit trail.",
        settings=settings,
        infra=infra,
        tags=TAGS,
        routers=[projects_router, money_router, assets_router, credit_router, performance_router,
                 audits_router, reports_router, publicity_router, public_router,
                 codes_router(CODE_TABLES, Reader),
                 catalogue_router(RULES, "funds:read")],
    )
    mount_consumers(app, consumers, handlers(settings))
    return app
