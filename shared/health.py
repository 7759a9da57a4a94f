"""Liveness, readiness and metrics endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from shared.errors import Problem, responses
from shared.migrations import SchemaState

router = APIRouter(tags=["health"])


class DatabaseUnreachable(Problem):
    """The database cannot be reached."""

    STATUS, CODE = 503, "database_unreachable"


class MigrationsPending(Problem):
    """The database schema is not at the newest migration; run the migrations."""

    STATUS, CODE = 503, "migrations_pending"


class SchemaIncompatible(Problem):
    """A newer database schema lacks a table or column this release uses, or requires one it never writes."""

    STATUS, CODE = 503, "schema_incompatible"


@router.get("/healthz", operation_id="healthz", summary="Tell that the process is alive")
def healthz(request: Request) -> dict[str, str]:
    """Answer while the process runs, whatever the database does."""
    return {"status": "ok", "service": request.app.state.service_name}


@router.get("/readyz", operation_id="readyz", summary="Tell that the service can serve",
            responses=responses(DatabaseUnreachable, MigrationsPending, SchemaIncompatible))
def readyz(request: Request) -> dict[str, str]:
    """Check that the database answers and its schema is this release's, or a newer compatible one.

    A newer schema (a rolling update's migration ran before this pod was replaced) keeps the
    pod ready while it still holds every table and column this release uses (shared.migrations).
    """
    db = request.app.state.db
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        state = request.app.state.schema_check.state(db.engine)
    except SQLAlchemyError as exc:
        raise DatabaseUnreachable("The database cannot be reached", "无法连接数据库") from exc
    if state is SchemaState.BEHIND:
        raise MigrationsPending("The database schema is not at the newest migration",
                                "数据库结构不是最新版本，请先执行迁移")
    if state is SchemaState.NEWER_INCOMPATIBLE:
        raise SchemaIncompatible("The database schema is newer and lacks what this release uses",
                                 "数据库结构已升级且与本版本不兼容")
    return {"status": "ready", "service": request.app.state.service_name, "database": db.dialect,
            "schema": state.value}


@router.get("/metrics", operation_id="metrics", summary="Prometheus metrics",
            response_class=Response)
def metrics(request: Request) -> Response:
    """Expose requests, pools, outbox, feed, jobs and consumers in the Prometheus text format."""
    return Response(request.app.state.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)
