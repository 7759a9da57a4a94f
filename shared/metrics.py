"""Prometheus metrics: request counts per process, and figures read from the database when scraped.

With several worker processes (uvicorn --workers N) each has its own memory, so a scrape
answered by one worker would see only that worker's requests. When PROMETHEUS_MULTIPROC_DIR
is set (before the process starts), prometheus-client keeps every process's counters in
files there and a scrape adds them up; the folder must be empty when the server starts.
Figures read from the database (outbox backlog, feed head, jobs, consumers) are the same
whichever process answers.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine, MetaData, Table, event, func, select
from sqlalchemy.exc import SQLAlchemyError

from shared.db import Database
from shared.infra import InfraTables
from shared.jobs.model import JobState
from shared.types import utcnow

log = logging.getLogger("suite.metrics")
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# A table with these columns was declared with shared.jobs.model.JobColumns.
_JOB_COLUMNS = {"state", "owner", "heartbeat_at", "attempts", "cancel_requested_at"}


def multiprocess_mode() -> bool:
    """Tell whether counters are shared between processes through PROMETHEUS_MULTIPROC_DIR."""
    return bool(os.environ.get(MULTIPROC_ENV))


class Metrics:
    """A service's metrics: this process's (in its registry) and the database's (read when scraped)."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.registry = CollectorRegistry()
        self.database = CollectorRegistry()
        self.requests = Counter("http_requests_total", "HTTP requests",
                                ["service", "method", "route", "status"], registry=self.registry)
        self.latency = Histogram("http_request_duration_seconds", "HTTP request latency",
                                 ["service", "method", "route"], registry=self.registry)
        # livesum: a scrape adds up the processes still alive.
        self.pool_in_use = Gauge("suite_db_pool_connections_in_use", "Database connections checked out",
                                 ["service"], registry=self.registry, multiprocess_mode="livesum")
        self.pool_capacity = Gauge("suite_db_pool_capacity", "Connections the pools may open",
                                   ["service"], registry=self.registry, multiprocess_mode="livesum")

    def watch_pool(self, engine: Engine) -> None:
        """Count the engine's checked-out connections and state its pool's capacity."""
        in_use = self.pool_in_use.labels(self.service)
        event.listen(engine, "checkout", lambda *_: in_use.inc())
        event.listen(engine, "checkin", lambda *_: in_use.dec())
        pool = engine.pool
        size, overflow = getattr(pool, "size", None), getattr(pool, "_max_overflow", 0)
        if callable(size):
            self.pool_capacity.labels(self.service).set(size() + max(overflow, 0))

    def register(self, collector: Collector) -> None:
        """Add a collector that reads the database when scraped."""
        self.database.register(collector)

    def exposition(self) -> bytes:
        """Render every metric in the Prometheus text format, all worker processes included."""
        if multiprocess_mode():
            processes = CollectorRegistry()
            multiprocess.MultiProcessCollector(processes)
        else:
            processes = self.registry
        return generate_latest(processes) + generate_latest(self.database)

    @staticmethod
    def process_exited() -> None:
        """Drop this process's live gauges from the shared folder (its counters stay counted)."""
        if multiprocess_mode():
            multiprocess.mark_process_dead(os.getpid())


class JournalCollector(Collector):
    """The outbox backlog the relay has still to publish, and the feed's head position."""

    def __init__(self, service: str, db: Database, infra: InfraTables) -> None:
        self.service, self.db, self.infra = service, db, infra

    def collect(self) -> Iterator[Metric]:
        """Yield the backlog, the age of its oldest event and the head position."""
        outbox = self.infra.outbox
        try:
            with self.db.engine.connect() as conn:
                unpublished = outbox.c.published_at.is_(None)
                waiting, oldest = conn.execute(
                    select(func.count(), func.min(outbox.c.time)).where(unpublished)).one()
                head = conn.execute(select(self.infra.chain_head.c.event_position)).scalar()
        except SQLAlchemyError as exc:
            log.warning("journal metrics unavailable: %s", type(exc).__name__)
            return
        yield _gauge("suite_outbox_backlog_events", "Events in the outbox not yet published to NATS",
                     self.service, waiting)
        age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
        yield _gauge("suite_outbox_oldest_unpublished_seconds",
                     "Age of the oldest event not yet published (0 when none waits)", self.service, age)
        yield _gauge("suite_feed_head_position", "Newest position of the change feed",
                     self.service, head or 0)


class JobCollector(Collector):
    """Background jobs by table and state, and how long the oldest queued one has waited."""

    def __init__(self, service: str, db: Database, tables: list[Table]) -> None:
        self.service, self.db, self.tables = service, db, tables

    def collect(self) -> Iterator[Metric]:
        """Yield the count of jobs in each state and the oldest queued job's wait."""
        jobs = GaugeMetricFamily("suite_jobs", "Background jobs by state",
                                 labels=["service", "table", "state"])
        waiting = GaugeMetricFamily("suite_job_oldest_queued_seconds", "Wait of the oldest queued job",
                                    labels=["service", "table"])
        try:
            with self.db.engine.connect() as conn:
                for table in self.tables:
                    by_state = select(table.c.state, func.count()).group_by(table.c.state)
                    counts = dict(conn.execute(by_state).all())
                    for state in JobState:
                        jobs.add_metric([self.service, table.name, state.value], counts.get(state.value, 0))
                    oldest = conn.execute(select(func.min(table.c.created_at))
                                          .where(table.c.state == JobState.QUEUED.value)).scalar()
                    age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
                    waiting.add_metric([self.service, table.name], age)
        except SQLAlchemyError as exc:
            log.warning("job metrics unavailable: %s", type(exc).__name__)
            return
        yield from (jobs, waiting)


def job_tables(metadata: MetaData) -> list[Table]:
    """Find a service's job tables: those declared with the job runner's columns."""
    return [t for t in metadata.sorted_tables if set(t.c.keys()) >= _JOB_COLUMNS]


def _gauge(name: str, documentation: str, service: str, value: float) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=["service"])
    family.add_metric([service], value)
    return family
