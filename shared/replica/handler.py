"""The register replica's consumer: identification's events name what changed; rows come fresh.

Events carry ids, not personal data, so each batch reads the households and regions its
events name from identification's replica endpoint (one call per thousand) and upserts them.
Rows read after an event reflect it or something newer, so replaying, redelivering or
re-ordering events converges on identification's current register.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from typing import Any, Literal

import httpx
from sqlalchemy import MetaData, Table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shared.bulk_copy import copy_rows
from shared.consumers.core import Consumer, FeedEvent, Handler
from shared.consumers.settings import ConsumerSettings
from shared.events import EventData
from shared.events import identification as contracts
from shared.replica.contract import ReplicaHousehold, ReplicaRegion, ReplicaRows
from shared.replica.source import RegisterSource
from shared.replica.tables import ReplicaTables
from shared.schemas import is_region_code
from shared.types import utcnow

log = logging.getLogger("suite.replica")

# Events whose household (data.household_id) is read again.
HOUSEHOLD_EVENTS = frozenset({
    contracts.HouseholdCreated, contracts.HouseholdUpdated, contracts.HouseholdStatusChanged,
    contracts.HouseholdIdentified, contracts.HouseholdExited, contracts.HouseholdRemoved,
    contracts.HouseholdReturned, contracts.HouseholdImported, contracts.MemberAdded,
    contracts.MemberChanged, contracts.MemberLeft,
})
# Events whose region is read again, with the data field naming it.
REGION_EVENTS: dict[type[EventData], str] = {contracts.RegionChanged: "region_code",
                                              contracts.VillageExited: "village_code"}
# Events that change nothing the replica keeps: known, applied as no-ops.
NO_REPLICA_EFFECT = frozenset({
    contracts.CampaignCreated, contracts.CampaignHouseholdsAssigned, contracts.VerificationRecorded,
    contracts.CaseOpened, contracts.CaseClosed, contracts.CrossCheckImported,
    contracts.VillageDisasterRecorded, contracts.RuralPopulationSet, contracts.ProcedureStarted,
    contracts.ProcedureStepRecorded, contracts.ProcedureClosed, contracts.ObjectionRaised,
    contracts.ObjectionResolved, contracts.EvaluationRecorded, contracts.PolicyStandardIssued,
    contracts.VillageIncomeRecorded, contracts.ImportCompleted, contracts.IncomeRecorded,
})
_HOUSEHOLD_TYPES = frozenset(c.TYPE for c in HOUSEHOLD_EVENTS)
_REGION_FIELDS = {c.TYPE: field for c, field in REGION_EVENTS.items()}
SNAPSHOT_PAGE = 500  # households a page, the suite's largest page
COPY_THRESHOLD = 500  # rows; below it one executemany upsert is as quick


class MissingRow(Exception):
    """An event names a household or region identification does not return."""


def _targets(events: Sequence[FeedEvent]) -> tuple[set[uuid.UUID], set[str]]:
    """Name the households and regions a batch touches; a malformed event raises."""
    households: set[uuid.UUID] = set()
    regions: set[str] = set()
    for event in events:
        if event.type in _HOUSEHOLD_TYPES:
            households.add(uuid.UUID(str(event.data["household_id"])))
        elif event.type in _REGION_FIELDS:
            code = str(event.data[_REGION_FIELDS[event.type]])
            if not is_region_code(code):
                raise ValueError(f"{event.type} names no region code")
            regions.add(code)
    return households, regions


class RegisterReplica(Handler):
    """Keeps regions, households and members current from identification's change feed."""

    source = "identification"
    known = frozenset((c.TYPE, c.VERSION) for c in
                      (*HOUSEHOLD_EVENTS, *REGION_EVENTS, *NO_REPLICA_EFFECT))

    def __init__(self, tables: ReplicaTables, source: RegisterSource, *, name: str = "register",
                 bootstrap_mode: Literal["snapshot", "replay"] = "snapshot") -> None:
        self.name = name
        self.tables = tables
        self.register = source
        self.bootstrap_mode = bootstrap_mode

    def prepare(self, events: Sequence[FeedEvent]) -> ReplicaRows:
        """Read the rows the batch's events name, as identification has them now."""
        households, regions = _targets(events)
        if not households and not regions:
            return ReplicaRows(feed_position=0, regions=[], households=[])
        return self.register.lookup(households, regions)

    def apply(self, session: Session, events: Sequence[FeedEvent], prepared: Any) -> None:
        """Upsert every row the events name; an event naming a row identification lacks fails."""
        households, regions = _targets(events)
        rows: ReplicaRows = prepared
        found_households = {h.id: h for h in rows.households}
        found_regions = {r.code: r for r in rows.regions}
        missing = (households - found_households.keys()) or (regions - found_regions.keys())
        if missing:
            raise MissingRow(f"identification returned no row for {sorted(map(str, missing))[0]}")
        store(session, self.tables, [found_regions[c] for c in sorted(regions)],
              [found_households[i] for i in sorted(households)])

    def bootstrap(self, consumer: Consumer) -> None:
        """Load regions, and with the snapshot mode every household, then follow from there."""
        regions = self.register.regions()
        with consumer.db.transaction() as session:
            store(session, self.tables, regions.regions, [])
        if self.bootstrap_mode == "replay":
            consumer.mark_bootstrapped(0, None)
            return
        position, cursor, count = regions.feed_position, None, 0
        while True:
            page = self.register.households_page(cursor, SNAPSHOT_PAGE)
            with consumer.db.transaction() as session:
                store(session, self.tables, [], page.households)
            count += len(page.households)
            cursor = page.next_cursor
            if cursor is None:
                break
        consumer.mark_bootstrapped(position, None)
        log.info("%s: snapshot of %d households loaded, following from position %d",
                 self.name, count, position)


def _upsert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows or overwrite them by primary key; PostgreSQL takes a large batch by COPY."""
    if not rows:
        return
    keys = [c.name for c in table.primary_key.columns]
    updates = [c.name for c in table.columns if c.name not in keys]
    if session.get_bind().dialect.name == "postgresql":
        if len(rows) >= COPY_THRESHOLD:
            _copy_upsert(session, table, keys, updates, rows)
            return
        stmt = postgresql.insert(table)
    else:
        stmt = sqlite.insert(table)
    stmt = stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in updates})
    session.execute(stmt, rows)


def _copy_upsert(session: Session, table: Table, keys: list[str], updates: list[str],
                 rows: list[dict[str, Any]]) -> None:
    """COPY rows into a transaction-scoped staging table, then upsert them in one statement."""
    staging = f"staging_{table.name}"
    columns = [c.name for c in table.columns]
    session.execute(text(f"CREATE TEMP TABLE IF NOT EXISTS {staging} "
                         f"(LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"))
    copy_rows(session, Table(staging, MetaData()), columns, ([row[c] for c in columns] for row in rows))
    names = ", ".join(columns)
    assignments = ", ".join(f"{c} = EXCLUDED.{c}" for c in updates)
    session.execute(text(f"INSERT INTO {table.name} ({names}) SELECT {names} FROM {staging} "
                         f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {assignments}"))
    session.execute(text(f"DELETE FROM {staging}"))


def store(session: Session, tables: ReplicaTables, regions: Sequence[ReplicaRegion],
          households: Sequence[ReplicaHousehold]) -> None:
    """Write regions, households and their members as given."""
    now = utcnow()
    _upsert(session, tables.regions, [r.model_dump() | {"synced_at": now} for r in regions])
    _upsert(session, tables.households, [h.model_dump(exclude={"members"}) | {"synced_at": now}
                                         for h in households])
    _upsert(session, tables.members, [m.model_dump() | {"household_id": h.id, "synced_at": now}
                                      for h in households for m in h.members])


def register_replica(settings: ConsumerSettings, tables: ReplicaTables,
                     token: Callable[[], str]) -> RegisterReplica:
    """Build the replica handler of a service from its settings."""
    source = RegisterSource(httpx.Client(base_url=settings.identification_url, timeout=60.0), token)
    return RegisterReplica(tables, source, bootstrap_mode=settings.consumer_bootstrap)
