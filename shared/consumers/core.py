"""The consumer engine: a handler's effect, the event ids and the position commit together.

Every batch runs in one transaction of the consuming service's database that locks the
consumer's checkpoint row, drops events already processed, runs the handler, records each
event id and advances the position. A crash anywhere before the commit leaves nothing
behind, so the events come again and are applied once. A handler failure re-runs the
batch event by event to find the failing event; that event is retried with backoff and,
after `max_attempts`, dead-lettered (the consumer goes on, or stops, by configuration).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from shared.consumers.tables import ConsumerTables
from shared.db import Database
from shared.events import CloudEvent
from shared.types import utcnow

log = logging.getLogger("suite.consumer")

APPLIED, SKIPPED, DEAD_LETTERED = "applied", "skipped", "dead_lettered"


class TransientError(Exception):
    """A failure that says nothing about the event (peer down, 5xx, timeout): retry, never count."""


class ConsumerStopped(Exception):
    """The consumer was stopped on a dead letter and waits for an administrator."""


@dataclass(frozen=True)
class FeedEvent:
    """One event of a change feed, whichever transport brought it."""

    id: str
    source: str
    type: str
    version: int
    position: int
    time: datetime
    subject: str
    data: dict[str, Any]

    @classmethod
    def from_cloudevent(cls, body: Any) -> FeedEvent:
        """Parse a CloudEvents JSON object as the feed and the relay write it; ValueError if malformed."""
        try:
            event = CloudEvent.model_validate(body)
            position = int(event.sequence)
        except (ValidationError, ValueError, TypeError) as exc:
            raise ValueError("not a change-feed CloudEvent") from exc
        return cls(id=event.id, source=event.source.lstrip("/"), type=event.type,
                   version=event.dataversion, position=position, time=event.time,
                   subject=event.subject, data=event.data)

    def envelope(self) -> dict[str, Any]:
        """Return the event as CloudEvents JSON values (kept with a dead letter)."""
        return CloudEvent(id=self.id, source=f"/{self.source}", type=self.type, subject=self.subject,
                          time=self.time, dataversion=self.version, sequence=str(self.position),
                          data=self.data).model_dump(mode="json")


@dataclass(frozen=True)
class Head:
    """The newest position (and its time) the source reported."""

    position: int
    time: datetime | None = None


class Handler:
    """What a consumer does with one source's events; subclasses name the types they know."""

    name: str = ""
    source: str = ""
    known: frozenset[tuple[str, int]] = frozenset()

    def knows(self, event: FeedEvent) -> bool:
        """Tell whether this handler understands the event's type and version."""
        return (event.type, event.version) in self.known

    def prepare(self, events: Sequence[FeedEvent]) -> Any:
        """Gather what applying needs, outside the transaction; may raise TransientError."""
        return None

    def apply(self, session: Session, events: Sequence[FeedEvent], prepared: Any) -> None:
        """Apply known events in feed order inside the consuming service's transaction."""
        raise NotImplementedError

    def bootstrap(self, consumer: Consumer) -> None:
        """Prepare a new consumer before it follows the feed; by default it replays from position 0."""
        consumer.mark_bootstrapped(0, None)


@dataclass(frozen=True)
class ConsumerConfig:
    """How a consumer retries, when it gives up on an event, and what it does then."""

    max_attempts: int = 5
    on_dead_letter: Literal["continue", "stop"] = "continue"
    retry_base: float = 0.5
    retry_max: float = 60.0
    idle_min: float = 0.5
    idle_max: float = 5.0
    batch_size: int = 500
    # Processed-event ids at or below the checkpoint are kept this long for operators, then pruned.
    processed_retention: timedelta = timedelta(days=7)
    prune_every: float = 600.0  # seconds between prunes, done while the consumer is idle

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before the next attempt (exponential, capped)."""
        return min(self.retry_max, self.retry_base * 2 ** max(0, attempt - 1))


@dataclass
class BatchResult:
    """What a batch did: the events settled (done for good) and the failure that stopped it."""

    settled: set[str] = field(default_factory=set)
    failed: str | None = None
    retry_in: float = 0.0
    stopped: bool = False


def describe(exc: BaseException) -> str:
    """Name an error in a few words, without SQL parameters or payloads."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        first = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else ""
        return f"{type(exc.orig).__name__}: {first[:200]}"
    if isinstance(exc, SQLAlchemyError):
        return type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__


class Consumer:
    """Applies batches of one source's events to a service database exactly once."""

    def __init__(self, db: Database, tables: ConsumerTables, handler: Handler,
                 config: ConsumerConfig | None = None) -> None:
        self.db = db
        self.tables = tables
        self.handler = handler
        self.config = config or ConsumerConfig()
        self.name = handler.name
        self._next_prune = 0.0

    def ensure_checkpoint(self, transport: str) -> None:
        """Create the consumer's checkpoint row at position 0 if it has none."""
        t = self.tables.checkpoints
        with self.db.transaction() as session:
            if session.execute(select(t.c.name).where(t.c.name == self.name)).first() is None:
                session.execute(insert(t).values(
                    name=self.name, source=self.handler.source, transport=transport, position=0,
                    head_position=0, applied=0, skipped=0, dead_lettered=0, failures=0,
                    failing_attempts=0, updated_at=utcnow()))

    def checkpoint(self) -> dict[str, Any]:
        """Read the consumer's checkpoint row."""
        t = self.tables.checkpoints
        with self.db.transaction(write=False) as session:
            return dict(session.execute(select(t).where(t.c.name == self.name)).mappings().one())

    def _lock(self, session: Session) -> dict[str, Any]:
        t = self.tables.checkpoints
        return dict(session.execute(select(t).where(t.c.name == self.name).with_for_update())
                    .mappings().one())

    def _fresh(self, session: Session, events: Sequence[FeedEvent], position: int) -> list[FeedEvent]:
        """Drop events at or below the position or already processed (by another transport too)."""
        p = self.tables.processed
        candidates = [e for e in events if e.position > position]
        if not candidates:
            return []
        done = set(session.execute(select(p.c.event_id).where(
            p.c.consumer == self.name, p.c.event_id.in_([e.id for e in candidates]))).scalars())
        seen: set[str] = set()
        fresh = []
        for event in candidates:
            if event.id not in done and event.id not in seen:
                seen.add(event.id)
                fresh.append(event)
        return fresh

    def process(self, events: Sequence[FeedEvent], transport: str, head: Head | None = None) -> BatchResult:
        """Apply a batch; isolate a failing event, count its attempt and dead-letter it in the end."""
        result = BatchResult()
        if not events:
            self.note_head(transport, head)
            return result
        try:
            self._commit(events, transport, head)
        except TransientError:
            raise
        except ConsumerStopped:
            result.stopped = True
            return result
        except Exception:
            if len(events) > 1:
                log.warning("%s: batch failed; retrying it event by event", self.name)
            return self._one_by_one(events, transport, head)
        result.settled = {e.id for e in events}
        return result

    def _one_by_one(self, events: Sequence[FeedEvent], transport: str, head: Head | None) -> BatchResult:
        result = BatchResult()
        for event in events:
            try:
                self._commit([event], transport, head)
            except TransientError:
                raise
            except ConsumerStopped:
                result.stopped = True
                return result
            except Exception as exc:
                result.failed = event.id
                outcome = self.record_failure(event, transport, exc)
                if outcome == DEAD_LETTERED:
                    result.settled.add(event.id)
                    if self.config.on_dead_letter == "stop":
                        result.stopped = True
                        return result
                    continue
                result.retry_in = self.config.backoff(outcome)
                return result
            result.settled.add(event.id)
        return result

    def _commit(self, events: Sequence[FeedEvent], transport: str, head: Head | None) -> None:
        """Run the handler on the batch's new events and advance the checkpoint, in one transaction."""
        preview = [e for e in events if self.handler.knows(e)]
        prepared = self.handler.prepare(preview) if preview else None
        with self.db.transaction() as session:
            row = self._lock(session)
            if row["stopped"]:
                raise ConsumerStopped(row["stopped"])
            fresh = self._fresh(session, events, row["position"])
            known = [e for e in fresh if self.handler.knows(e)]
            if known:
                self.handler.apply(session, known, prepared)
            now = utcnow()
            if fresh:
                session.execute(insert(self.tables.processed), [
                    {"consumer": self.name, "event_id": e.id, "position": e.position,
                     "outcome": APPLIED if self.handler.knows(e) else SKIPPED, "processed_at": now}
                    for e in fresh])
            values = self._advance(row, fresh, transport, head, now)
            values["applied"] = row["applied"] + len(known)
            values["skipped"] = row["skipped"] + len(fresh) - len(known)
            if row["failing_event_id"] in {e.id for e in fresh}:
                values.update(failing_event_id=None, failing_attempts=0)
            self._update(session, values)
        for event in fresh:
            if not self.handler.knows(event):
                log.info("%s: skipped %s v%d at %d (unknown type or version)",
                         self.name, event.type, event.version, event.position)

    def _advance(self, row: dict[str, Any], fresh: Sequence[FeedEvent], transport: str,
                 head: Head | None, now: datetime) -> dict[str, Any]:
        values: dict[str, Any] = {"transport": transport, "updated_at": now}
        last = max(fresh, key=lambda e: e.position, default=None)
        position = row["position"]
        if last is not None and last.position > position:
            position, values["position"], values["event_time"] = last.position, last.position, last.time
        head_position, head_time = row["head_position"], row["head_time"]
        if head is not None and head.position >= head_position:
            head_position, head_time = head.position, head.time or head_time
        if position >= head_position:  # caught up: no lag, whatever the source said before
            head_position, head_time = position, values.get("event_time", row["event_time"])
        values["head_position"], values["head_time"] = head_position, head_time
        return values

    def _update(self, session: Session, values: dict[str, Any]) -> None:
        t = self.tables.checkpoints
        session.execute(update(t).where(t.c.name == self.name).values(**values))

    def record_failure(self, event: FeedEvent, transport: str, exc: BaseException) -> int | str:
        """Count a failed attempt; dead-letter the event at the limit. Return the attempt or DEAD_LETTERED."""
        error = describe(exc)
        log.warning("%s: event %s (%s at %d) failed: %s", self.name, event.id, event.type,
                    event.position, error)
        now = utcnow()
        with self.db.transaction() as session:
            row = self._lock(session)
            attempts = row["failing_attempts"] + 1 if row["failing_event_id"] == event.id else 1
            values: dict[str, Any] = {"failures": row["failures"] + 1, "last_error": error,
                                      "last_error_at": now, "updated_at": now,
                                      "failing_event_id": event.id, "failing_attempts": attempts}
            if attempts < self.config.max_attempts:
                self._update(session, values)
                return attempts
            session.execute(insert(self.tables.dead_letters).values(
                consumer=self.name, event_id=event.id, position=event.position, type=event.type,
                data_version=event.version, event=event.envelope(), attempts=attempts, error=error,
                dead_at=now))
            values["dead_lettered"] = row["dead_lettered"] + 1
            if self.config.on_dead_letter == "stop":
                # failing_event_id stays: replaying that dead letter lets the consumer go on.
                values["stopped"] = f"stopped at dead letter {event.id} (position {event.position})"
            else:
                values.update(failing_event_id=None, failing_attempts=0)
                session.execute(insert(self.tables.processed).values(
                    consumer=self.name, event_id=event.id, position=event.position,
                    outcome=DEAD_LETTERED, processed_at=now))
                values.update(self._advance(row, [event], transport, None, now))
            self._update(session, values)
        log.error("%s: event %s dead-lettered after %d attempts", self.name, event.id, attempts)
        return DEAD_LETTERED

    def prune(self) -> int:
        """Delete this consumer's processed-event ids at or below its checkpoint, past the retention.

        Events at or below the checkpoint are dropped by position before any id is looked up,
        so those rows only show what was done; without pruning the table grows with the feed.
        """
        p, t = self.tables.processed, self.tables.checkpoints
        position = select(t.c.position).where(t.c.name == self.name).scalar_subquery()
        cutoff = utcnow() - self.config.processed_retention
        with self.db.transaction() as session:
            return session.execute(delete(p).where(p.c.consumer == self.name, p.c.position <= position,
                                                   p.c.processed_at < cutoff)).rowcount

    def prune_now_and_then(self) -> int:
        """Prune at most once per prune_every seconds; return the rows deleted."""
        now = time.monotonic()
        if now < self._next_prune:
            return 0
        self._next_prune = now + self.config.prune_every
        return self.prune()

    def note_head(self, transport: str, head: Head | None) -> None:
        """Record the source's newest position after a poll that found nothing new."""
        if head is None:
            return
        with self.db.transaction() as session:
            row = self._lock(session)
            self._update(session, self._advance(row, [], transport, head, utcnow()))

    def note_error(self, transport: str, exc: BaseException) -> None:
        """Record a transport failure (peer down, broker gone) as the last error."""
        now = utcnow()
        with self.db.transaction() as session:
            self._lock(session)
            self._update(session, {"last_error": describe(exc), "last_error_at": now,
                                   "failures": self.tables.checkpoints.c.failures + 1,
                                   "transport": transport, "updated_at": now})

    def mark_bootstrapped(self, position: int, time: datetime | None) -> None:
        """Set the position a snapshot is consistent with, never moving backwards."""
        now = utcnow()
        with self.db.transaction() as session:
            row = self._lock(session)
            values: dict[str, Any] = {"bootstrapped_at": now, "updated_at": now}
            if position > row["position"]:
                values.update(position=position, event_time=time)
                values["head_position"] = max(row["head_position"], position)
            self._update(session, values)
