"""Routes every service shares: the change feed and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy import or_, select

from shared.auth import Caller, require
from shared.errors import invalid
from shared.events import CloudEvent
from shared.journal import verify_chain
from shared.pagination import MAX_LIMIT, Page, prefix_upper_bound
from shared.session import SessionDep
from shared.types import ascii_digits

router = APIRouter(prefix="/api/v1", tags=["change feed and audit"])
_MAX_POSITION = 2**63 - 1  # positions and seqs are BIGINT


def _scope_filter(column: Any, caller: Caller) -> Any:
    """Rows inside the caller's region, plus region-less rows for province-wide callers."""
    in_scope = (column >= caller.region) & (column < prefix_upper_bound(caller.region))
    return or_(in_scope, column.is_(None)) if len(caller.region) == 2 else in_scope


def _position(after: str | None) -> int:
    if after is None:
        return 0
    if not ascii_digits(after) or len(after) > 19 or int(after) > _MAX_POSITION:
        raise invalid("after", "cursor_invalid", "after must be a feed position", "after 必须是变更序号")
    return int(after)


_HEAD_HEADERS = {
    "X-Feed-Head-Position": {"description": "the newest position of the whole feed (最新变更序号)",
                             "schema": {"type": "integer"}},
    "X-Feed-Head-Time": {"description": "when the newest event happened (最新事件时间)",
                         "schema": {"type": "string", "format": "date-time"}},
}


@router.get("/events", operation_id="list_events", summary="Read the change feed in commit order",
            response_model=Page[CloudEvent],
            responses={200: {"description": "events after the position; the headers tell how far "
                             "the feed reaches, so consumers know their lag", "headers": _HEAD_HEADERS}})
def list_events(
    session: SessionDep,
    caller: Annotated[Caller, require("events:read")],
    after: Annotated[str | None, Query(description="last position you processed (游标)")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    type: Annotated[str | None, Query(description="only events of this type (事件类型)")] = None,
) -> Response:
    """Return events after a position, oldest first, within the caller's region."""
    t = session.infra.outbox
    head = session.execute(select(session.infra.chain_head.c.event_position)).scalar_one()
    head_time = session.execute(select(t.c.time).where(t.c.position == head)).scalar()
    headers = {"X-Feed-Head-Position": str(head)}
    if head_time is not None:
        headers["X-Feed-Head-Time"] = head_time.isoformat()
    stmt = select(t).where(t.c.position > _position(after), _scope_filter(t.c.region_code, caller))
    if type:
        stmt = stmt.where(t.c.type == type)
    rows = session.execute(stmt.order_by(t.c.position).limit(limit)).mappings().all()
    items = [
        CloudEvent(id=r["event_id"], source=f"/{r['source']}", type=r["type"], subject=r["subject"],
                   time=r["time"], dataversion=r["data_version"], sequence=str(r["position"]),
                   data=r["data"])
        for r in rows
    ]
    next_cursor = str(rows[-1]["position"]) if len(rows) == limit else None
    # Serialised once: consumers catching up read hundreds of thousands of events.
    return Response(Page[CloudEvent](items=items, next_cursor=next_cursor).model_dump_json(),
                    headers=headers, media_type="application/json")


class AuditEntryRead(BaseModel):
    """One audit entry (审计记录): who changed what, when, before and after."""

    seq: int = Field(description="序号")
    at: datetime = Field(description="时间")
    actor: str = Field(description="操作人")
    action: str = Field(description="操作")
    entity_type: str = Field(description="对象类型")
    entity_id: str = Field(description="对象标识")
    region_code: str | None = Field(description="区划代码")
    before: dict[str, Any] | None = Field(description="修改前")
    after: dict[str, Any] | None = Field(description="修改后")
    request_id: str | None = Field(description="请求标识")
    hash: str = Field(description="哈希值 (链式)")


class ChainReportRead(BaseModel):
    """The result of re-checking the audit hash chain (审计链校验)."""

    ok: bool = Field(description="链完整")
    entries_checked: int = Field(description="已校验条数")
    head_seq: int = Field(description="链头序号")
    first_bad_seq: int | None = Field(description="第一个异常序号")
    reason: str | None = Field(description="异常原因")


@router.get("/audit", operation_id="list_audit_entries", summary="Read the audit trail",
            response_model=Page[AuditEntryRead])
def list_audit(
    session: SessionDep,
    caller: Annotated[Caller, require("audit:read")],
    entity_id: str | None = None,
    after: Annotated[str | None, Query(description="last seq you read")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> Page[AuditEntryRead]:
    """List audit entries in order, optionally for one entity, within the caller's region."""
    t = session.infra.audit
    stmt = select(t).where(t.c.seq > _position(after), _scope_filter(t.c.region_code, caller))
    if entity_id:
        stmt = stmt.where(t.c.entity_id == entity_id)
    rows = session.execute(stmt.order_by(t.c.seq).limit(limit)).mappings().all()
    items = [AuditEntryRead.model_validate(dict(r)) for r in rows]
    return Page[AuditEntryRead](items=items, next_cursor=str(rows[-1]["seq"]) if len(rows) == limit else None)


@router.get("/audit/verify", operation_id="verify_audit_chain",
            summary="Re-check the audit hash chain", response_model=ChainReportRead)
def verify_audit(
    session: SessionDep, caller: Annotated[Caller, require("audit:read")],
    full: Annotated[bool, Query(description="re-check from the first entry, not from the last "
                                            "verified checkpoint (全量校验)")] = False,
) -> ChainReportRead:
    """Check the entries added since the last verification against their seals and checkpoints."""
    report = verify_chain(session, session.infra, session.journal.anchor, full)
    return ChainReportRead(**report.__dict__)
