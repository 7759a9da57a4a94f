"""Prometheus metrics of consumers, read from the checkpoints at scrape time.

Reading the database makes the figures right whichever process runs the consumers
(`make run`'s consumer processes, a Kubernetes deployment) and whichever replica of the
API is scraped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

from shared.consumers import repository as repo
from shared.consumers.service import lag
from shared.consumers.tables import ConsumerTables
from shared.db import Database
from shared.types import utcnow

log = logging.getLogger("suite.consumer")


class ConsumerCollector(Collector):
    """Lag, event counts and failures of a service's consumers."""

    def __init__(self, service: str, db: Database, tables: ConsumerTables) -> None:
        self.service, self.db, self.tables = service, db, tables

    def collect(self) -> Iterator[Metric]:
        """Yield one sample per consumer and metric."""
        labels = ["service", "consumer", "source"]
        lag_events = GaugeMetricFamily("suite_consumer_lag_events", "Events behind the source feed",
                                       labels=labels)
        lag_seconds = GaugeMetricFamily("suite_consumer_lag_seconds", "Event time behind the source feed",
                                        labels=labels)
        events = CounterMetricFamily("suite_consumer_events", "Events processed, by outcome",
                                     labels=[*labels, "outcome"])
        failures = CounterMetricFamily("suite_consumer_failures", "Failed attempts and transport errors",
                                       labels=labels)
        waiting = GaugeMetricFamily("suite_consumer_dead_letters_waiting", "Dead letters not replayed yet",
                                    labels=labels)
        try:
            with self.db.transaction(write=False) as session:
                rows = repo.checkpoints(session, self.tables)
        except SQLAlchemyError as exc:
            log.warning("consumer metrics unavailable: %s", type(exc).__name__)
            return
        now = utcnow()
        for row in rows:
            key = [self.service, row["name"], row["source"]]
            behind, seconds = lag(row, now)
            lag_events.add_metric(key, behind)
            if seconds is not None:
                lag_seconds.add_metric(key, seconds)
            for outcome in ("applied", "skipped", "dead_lettered"):
                events.add_metric([*key, outcome], row[outcome])
            failures.add_metric(key, row["failures"])
            waiting.add_metric(key, row["dead_letters_waiting"])
        yield from (lag_events, lag_seconds, events, failures, waiting)
