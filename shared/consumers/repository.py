"""Every query of the consumers API."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from shared.consumers.tables import ConsumerTables


def checkpoints(session: Session, tables: ConsumerTables) -> list[dict[str, Any]]:
    """Read every checkpoint with the number of dead letters waiting for replay."""
    d = tables.dead_letters
    waiting = dict(session.execute(select(d.c.consumer, func.count()).where(d.c.replayed_at.is_(None))
                                   .group_by(d.c.consumer)).all())
    rows = session.execute(select(tables.checkpoints).order_by(tables.checkpoints.c.name)).mappings()
    return [dict(r) | {"dead_letters_waiting": waiting.get(r["name"], 0)} for r in rows]


def checkpoint(session: Session, tables: ConsumerTables, name: str,
               lock: bool = False) -> dict[str, Any] | None:
    """Read one consumer's checkpoint, locked for update when asked."""
    t = tables.checkpoints
    stmt = select(t).where(t.c.name == name)
    row = session.execute(stmt.with_for_update() if lock else stmt).mappings().first()
    return dict(row) if row else None


def dead_letters(session: Session, tables: ConsumerTables, name: str, after: int, limit: int,
                 waiting: bool) -> list[dict[str, Any]]:
    """List a consumer's dead letters in id order after an id."""
    d = tables.dead_letters
    stmt = select(d).where(d.c.consumer == name, d.c.id > after)
    if waiting:
        stmt = stmt.where(d.c.replayed_at.is_(None))
    return [dict(r) for r in session.execute(stmt.order_by(d.c.id).limit(limit)).mappings()]


def dead_letter(session: Session, tables: ConsumerTables, name: str, letter_id: int) -> dict[str, Any] | None:
    """Load one dead letter of a consumer, locked for update."""
    d = tables.dead_letters
    row = session.execute(select(d).where(d.c.consumer == name, d.c.id == letter_id).with_for_update()
                          ).mappings().first()
    return dict(row) if row else None


def mark_replayed(session: Session, tables: ConsumerTables, letter_id: int, values: dict[str, Any]) -> None:
    """Stamp a dead letter as replayed."""
    d = tables.dead_letters
    session.execute(update(d).where(d.c.id == letter_id).values(**values))


def record_applied(session: Session, tables: ConsumerTables, name: str, event_id: str, position: int,
                   at: Any) -> None:
    """Record a replayed event as applied, whether or not it was recorded as dead-lettered."""
    p = tables.processed
    updated = session.execute(update(p).where(p.c.consumer == name, p.c.event_id == event_id)
                              .values(outcome="applied", processed_at=at)).rowcount
    if not updated:
        session.execute(insert(p).values(consumer=name, event_id=event_id, position=position,
                                         outcome="applied", processed_at=at))


def update_checkpoint(session: Session, tables: ConsumerTables, name: str, values: dict[str, Any]) -> None:
    """Change a consumer's checkpoint."""
    t = tables.checkpoints
    session.execute(update(t).where(t.c.name == name).values(**values))
