"""The funds service: project libraries, money by progress, notices, performance, credit."""

from fastapi import FastAPI

from services.funds.consumers import handlers
from services.funds.models import consumers, infra
from services.funds.settings import FundsSettings
from shared.app import create_service_app
from shared.consumers.app import mount_consumers


def create_app(settings: FundsSettings | None = None) -> FastAPI:
    """Build the funds app."""
    settings = settings or FundsSettings()
    app = create_service_app(
        name="funds",
        title="Funds service",
        description="资金项目服务: County project libraries, allocations and disbursements by progress, "
        "public notices, performance, asset income and micro-credit.",
        settings=settings,
        infra=infra,
        routers=[],
    )
    mount_consumers(app, consumers, handlers(settings))
    return app
