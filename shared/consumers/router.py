"""`/api/v1/consumers`: where each consumer stands, its dead letters, and their replay."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from shared.auth import CONSUMERS_ADMIN, CONSUMERS_READ, Caller, require
from shared.consumers import service
from shared.consumers.core import Handler
from shared.consumers.errors import (
    ConsumerUnknown,
    DeadLetterReplayed,
    DeadLetterUnknown,
    ReplayFailed,
    SourceUnavailable,
)
from shared.consumers.schemas import ConsumerList, DeadLetterRead
from shared.consumers.tables import ConsumerTables
from shared.errors import Forbidden, responses
from shared.pagination import MAX_LIMIT, Page
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/consumers", tags=["consumers"])
_NAME = Annotated[str, Path(max_length=64, pattern=r"^[a-z][a-z0-9_-]*$", description="消费者名称",
                            examples=["register"])]
_STATUS_EXAMPLE = {"items": [{
    "name": "register", "source": "identification", "transport": "http", "position": 5120,
    "head_position": 5120, "lag_events": 0, "lag_seconds": 0.0, "applied": 5100, "skipped": 20,
    "dead_lettered": 1, "dead_letters_waiting": 0, "failures": 6,
    "last_error": "TransientError: feed answered 503", "last_error_at": "2026-12-03T08:10:00Z",
    "stopped": None, "bootstrapped_at": "2026-12-03T08:00:05Z", "updated_at": "2026-12-03T08:12:00Z"}]}
_LETTER_EXAMPLE = {
    "id": 1, "consumer": "register", "event_id": "6c1e0f3a-9b2d-4c8e-8f1a-2b3c4d5e6f70", "position": 4711,
    "type": "household.removed", "data_version": 1, "attempts": 5,
    "error": "MissingRow: identification returned no row for 0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21",
    "dead_at": "2026-12-03T08:05:00Z", "replayed_at": None, "replayed_by": None,
    "event": {"specversion": "1.0", "id": "6c1e0f3a-9b2d-4c8e-8f1a-2b3c4d5e6f70",
              "source": "/identification", "type": "household.removed", "sequence": "4711",
              "subject": "0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21", "time": "2026-12-03T08:04:00Z",
              "datacontenttype": "application/json", "dataversion": 1,
              "data": {"household_id": "0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21"}}}


@dataclass(frozen=True)
class ConsumerMount:
    """A service's consumer tables and the handlers its consumers run, by name."""

    tables: ConsumerTables
    handlers: dict[str, Handler]


def _mount(request: Request) -> ConsumerMount:
    return request.app.state.consumers


@router.get("", operation_id="list_consumers", summary="Show each consumer's position, lag and failures",
            response_model=ConsumerList,
            description="Needs `consumers:read` (administrators, province officials, monitoring accounts).",
            responses={200: {"description": "every consumer of this service",
                             "content": {"application/json": {"example": _STATUS_EXAMPLE}}},
                       **responses(Forbidden)})
def list_consumers(request: Request, session: SessionDep,
                   caller: Annotated[Caller, require(CONSUMERS_READ)]) -> ConsumerList:
    """List every consumer with its position, lag in events and seconds, counts and last error."""
    return ConsumerList(items=service.statuses(session, _mount(request).tables))


@router.get("/{name}/dead-letters", operation_id="list_dead_letters",
            summary="List a consumer's dead letters",
            response_model=Page[DeadLetterRead],
            description="Needs `consumers:admin` (administrators). 404 for an unknown consumer.",
            responses={200: {"description": "dead letters in the order they were made",
                             "content": {"application/json": {"example": {
                                 "items": [_LETTER_EXAMPLE], "next_cursor": None, "has_more": False}}}},
                       **responses(Forbidden, ConsumerUnknown)})
def list_dead_letters(
    request: Request,
    session: SessionDep,
    caller: Annotated[Caller, require(CONSUMERS_ADMIN)],
    name: _NAME,
    cursor: Annotated[int, Query(ge=0, le=2**62, description="last id you read (游标)")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    waiting: Annotated[bool, Query(description="only those not replayed yet (仅待重放)")] = False,
) -> Page[DeadLetterRead]:
    """List dead letters of one consumer, oldest first."""
    items = service.dead_letters(session, _mount(request).tables, name, cursor, limit, waiting)
    return Page[DeadLetterRead](items=items, next_cursor=str(items[-1].id) if len(items) == limit else None)


@router.post("/{name}/dead-letters/{letter_id}/replay", operation_id="replay_dead_letter",
             summary="Apply a dead letter's event again after a fix", response_model=DeadLetterRead,
             description="Needs `consumers:admin`. The handler runs in this request's transaction: on "
             "success the event counts as applied (a consumer stopped on it goes on); on failure "
             "nothing is written.",
             responses={
                 200: {"description": "replayed and applied",
                       "content": {"application/json": {"example": _LETTER_EXAMPLE | {
                           "replayed_at": "2026-12-03T09:00:00Z", "replayed_by": "admin-44"}}}},
                 **responses(Forbidden, ConsumerUnknown, DeadLetterUnknown, DeadLetterReplayed,
                             ReplayFailed, SourceUnavailable)})
def replay_dead_letter(
    request: Request,
    session: SessionDep,
    caller: Annotated[Caller, require(CONSUMERS_ADMIN)],
    name: _NAME,
    letter_id: Annotated[int, Path(ge=1, le=2**62, description="死信标识")],
) -> DeadLetterRead:
    """Replay one dead letter through its consumer's handler."""
    mount = _mount(request)
    handler = mount.handlers.get(name)
    if handler is None:
        raise ConsumerUnknown(f"Consumer {name} was not found", f"未找到消费者 {name}")
    return service.replay(session, mount.tables, handler, name, letter_id, caller.subject)
