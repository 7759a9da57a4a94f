"""The one factory every service's create_app calls."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi_offline import FastAPIOffline
from starlette.middleware.gzip import GZipMiddleware

from shared import event_schemas_api, feed, health
from shared.conditional import ConditionalMiddleware
from shared.contract import Answer, openapi_document
from shared.db import Database, service_context
from shared.errors import (
    install_error_handlers,
    refuse_loose_integers,
    refuse_nul_input,
    refuse_shadowed_methods,
    refuse_unknown_parameters,
)
from shared.idempotency import IdempotencyMiddleware
from shared.infra import InfraTables
from shared.jwks import JwksKeys
from shared.logs import configure_logging
from shared.metrics import JobCollector, JournalCollector, Metrics, job_tables
from shared.migrations import SchemaCheck
from shared.observability import RequestContextMiddleware
from shared.settings import ServiceSettings
from shared.uploads import seal_upload_spools

# What the routers every service mounts are about (their tag names are ASCII: clients make modules of them).
SHARED_TAGS = {
    "health": "存活、就绪与指标 (liveness, readiness and Prometheus metrics)",
    "events": "变更事件流 (the change feed: CloudEvents in commit order, paged by cursor)",
    "audit": "审计记录 (the audit trail and its hash chain)",
    "consumers": "事件消费 (this service's feed consumers: positions, lag, dead letters)",
    "rules": "规则目录 (the rules this service applies, each with its source in the plan)",
    "codes": "代码表 (this service's code tables: each code the API takes with its Chinese label)",
}
# Chosen with bench/bench_compression.py: below one TCP segment compression saves no round trip, and
# level 5 keeps nearly all of level 9's saving at a fraction of its CPU.
GZIP_MIN_BYTES = 1400
GZIP_LEVEL = 5


def create_service_app(
    *,
    name: str,
    title: str,
    description: str,
    settings: ServiceSettings,
    infra: InfraTables,
    routers: Sequence[APIRouter],
    tags: dict[str, str] | None = None,
    refusals: Mapping[str, Sequence[Answer]] | None = None,
) -> FastAPI:
    """Build a service app with the suite's errors, auth, journal, health and middleware.

    `title` and tag names are ASCII (generated clients make package and module names of them);
    `tags` describes the service's own tags, in Chinese first; `refusals` documents, by operation id, the
    4xx codes a service raises as field errors of its own (`invalid(...)`) rather than typed Problems.
    """
    settings.check_production_ready()
    seal_upload_spools()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await app.state.db.dispose_async()
        app.state.metrics.process_exited()
        if app.state.jwks is not None:
            app.state.jwks.close()

    # /docs and /redoc serve their scripts from the package: intranets reach no CDN.
    app = FastAPIOffline(title=title, description=description, version="1.0.0", lifespan=lifespan,
                         dependencies=[Depends(refuse_shadowed_methods), Depends(refuse_unknown_parameters),
                                       Depends(refuse_nul_input), Depends(refuse_loose_integers)])
    context = service_context(name, infra, settings)
    app.state.service_name = name
    app.state.settings = settings
    app.state.infra = infra
    app.state.cipher = context.cipher
    app.state.jwks = JwksKeys(settings.jwks_url, cache_seconds=settings.jwks_cache_seconds,
                              min_refresh=settings.jwks_min_refresh_seconds) if settings.jwks_url else None
    app.state.db = Database(settings.resolved_database_url(), context, echo=settings.sql_echo)
    app.state.schema_check = SchemaCheck(name, infra.metadata)
    app.state.metrics = _metrics(name, app.state.db, infra)
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(feed.router)
    app.include_router(event_schemas_api.router)
    for router in routers:
        app.include_router(router)
    app.add_middleware(ConditionalMiddleware)
    app.add_middleware(IdempotencyMiddleware, infra=infra)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)
    app.add_middleware(RequestContextMiddleware, metrics=app.state.metrics)
    app.openapi = _contract(app, {**SHARED_TAGS, **(tags or {})}, refusals)  # type: ignore[method-assign]
    configure_logging()
    return app


def _contract(app: FastAPI, tags: dict[str, str],
              refusals: Mapping[str, Sequence[Answer]] | None) -> Callable[[], dict[str, Any]]:
    """Build the OpenAPI document once, on first request."""

    def openapi() -> dict[str, Any]:
        if not app.openapi_schema:
            app.openapi_schema = openapi_document(app, tags, refusals)
        return app.openapi_schema

    return openapi


def _metrics(name: str, db: Database, infra: InfraTables) -> Metrics:
    """Count requests and pooled connections; read the outbox, feed and jobs when scraped."""
    metrics = Metrics(name)
    metrics.watch_pool(db.engine)
    metrics.register(JournalCollector(name, db, infra))
    jobs = job_tables(infra.metadata)
    if jobs:
        metrics.register(JobCollector(name, db, jobs))
    return metrics
