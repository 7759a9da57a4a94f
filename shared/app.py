"""The one factory every service's create_app calls."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi_offline import FastAPIOffline

from shared import feed, health
from shared.db import Database, service_context
from shared.errors import PROBLEM_JSON, install_error_handlers, refuse_loose_integers, refuse_nul_input
from shared.idempotency import IdempotencyMiddleware
from shared.infra import InfraTables
from shared.jwks import JwksKeys
from shared.observability import Metrics, RequestContextMiddleware
from shared.settings import ServiceSettings

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details (错误详情)",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "code": {"type": "string"},
                               "message": {"type": "string"}},
            },
        },
    },
    "required": ["type", "title", "status", "detail", "code"],
}
_FASTAPI_422 = "Validation Error"
_ERROR_STATUSES = {"400": "Bad request", "401": "Not authenticated", "403": "Forbidden",
                   "404": "Not found or outside your region", "422": "Invalid input"}


def _add_problem_responses(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """Document problem+json error responses on every operation."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        schema["components"]["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
        problem = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for path, ops in schema.get("paths", {}).items():
            for op in ops.values():
                responses = op.setdefault("responses", {})
                invalid = responses.pop("422", {})  # FastAPI's own is not what the suite answers
                for status, text in _ERROR_STATUSES.items():
                    responses.setdefault(status, {"description": text, "content": problem})
                if invalid.get("description", _FASTAPI_422) != _FASTAPI_422:  # a route's typed 422s
                    responses["422"] = {**invalid,
                                        "description": f"{_ERROR_STATUSES['422']}; {invalid['description']}"}
                for status, value in responses.items():
                    if status[0] in "45":
                        example = value.get("content", {}).get(PROBLEM_JSON, {}).get("example")
                        value["content"] = ({PROBLEM_JSON: {**problem[PROBLEM_JSON], "example": example}}
                                            if example else problem)
                if path not in ("/healthz", "/readyz", "/metrics"):
                    op["security"] = [{"bearer": []}]
        app.openapi_schema = schema
        return schema

    return openapi


def create_service_app(
    *,
    name: str,
    title: str,
    description: str,
    settings: ServiceSettings,
    infra: InfraTables,
    routers: Sequence[APIRouter],
) -> FastAPI:
    """Build a service app with the suite's errors, auth, journal, health and middleware."""
    settings.check_production_ready()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.db.dispose()
        if app.state.jwks is not None:
            app.state.jwks.close()

    # /docs and /redoc serve their scripts from the package: intranets reach no CDN.
    app = FastAPIOffline(title=title, description=description, version="1.0.0", lifespan=lifespan,
                         dependencies=[Depends(refuse_nul_input), Depends(refuse_loose_integers)])
    context = service_context(name, infra, settings)
    app.state.service_name = name
    app.state.settings = settings
    app.state.infra = infra
    app.state.cipher = context.cipher
    app.state.jwks = JwksKeys(settings.jwks_url, cache_seconds=settings.jwks_cache_seconds,
                              min_refresh=settings.jwks_min_refresh_seconds) if settings.jwks_url else None
    app.state.db = Database(settings.resolved_database_url(), context, echo=settings.sql_echo)
    app.state.metrics = Metrics(name)
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(feed.router)
    for router in routers:
        app.include_router(router)
    app.add_middleware(IdempotencyMiddleware, infra=infra)
    app.add_middleware(RequestContextMiddleware, metrics=app.state.metrics)
    app.openapi = _add_problem_responses(app)  # type: ignore[method-assign]
    logging.getLogger("suite").setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines quote outgoing URLs and queries
    return app
