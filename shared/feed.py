"""Routes every service shares: the change feed and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import or_, select

from shared.auth import Caller, require
from shared.db import ServiceSession
from shared.events import CloudEvent
from shared.journal import verify_chain
from shared.pagination import MAX_LIMIT, Page, prefix_upper_bound
from shared.session import ReadDep, SessionDep

router = APIRouter(prefix="/api/v1")
# Positions and seqs are BIGINT; 18 digits stay below its limit, so a cursor the pattern admits is accepted.
_POSITION = r"^[0-9]{1,18}$"


def _scope_filter(column: Any, caller: Caller) -> Any:
    """Rows inside the caller's region, plus region-less rows for province-wide callers."""
    in_scope = (column >= caller.region) & (column < prefix_upper_bound(caller.region))
    return or_(in_scope, column.is_(None)) if len(caller.region) == 2 else in_scope


def _position(cursor: str | None) -> int:
    """Read a log's cursor (the pattern let only 1 to 18 ASCII digits through): 0 before the first."""
    return 0 if cursor is None else int(cursor)


def _log_page(items: list[Any], last: list[int], cursor: int, limit: int) -> dict[str, Any]:
    """Page a log: continue after the last item read, or where the caller was when none is new."""
    return {"items": items, "next_cursor": str(last[-1] if last else cursor), "has_more": len(items) == limit}


_CURSOR_DESCRIPTION = ("游标: the `next_cursor` of the page you read last (a position); omit it to start "
                       "from the beginning")


_HEAD_HEADERS = {
    "X-Feed-Head-Position": {"description": "the newest position of the whole feed (最新变更序号)",
                             "schema": {"type": "integer"}},
    "X-Feed-Head-Time": {"description": "when the newest event happened (最新事件时间)",
                         "schema": {"type": "string", "format": "date-time"}},
}


@router.get("/events", operation_id="list_events", summary="Read the change feed in commit order",
            tags=["events"],
            response_model=Page[CloudEvent],
            responses={200: {"description": "events after the position; the headers tell how far "
                             "the feed reaches, so consumers know their lag", "headers": _HEAD_HEADERS}})
async def list_events(
    request: Request,
    reads: ReadDep,
    caller: Annotated[Caller, require("events:read")],
    cursor: Annotated[str | None, Query(pattern=_POSITION, description=_CURSOR_DESCRIPTION,
                                        examples=["5120"])] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    type: Annotated[str | None, Query(description="only events of this type (事件类型)")] = None,
) -> Response:
    """Return events after a position, oldest first, within the caller's region.

    Follow `next_cursor` while `has_more`; at the tail, keep polling with the last `next_cursor`,
    which is never null, so a consumer never reads the feed again from its start.
    """
    base = request.app.state.settings.public_base_url
    return await reads.run(_events_page, caller, _position(cursor), limit, type, base)


def _events_page(session: ServiceSession, caller: Caller, start: int, limit: int, type_: str | None,
                 base: str) -> Response:
    """Read the feed's head and one page of events after `start`, and answer them."""
    t = session.infra.outbox
    head = session.execute(select(session.infra.chain_head.c.event_position)).scalar_one()
    head_time = session.execute(select(t.c.time).where(t.c.position == head)).scalar()
    headers = {"X-Feed-Head-Position": str(head)}
    if head_time is not None:
        headers["X-Feed-Head-Time"] = head_time.isoformat()
    stmt = select(t).where(t.c.position > start, _scope_filter(t.c.region_code, caller))
    if type_:
        stmt = stmt.where(t.c.type == type_)
    rows = session.execute(stmt.order_by(t.c.position).limit(limit)).mappings().all()
    items = [CloudEvent.from_outbox(r, base) for r in rows]
    page = _log_page(items, [r["position"] for r in rows[-1:]], start, limit)
    # Serialised once: consumers catching up read hundreds of thousands of events.
    return Response(Page[CloudEvent](**page).model_dump_json(),
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
    traceparent: str | None = Field(None, description="W3C trace context of the request (追踪上下文)")
    hash: str = Field(description="哈希值 (链式)")


class ChainReportRead(BaseModel):
    """The result of re-checking the audit hash chain (审计链校验)."""

    ok: bool = Field(description="链完整")
    entries_checked: int = Field(description="已校验条数")
    head_seq: int = Field(description="链头序号")
    first_bad_seq: int | None = Field(description="第一个异常序号")
    reason: str | None = Field(description="异常原因")
    anchored_seq: int | None = Field(description="the newest entry a checkpoint published outside the "
                                                 "database holds; null when the check failed "
                                                 "(已外部锚定的最新序号)")
    unanchored_from: int | None = Field(description="entries from here to the head are not yet anchored "
                                                    "outside the database (尚未锚定的起始序号)")


@router.get("/audit", operation_id="list_audit_entries", summary="Read the audit trail", tags=["audit"],
            response_model=Page[AuditEntryRead])
def list_audit(
    session: SessionDep,
    caller: Annotated[Caller, require("audit:read")],
    entity_id: str | None = None,
    cursor: Annotated[str | None, Query(pattern=_POSITION, description=_CURSOR_DESCRIPTION,
                                        examples=["812"])] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> Page[AuditEntryRead]:
    """List audit entries in order, optionally for one entity, within the caller's region."""
    t = session.infra.audit
    start = _position(cursor)
    stmt = select(t).where(t.c.seq > start, _scope_filter(t.c.region_code, caller))
    if entity_id:
        stmt = stmt.where(t.c.entity_id == entity_id)
    rows = session.execute(stmt.order_by(t.c.seq).limit(limit)).mappings().all()
    items = [AuditEntryRead.model_validate(dict(r)) for r in rows]
    return Page[AuditEntryRead](**_log_page(items, [r["seq"] for r in rows[-1:]], start, limit))


@router.get("/audit/verify", operation_id="verify_audit_chain",
            summary="Re-check the audit hash chain", response_model=ChainReportRead, tags=["audit"])
def verify_audit(
    session: SessionDep, caller: Annotated[Caller, require("audit:read")],
    full: Annotated[bool, Query(description="re-check from the first entry, not from the last "
                                            "verified checkpoint (全量校验)")] = False,
) -> ChainReportRead:
    """Check the entries added since the last verification against their seals and checkpoints."""
    report = verify_chain(session, session.infra, session.journal.anchor, full)
    return ChainReportRead(**report.__dict__)
