"""Rules of visits: a batch stores each good record once and names each bad record's reasons."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy.exc import IntegrityError

from services.supervision import register
from services.supervision.flags.service import flag_visits
from services.supervision.models import Official
from services.supervision.models.visits import VISIT_FINDINGS
from services.supervision.visits import repository as repo
from services.supervision.visits.errors import BatchRace
from services.supervision.visits.rules import in_area, place_refusals, time_refusals
from services.supervision.visits.schemas import VisitRecord
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import FieldError
from shared.events.supervision import VisitRecorded
from shared.i18n import pydantic_message_zh
from shared.types import utcnow

_RECORD = TypeAdapter(VisitRecord)


@dataclass
class Outcome:
    """What became of one record: created, duplicate or rejected, with its visit id or reasons."""

    index: int
    client_id: uuid.UUID | None
    outcome: str = "rejected"
    visit_id: uuid.UUID | None = None
    errors: list[FieldError] = field(default_factory=list)


def _parse(index: int, item: Any) -> tuple[VisitRecord | None, Outcome]:
    """Validate one record on its own; a bad one becomes a rejected outcome naming its fields."""
    client_id = _client_id(item)
    try:
        return _RECORD.validate_python(item), Outcome(index, client_id)
    except ValidationError as exc:
        errors = [
            FieldError(
                ".".join(str(p) for p in e["loc"]) or "record", e["type"], e["msg"], pydantic_message_zh(e)
            )
            for e in exc.errors()
        ]
        return None, Outcome(index, client_id, errors=errors)


def _client_id(item: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(item.get("client_id"))) if isinstance(item, dict) else None
    except ValueError:
        return None


def content_hash(record: VisitRecord) -> str:
    """Hash a record's content, so a resent record is told apart from another reusing its client id."""
    text = json.dumps(record.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _may_record(caller: Caller, official: Official) -> bool:
    """An official records their own visits; a supervision writer may enter them for officials in scope."""
    return official.subject == caller.subject or (
        caller.has("supervision:write") and caller.can_see(official.region_code)
    )


def _target_region(
    record: VisitRecord, households: dict[uuid.UUID, Any], regions: dict[str, Any]
) -> tuple[str | None, list[FieldError]]:
    """Find the target in the register replica; return its region code or why it cannot be found."""
    if record.target_kind == "household":
        if record.household_id is None or record.target_code is not None:
            return None, [
                FieldError(
                    "household_id",
                    "target_mismatch",
                    "A household visit names a household and no region code",
                    "入户遍访须填写户标识且不填区划代码",
                )
            ]
        found = households.get(record.household_id)
        if found is None:
            return None, [
                FieldError(
                    "household_id",
                    "target_unknown",
                    "The register has no such household",
                    "建档立卡数据中无此户",
                )
            ]
        return found.region_code, []
    if record.target_code is None or record.household_id is not None:
        return None, [
            FieldError(
                "target_code",
                "target_mismatch",
                "A county, town or village visit names a region code and no household",
                "县、镇、村遍访须填写区划代码且不填户标识",
            )
        ]
    region = regions.get(record.target_code)
    if region is None or region.level != record.target_kind:
        return None, [
            FieldError(
                "target_code",
                "target_unknown",
                f"The register has no {record.target_kind} with that code",
                "建档立卡数据中无此层级的区划",
            )
        ]
    return region.code, []


@dataclass
class _Batch:
    """A batch's records with what they refer to, read in one query each."""

    records: list[tuple[VisitRecord, Outcome]]
    officials: dict[uuid.UUID, Official]
    households: dict[uuid.UUID, Any]
    regions: dict[str, Any]
    stored: dict[tuple[uuid.UUID, uuid.UUID], Any]


def _load(session: ServiceSession, records: list[tuple[VisitRecord, Outcome]]) -> _Batch:
    parsed = [r for r, _ in records]
    return _Batch(
        records,
        repo.officials(session, (r.official_id for r in parsed)),
        register.households(session, (r.household_id for r in parsed if r.household_id)),
        register.regions(session, (r.target_code for r in parsed if r.target_code)),
        repo.existing(session, ((r.official_id, r.client_id) for r in parsed)),
    )


def _check(
    caller: Caller, batch: _Batch, record: VisitRecord, received_at: datetime
) -> tuple[Official | None, str | None, list[FieldError]]:
    """Check one record against the officials, the register and the rules; return what it refers to."""
    official = batch.officials.get(record.official_id)
    if official is None or not _may_record(caller, official):
        return (
            None,
            None,
            [
                FieldError(
                    "official_id",
                    "official_unknown",
                    "No official you may record visits for has that id",
                    "无此干部，或您无权为其记录遍访",
                )
            ],
        )
    errors = place_refusals(record.latitude, record.longitude) + time_refusals(record.visited_at, received_at)
    day = record.visited_at.date()
    if not errors and (day < official.appointed_on or (official.left_on and day > official.left_on)):
        errors.append(
            FieldError(
                "visited_at",
                "official_not_serving",
                "The official was not in post that day",
                "遍访当日该干部不在任",
            )
        )
    region, target_errors = _target_region(record, batch.households, batch.regions)
    errors += target_errors
    if region is not None and not in_area(region, official.region_code, official.level):
        errors.append(
            FieldError(
                "household_id" if record.household_id else "target_code",
                "target_outside_area",
                "The target lies outside the official's region",
                "遍访对象不在该干部辖区内",
            )
        )
    return official, region, errors


def _row(
    record: VisitRecord,
    official: Official,
    region: str,
    digest: str,
    caller: Caller,
    received_at: datetime,
    session: ServiceSession,
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "client_id": record.client_id,
        "official_id": official.id,
        "official_level": official.level,
        "official_region": official.region_code,
        "official_post": official.post,
        "target_kind": str(record.target_kind),
        "target_region": region,
        "household_id": record.household_id,
        "visited_at": record.visited_at,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "findings_enc": session.seal(VISIT_FINDINGS, record.findings),
        "follow_ups": record.follow_ups,
        "photos": record.photos,
        "content_hash": digest,
        "recorded_by": caller.subject,
        "received_at": received_at,
    }


def record_batch(session: ServiceSession, caller: Caller, items: list[Any]) -> list[Outcome]:
    """Store each good record once, report duplicates and name each bad record's reasons (§25)."""
    received_at = utcnow()
    outcomes: list[Outcome] = []
    parsed: list[tuple[VisitRecord, Outcome]] = []
    for index, item in enumerate(items):
        record, outcome = _parse(index, item)
        outcomes.append(outcome)
        if record is not None:
            parsed.append((record, outcome))
    batch = _load(session, parsed)
    rows: list[dict[str, Any]] = []
    seen: dict[tuple[uuid.UUID, uuid.UUID], tuple[uuid.UUID, str]] = {
        key: (r.id, r.content_hash) for key, r in batch.stored.items()
    }
    for record, outcome in parsed:
        digest = content_hash(record)
        key = (record.official_id, record.client_id)
        if key in seen:
            _repeat(outcome, seen[key], digest)
            continue
        official, region, errors = _check(caller, batch, record, received_at)
        if errors or official is None or region is None:
            outcome.errors = errors
            continue
        row = _row(record, official, region, digest, caller, received_at, session)
        rows.append(row)
        seen[key] = (row["id"], digest)
        outcome.outcome, outcome.visit_id = "created", row["id"]
    _store(session, caller, rows)
    flag_visits(session, caller, rows)
    return outcomes


def _repeat(outcome: Outcome, stored: tuple[uuid.UUID, str], digest: str) -> None:
    """A record sent again is a duplicate; another record under a used client id is refused."""
    if stored[1] == digest:
        outcome.outcome, outcome.visit_id = "duplicate", stored[0]
    else:
        outcome.errors = [
            FieldError(
                "client_id",
                "client_id_reused",
                "Another visit was already stored under this client id",
                "该客户端记录标识已用于另一条遍访记录",
            )
        ]


def _store(session: ServiceSession, caller: Caller, rows: list[dict[str, Any]]) -> None:
    """Insert the good records and journal each; a concurrent twin of the batch answers 409 (send again)."""
    try:
        with session.begin_nested():
            repo.insert_visits(session, rows)
    except IntegrityError:
        raise BatchRace(
            "Some records were stored by another request at the same moment; send the batch again",
            "部分记录正被另一请求同时保存，请重新发送本批次",
        ) from None
    for row in rows:
        event = VisitRecorded(
            visit_id=str(row["id"]),
            official_id=str(row["official_id"]),
            official_level=row["official_level"],
            target_kind=row["target_kind"],
            household_id=str(row["household_id"]) if row["household_id"] else None,
            region_code=row["target_region"],
            visited_at=row["visited_at"].isoformat(),
        )
        session.journal.record(event, actor=caller.subject, action="visit.record", after=_audited(row))


def _audited(row: dict[str, Any]) -> dict[str, Any]:
    """The visit as the audit trail keeps it: findings stay sealed in the visit; the hash covers them."""
    return {k: v for k, v in row.items() if k not in {"findings_enc", "id"}}
