"""Labour force rules: who may be registered, by whom, and how a labourer's record changes."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError

from services.employment.labour import repository as repo
from services.employment.labour.errors import LabourerAlreadyRegistered, NotInLabourForce
from services.employment.labour.repository import Person
from services.employment.labour.rules import exclusion
from services.employment.labour.schemas import LabourerCreate, LabourerRead, LabourerUpdate
from services.employment.labour.views import labourer_snapshot, render_labourer
from services.employment.models import Labourer
from shared.auth import Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import FieldError, not_found
from shared.events.employment import LabourerRegistered, LabourerUpdated


def person_in_scope(session: ServiceSession, caller: Caller, member_id: uuid.UUID) -> Person:
    """Load a person the caller may see; others answer 404 as if absent."""
    person = repo.get_person(session, member_id)
    if person is None or not caller.can_see(person.region_code):
        raise not_found("Person", "人员", member_id)
    return person


def check_in_labour_force(person: Person, today: date, field: str = "member_id") -> None:
    """Refuse a person outside the labour force today, naming the field and the reason."""
    outside = exclusion(person.household_status, person.active, person.labour_capacity,
                        person.birth_date, today)
    if outside is not None:
        rule, code, en, zh = outside
        raise NotInLabourForce(f"Not in the labour force: {en} ({rule})", f"不在劳动力范围内：{zh}（{rule}）",
                               errors=[FieldError(field, code, en, zh)], extra={"rule": rule, "reason": code})


def labourer_in_scope(session: ServiceSession, caller: Caller, member_id: uuid.UUID,
                      lock: bool = False) -> tuple[Person, Labourer]:
    """Load a registered labourer the caller may see, with the replica's view of them."""
    person = person_in_scope(session, caller, member_id)
    labourer = repo.get_labourer(session, member_id, lock=lock)
    if labourer is None:
        raise not_found("Labourer", "劳动力", member_id)
    return person, labourer


def _certificates(body: LabourerCreate | LabourerUpdate) -> list[dict[str, Any]]:
    return [c.model_dump(mode="json") | {"programme_id": None} for c in body.certificates or []]


def register(session: ServiceSession, caller: Caller, body: LabourerCreate, today: date) -> LabourerRead:
    """Register a member of the labour force with employment's own record."""
    person = person_in_scope(session, caller, body.member_id)
    check_in_labour_force(person, today)
    if repo.get_labourer(session, body.member_id) is not None:
        raise _already(body.member_id)
    labourer = Labourer(member_id=person.member_id, household_id=person.household_id, skills=body.skills,
                        certificates=_certificates(body), education=body.education,
                        wants_work=body.wants_work, wants_training=body.wants_training, places=body.places,
                        wage_expectation=body.wage_expectation, employment=body.employment,
                        registered_by=caller.subject)
    session.add(labourer)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent registration of the same person won
        raise _already(body.member_id) from exc
    session.journal.record(
        LabourerRegistered(member_id=str(person.member_id), household_id=str(person.household_id),
                           region_code=person.region_code, wants_work=body.wants_work,
                           wants_training=body.wants_training),
        actor=caller.subject, action="labourer.register", after=labourer_snapshot(labourer))
    return render_labourer(person, labourer, today)


def _already(member_id: uuid.UUID) -> LabourerAlreadyRegistered:
    return LabourerAlreadyRegistered.on("member_id", f"Person {member_id} is already registered",
                                        f"人员 {member_id} 已登记")


def update(session: ServiceSession, caller: Caller, member_id: uuid.UUID, if_match: str | None,
           body: LabourerUpdate, today: date) -> LabourerRead:
    """Change a labourer's own record under If-Match."""
    person, labourer = labourer_in_scope(session, caller, member_id, lock=True)
    check_if_match(if_match, labourer.version)
    before = labourer_snapshot(labourer)
    given = body.model_dump(exclude_unset=True)
    if "certificates" in given:
        given["certificates"] = [c for c in labourer.certificates if c.get("programme_id")] + \
            _certificates(body)  # certificates earned in training stay; declared ones are replaced
    changed = sorted(k for k, v in given.items() if before[k] != v)
    for name in changed:
        setattr(labourer, name, given[name])
    if changed:
        session.flush()
        session.journal.record(
            LabourerUpdated(member_id=str(member_id), region_code=person.region_code,
                            version=labourer.version, changed=changed),
            actor=caller.subject, action="labourer.update", before={k: before[k] for k in changed},
            after={k: labourer_snapshot(labourer)[k] for k in changed})
    return render_labourer(person, labourer, today)


def read(session: ServiceSession, caller: Caller, member_id: uuid.UUID, today: date) -> LabourerRead:
    """Read a registered labourer in scope."""
    person, labourer = labourer_in_scope(session, caller, member_id)
    return render_labourer(person, labourer, today)
