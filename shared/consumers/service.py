"""Consumer status, lag, and the replay of dead letters by an administrator."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from shared.consumers import repository as repo
from shared.consumers.core import FeedEvent, Handler, TransientError, describe
from shared.consumers.errors import (
    ConsumerUnknown,
    DeadLetterReplayed,
    DeadLetterUnknown,
    ReplayFailed,
    SourceUnavailable,
)
from shared.consumers.schemas import ConsumerStatus, DeadLetterRead
from shared.consumers.tables import ConsumerTables
from shared.db import ServiceSession
from shared.types import utcnow


def lag(row: dict[str, Any], now: datetime) -> tuple[int, float | None]:
    """Compute a checkpoint's lag in events and in event time (0 when caught up)."""
    events = max(0, row["head_position"] - row["position"])
    if events == 0:
        return 0, 0.0
    if row["event_time"] is None:
        return events, None
    reference = row["head_time"] or now
    return events, max(0.0, (reference - row["event_time"]).total_seconds())


def statuses(session: Session, tables: ConsumerTables) -> list[ConsumerStatus]:
    """Describe every consumer of the service."""
    now = utcnow()
    out = []
    for row in repo.checkpoints(session, tables):
        lag_events, lag_seconds = lag(row, now)
        out.append(ConsumerStatus.model_validate(
            row | {"lag_events": lag_events, "lag_seconds": lag_seconds}))
    return out


def _consumer(session: Session, tables: ConsumerTables, name: str) -> dict[str, Any]:
    row = repo.checkpoint(session, tables, name, lock=True)
    if row is None:
        raise ConsumerUnknown(f"Consumer {name} was not found", f"未找到消费者 {name}")
    return row


def dead_letters(session: Session, tables: ConsumerTables, name: str, after: int, limit: int,
                 waiting: bool) -> list[DeadLetterRead]:
    """List a consumer's dead letters."""
    if repo.checkpoint(session, tables, name) is None:
        raise ConsumerUnknown(f"Consumer {name} was not found", f"未找到消费者 {name}")
    rows = repo.dead_letters(session, tables, name, after, limit, waiting)
    return [DeadLetterRead.model_validate(r) for r in rows]


def replay(session: ServiceSession, tables: ConsumerTables, handler: Handler, name: str, letter_id: int,
           actor: str) -> DeadLetterRead:
    """Apply a dead letter's event again (after a fix), in the request's transaction."""
    checkpoint = _consumer(session, tables, name)
    letter = repo.dead_letter(session, tables, name, letter_id)
    if letter is None:
        raise DeadLetterUnknown(f"Dead letter {letter_id} was not found", f"未找到死信 {letter_id}")
    if letter["replayed_at"] is not None:
        raise DeadLetterReplayed("This dead letter was replayed already", "该死信已重放")
    event = FeedEvent.from_cloudevent(letter["event"])
    try:
        if handler.knows(event):
            handler.apply(session, [event], handler.prepare([event]))
    except TransientError as exc:
        raise SourceUnavailable(f"The source could not be read: {describe(exc)}",
                                "无法读取来源服务，请稍后重试") from exc
    except Exception as exc:
        raise ReplayFailed(f"The handler failed again: {describe(exc)}",
                           "重放仍然失败，请先修复处理程序") from exc
    now = utcnow()
    # An administrator changed the service's data: the audit chain says who, when and what.
    session.journal.audit(actor=actor, action="dead_letter.replay", entity_type="dead_letter",
                          entity_id=letter_id, after={"consumer": name, "event_id": event.id,
                                                      "type": event.type, "position": event.position})
    repo.mark_replayed(session, tables, letter_id, {"replayed_at": now, "replayed_by": actor})
    repo.record_applied(session, tables, name, event.id, event.position, now)
    values: dict[str, Any] = {"applied": checkpoint["applied"] + 1, "updated_at": now}
    if checkpoint["stopped"] and checkpoint["failing_event_id"] == event.id:
        # The consumer stopped on this dead letter: it goes on after it.
        values.update(stopped=None, failing_event_id=None, failing_attempts=0)
        if event.position > checkpoint["position"]:
            values.update(position=event.position, event_time=event.time,
                          head_position=max(checkpoint["head_position"], event.position))
    repo.update_checkpoint(session, tables, name, values)
    return DeadLetterRead.model_validate(letter | {"replayed_at": now, "replayed_by": actor})
