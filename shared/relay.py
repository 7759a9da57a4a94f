"""Publish a service's outbox to NATS JetStream in feed order, marking each row once acked.

Delivery is at least once: a crash between the publish ack and the database mark
republishes the row, which JetStream drops by its Nats-Msg-Id (the event id) inside
the stream's duplicate window, and consumers drop by event id after it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, replace

import nats
from nats.errors import Error as NatsError
from nats.js import JetStreamContext
from nats.js.api import StreamConfig
from nats.js.errors import APIError, NotFoundError
from sqlalchemy import RowMapping, select, update
from sqlalchemy.exc import SQLAlchemyError

from shared.db import Database, new_metadata
from shared.events import CloudEvent
from shared.infra import infrastructure_tables
from shared.journal import AuditAnchor, AuditKey, CheckpointFile, CheckpointStream
from shared.logs import configure_logging
from shared.settings import ServiceSettings
from shared.types import utcnow

log = logging.getLogger("suite.relay")

# Every service database declares the same journal tables, so one declaration serves them all.
_JOURNAL = infrastructure_tables(new_metadata())
OUTBOX = _JOURNAL.outbox
CONTENT_TYPE = "application/cloudevents+json"
_NOT_IN_SUBJECTS = frozenset(" \t\r\n*>")


class RelayError(Exception):
    """A publish JetStream acknowledged in a way the relay cannot accept."""


@dataclass(frozen=True)
class StreamSpec:
    """Where events go: the stream, its subject prefix and its de-duplication window."""

    name: str = "SUITE_EVENTS"
    subject_prefix: str = "suite"
    duplicate_window: float = 600.0  # seconds; longer than any relay restart we expect
    schema_base: str = ""  # the service's public base URL, so dataschema links match the feed's

    @property
    def subjects(self) -> str:
        """Name the subjects the stream captures."""
        return f"{self.subject_prefix}.>"

    def subject(self, source: str, event_type: str) -> str:
        """Name the subject of one event: <prefix>.<source>.<type>."""
        subject = f"{self.subject_prefix}.{source}.{event_type}"
        if _NOT_IN_SUBJECTS & set(subject) or "" in subject.split("."):
            raise RelayError("event source or type does not make a valid NATS subject")
        return subject


@dataclass(frozen=True)
class PassResult:
    """What one relay pass did: rows published and marked, and why it stopped early."""

    published: int
    duplicates: int
    last_position: int
    error: str | None = None


def describe(exc: BaseException) -> str:
    """Name an error without echoing anything that might carry event data."""
    if isinstance(exc, APIError):
        return f"{type(exc).__name__} {exc.err_code}: {exc.description}"
    if isinstance(exc, OSError) and exc.strerror:
        return f"{type(exc).__name__}: {exc.strerror}"
    if isinstance(exc, RelayError):
        return f"{type(exc).__name__}: {exc}"
    return type(exc).__name__


def read_batch(db: Database, after: int, limit: int) -> Sequence[RowMapping]:
    """Read committed, unpublished outbox rows after a position, oldest first."""
    stmt = (select(OUTBOX).where(OUTBOX.c.position > after, OUTBOX.c.published_at.is_(None))
            .order_by(OUTBOX.c.position).limit(limit))
    with db.transaction(write=False) as session:
        return session.execute(stmt).mappings().all()


def mark_published(db: Database, positions: Sequence[int]) -> None:
    """Stamp rows as published, keeping the first stamp of a row another relay marked."""
    if not positions:
        return
    stmt = (update(OUTBOX).where(OUTBOX.c.position.in_(positions), OUTBOX.c.published_at.is_(None))
            .values(published_at=utcnow()))
    with db.transaction() as session:
        session.execute(stmt)


def to_message(row: RowMapping, schema_base: str = "") -> bytes:
    """Render an outbox row as the same CloudEvents JSON the change feed serves."""
    return CloudEvent.from_outbox(row, schema_base).model_dump_json().encode()


async def ensure_stream(js: JetStreamContext, spec: StreamSpec) -> None:
    """Create the stream if absent; otherwise bring its subjects and window to the spec."""
    try:
        info = await js.stream_info(spec.name)
    except NotFoundError:
        await js.add_stream(StreamConfig(name=spec.name, subjects=[spec.subjects],
                                         duplicate_window=spec.duplicate_window))
        return
    config = info.config
    if config.subjects != [spec.subjects] or config.duplicate_window != spec.duplicate_window:
        # Keep whatever else operators tuned (limits, replicas); change only what we own.
        await js.update_stream(replace(config, subjects=[spec.subjects],
                                       duplicate_window=spec.duplicate_window))


async def publish_row(js: JetStreamContext, spec: StreamSpec, row: RowMapping,
                      ack_timeout: float) -> bool:
    """Publish one row and wait for its ack; tell whether JetStream already held it."""
    ack = await js.publish(spec.subject(row["source"], row["type"]), to_message(row, spec.schema_base),
                           timeout=ack_timeout,
                           headers={"Nats-Msg-Id": row["event_id"], "Content-Type": CONTENT_TYPE})
    if ack.stream != spec.name:
        raise RelayError(f"stream {ack.stream} captured the subject, not {spec.name}")
    return bool(ack.duplicate)


async def publish_in_order(js: JetStreamContext, spec: StreamSpec, rows: Sequence[RowMapping],
                           ack_timeout: float) -> tuple[list[int], int, str | None]:
    """Publish rows one by one; stop at the first failure so the stream keeps feed order."""
    acked: list[int] = []
    duplicates = 0
    for row in rows:
        try:
            duplicates += await publish_row(js, spec, row, ack_timeout)
        except (NatsError, OSError, RelayError, ValueError) as exc:
            # ValueError covers a row the envelope refuses; it blocks the feed until fixed.
            return acked, duplicates, describe(exc)
        acked.append(row["position"])
    return acked, duplicates, None


async def relay_pass(db: Database, js: JetStreamContext, spec: StreamSpec, *, after: int = 0,
                     batch_size: int = 500, ack_timeout: float = 5.0) -> PassResult:
    """Publish every unpublished row after a position, batch by batch, and mark what was acked."""
    published = duplicates = 0
    while True:
        rows = read_batch(db, after, batch_size)
        acked, dup, error = await publish_in_order(js, spec, rows, ack_timeout)
        mark_published(db, acked)
        published, duplicates = published + len(acked), duplicates + dup
        after = acked[-1] if acked else after
        if error or len(rows) < batch_size:
            return PassResult(published, duplicates, after, error)


def read_head(db: Database) -> tuple[int, str]:
    """Read the audit chain's head: its last seq and hash."""
    head = _JOURNAL.chain_head
    with db.transaction(write=False) as session:
        row = session.execute(select(head.c.audit_seq, head.c.audit_hash).where(head.c.id == 1)).one()
    return row.audit_seq, row.audit_hash


async def anchor_pass(db: Database, anchor: AuditAnchor,
                      last: tuple[int, str] | None) -> tuple[int, str] | None:
    """Anchor the audit chain's head outside the database if it moved; return the head anchored last.

    Commits append their own checkpoints; this covers what a commit whose process died left
    unanchored, and puts every head in JetStream, within one relay interval.
    """
    head = read_head(db)
    if head == last or head[0] == 0:
        return last
    try:
        await anchor.anchor_head(*head)
    except (NatsError, OSError, TimeoutError) as exc:
        log.error("%s: audit head %d not anchored: %s", anchor.key.service, head[0], describe(exc))
        return last
    return head


@asynccontextmanager
async def jetstream(url: str, connect_timeout: float = 2.0) -> AsyncIterator[JetStreamContext]:
    """Connect once, without the client's own reconnect loop: the relay loop retries instead."""

    async def quiet(exc: Exception) -> None:
        log.warning("nats: %s", describe(exc))

    client = await nats.connect(url, name="suite-outbox-relay", allow_reconnect=False,
                                max_reconnect_attempts=1, reconnect_time_wait=0.2,
                                connect_timeout=connect_timeout, error_cb=quiet)
    try:
        yield client.jetstream()
    finally:
        await client.close()


async def relay_once(db: Database, nats_url: str, spec: StreamSpec, *, batch_size: int = 500,
                     ack_timeout: float = 5.0, anchor: AuditAnchor | None = None) -> PassResult:
    """Connect, make sure the stream exists, run one pass from the start of the outbox, anchor the head."""
    try:
        async with jetstream(nats_url) as js:
            await ensure_stream(js, spec)
            result = await relay_pass(db, js, spec, batch_size=batch_size, ack_timeout=ack_timeout)
    except (NatsError, OSError) as exc:
        return PassResult(0, 0, 0, describe(exc))
    if anchor is not None:
        await anchor_pass(db, anchor, None)
    return result


def _report(service: str, result: PassResult) -> None:
    if result.error:
        log.error("%s: published %d (%d already in stream), stopped: %s",
                  service, result.published, result.duplicates, result.error)
    elif result.published:
        log.info("%s: published %d (%d already in stream), up to position %d",
                 service, result.published, result.duplicates, result.last_position)


async def _sleep(stop: asyncio.Event, seconds: float) -> bool:
    """Wait for the interval or a stop signal; tell whether to stop."""
    with suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


async def relay_forever(db: Database, service: str, nats_url: str, spec: StreamSpec, *,
                        interval: float, batch_size: int, stop: asyncio.Event,
                        anchor: AuditAnchor | None = None) -> None:
    """Relay every interval until stopped, reconnecting after any failure; anchor the audit head too."""
    # Rows get positions in commit order, so nothing unpublished appears below the last one
    # relayed: later passes start there and read by primary key instead of scanning history.
    after, anchored = 0, None
    while not stop.is_set():
        try:
            async with jetstream(nats_url) as js:
                await ensure_stream(js, spec)
                while True:
                    result = await relay_pass(db, js, spec, after=after, batch_size=batch_size)
                    _report(service, result)
                    after = result.last_position
                    if anchor is not None:
                        anchored = await anchor_pass(db, anchor, anchored)
                    if result.error or await _sleep(stop, interval):
                        break
        except (NatsError, OSError, SQLAlchemyError) as exc:
            log.error("%s: relay failed: %s", service, describe(exc))
        await _sleep(stop, interval)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m shared.relay",
                                     description="Publish a service's outbox to NATS JetStream.")
    parser.add_argument("--service", required=True, help="service whose database is relayed")
    parser.add_argument("--database-url", required=True, help="SQLAlchemy URL of that database")
    parser.add_argument("--nats", default="nats://127.0.0.1:4222", help="NATS server URL")
    parser.add_argument("--once", action="store_true", help="run one pass and exit (1 on failure)")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between passes")
    parser.add_argument("--batch-size", type=int, default=500, help="rows read per batch")
    parser.add_argument("--stream", default=StreamSpec.name, help="JetStream stream name")
    parser.add_argument("--subject-prefix", default=StreamSpec.subject_prefix,
                        help="first subject token; subjects are <prefix>.<source>.<type>")
    parser.add_argument("--public-base-url", default="",
                        help="the service's public base URL (its <SERVICE>_PUBLIC_BASE_URL), so events "
                             "link their dataschema as the feed does")
    parser.add_argument("--audit-stream", default=CheckpointStream.name,
                        help="JetStream stream of the audit checkpoints")
    parser.add_argument("--audit-subject-prefix", default=CheckpointStream.subject_prefix,
                        help="first subject token of checkpoints: <prefix>.<service>.checkpoint")
    return parser.parse_args(argv)


async def _run(args: argparse.Namespace, db: Database, spec: StreamSpec) -> int:
    anchor = _anchor(args)
    if args.once:
        result = await relay_once(db, args.nats, spec, batch_size=args.batch_size, anchor=anchor)
        _report(args.service, result)
        if not result.error:
            log.info("%s: pass done, %d published", args.service, result.published)
        return 1 if result.error else 0
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await relay_forever(db, args.service, args.nats, spec, interval=args.interval,
                        batch_size=args.batch_size, stop=stop, anchor=anchor)
    return 0


def _anchor(args: argparse.Namespace) -> AuditAnchor:
    """Build the service's audit anchor from its environment (<SERVICE>_AUDIT_KEY and checkpoint dir)."""
    service = args.service
    settings = ServiceSettings(_env_prefix=f"{service.upper()}_", service_name=service)  # type: ignore[call-arg]
    key = AuditKey(settings.audit_key, service)
    return AuditAnchor(key, CheckpointFile(key, settings.audit_checkpoint_dir),
                       CheckpointStream(args.nats, service, args.audit_stream, args.audit_subject_prefix))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the relay command; return the exit status."""
    args = _parse(argv)
    configure_logging()
    spec = StreamSpec(name=args.stream, subject_prefix=args.subject_prefix,
                      schema_base=args.public_base_url)
    db = Database(args.database_url)
    try:
        return asyncio.run(_run(args, db, spec))
    except SQLAlchemyError as exc:
        log.error("%s: database error: %s", args.service, describe(exc))
        return 1
    finally:
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())

