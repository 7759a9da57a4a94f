"""Rules of officials: a level matching the region served, one serving secretary per region, leaving."""

from __future__ import annotations

import uuid
from typing import Any

from services.supervision import register
from services.supervision.models import Official
from services.supervision.officials import repository as repo
from services.supervision.officials.errors import (
    AlreadyLeft,
    RegionNotAtLevel,
    SecretaryServing,
    SubjectTaken,
)
from services.supervision.officials.schemas import OfficialCreate, OfficialLeave
from shared.auth import Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import RegionOutOfScope, invalid, not_found
from shared.events.supervision import OfficialLeft, OfficialRegistered


def snapshot(official: Official) -> dict[str, Any]:
    """The official as the audit trail keeps it."""
    return {
        "name": official.name,
        "level": official.level,
        "post": official.post,
        "region_code": official.region_code,
        "subject": official.subject,
        "appointed_on": official.appointed_on,
        "left_on": official.left_on,
    }


def register_official(session: ServiceSession, caller: Caller, data: OfficialCreate) -> Official:
    """Register an official in the caller's scope, at the level of the region served."""
    if not caller.can_see(data.region_code):
        raise RegionOutOfScope("region_code", data.region_code)
    region = register.region(session, data.region_code)
    if region is None or region.level != data.level:
        raise RegionNotAtLevel.on(
            "region_code",
            f"{data.region_code} is not a {data.level} in the register",
            f"{data.region_code} 不是登记在册的{data.level.label_zh}区划",
        )
    if data.post == "reserve_secretary" and data.level != "village":
        raise invalid(
            "post",
            "reserve_not_village",
            "Reserve secretaries are kept by villages",
            "村党组织书记后备人选只在村级储备",
        )
    if data.post == "party_secretary" and repo.serving_secretary(session, data.region_code, data.level):
        raise _secretary_serving(data.region_code)
    if data.subject and repo.by_subject(session, data.subject):
        raise SubjectTaken.on(
            "subject", "Another official signs in with that account", "该账号已被其他干部使用"
        )
    official = Official(id=uuid.uuid4(), **data.model_dump())
    session.add(official)
    # a concurrent appointment or account won the race
    session.flush_unique(lambda: (
        _secretary_serving(data.region_code)
        if data.post == "party_secretary"
        else SubjectTaken.on(
            "subject", "Another official signs in with that account", "该账号已被其他干部使用"
        )
    ))
    session.journal.record(
        OfficialRegistered(
            official_id=str(official.id), level=data.level, post=data.post, region_code=data.region_code
        ),
        actor=caller.subject,
        action="official.register",
        after=snapshot(official),
    )
    return official


def _secretary_serving(region_code: str) -> SecretaryServing:
    return SecretaryServing.on(
        "region_code",
        f"{region_code} already has a serving party secretary",
        f"{region_code} 已有在任党组织书记",
    )


def load_official(session: ServiceSession, caller: Caller, official_id: uuid.UUID) -> Official:
    """Load an official in the caller's scope, or answer 404."""
    official = session.get(Official, official_id)
    if official is None or not caller.can_see(official.region_code):
        raise not_found("Official", "干部", official_id)
    return official


def leave(
    session: ServiceSession, caller: Caller, official_id: uuid.UUID, if_match: str | None, data: OfficialLeave
) -> Official:
    """Record that an official left the post, on or after the appointment."""
    official = load_official(session, caller, official_id)
    check_if_match(if_match, official.version)
    if official.left_on is not None:
        raise AlreadyLeft(f"The official left on {official.left_on}", f"该干部已于 {official.left_on} 离任")
    if data.left_on < official.appointed_on:
        raise invalid(
            "left_on",
            "left_before_appointed",
            "The official cannot leave before being appointed",
            "离任日期不能早于任职日期",
        )
    before = snapshot(official)
    official.left_on = data.left_on
    session.flush()
    session.journal.record(
        OfficialLeft(
            official_id=str(official.id), region_code=official.region_code, left_on=data.left_on.isoformat()
        ),
        actor=caller.subject,
        action="official.leave",
        before=before,
        after=snapshot(official),
    )
    return official
