"""Liveness, readiness and metrics endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from shared.errors import Problem, responses
from shared.migrations import at_head

router = APIRouter(tags=["health"])


class DatabaseUnreachable(Problem):
    """The database cannot be reached."""

    STATUS, CODE = 503, "database_unreachable"


class MigrationsPending(Problem):
    """The database schema is not at the newest migration; run the migrations."""

    STATUS, CODE = 503, "migrations_pending"


@router.get("/healthz", operation_id="healthz", summary="Tell that the process is alive")
def healthz(request: Request) -> dict[str, str]:
    """Answer while the process runs, whatever the database does."""
    return {"status": "ok", "service": request.app.state.service_name}


@router.get("/readyz", operation_id="readyz", summary="Tell that the service can serve",
            responses=responses(DatabaseUnreachable, MigrationsPending))
def readyz(request: Request) -> dict[str, str]:
    """Check that the database answers and its schema is at the newest migration."""
    db = request.app.state.db
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        current = at_head(request.app.state.service_name, db.engine)
    except SQLAlchemyError as exc:
        raise DatabaseUnreachable("The database cannot be reached", "无法连接数据库") from exc
    if not current:
        raise MigrationsPending("The database schema is not at the newest migration",
                                "数据库结构不是最新版本，请先执行迁移")
    return {"status": "ready", "service": request.app.state.service_name, "database": db.dialect}


@router.get("/metrics", operation_id="metrics", summary="Prometheus metrics",
            response_class=Response)
def metrics(request: Request) -> Response:
    """Expose request counts and latencies in the Prometheus text format."""
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
