"""Employers' and positions' rules: who may post where, terms that hold together, openings never lost."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from services.employment.catalogue import EMPLOYER_CODE
from services.employment.codes import PositionState
from services.employment.jobs import repository as repo
from services.employment.jobs.errors import EmployerExists, PositionTermsInvalid
from services.employment.jobs.rules import terms_errors
from services.employment.jobs.schemas import EmployerCreate, PositionCreate, PositionRead, PositionUpdate
from services.employment.jobs.views import POSITION_TERMS, position_snapshot, render_position
from services.employment.models import Employer, Position
from shared.auth import Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import RegionOutOfScope, not_found
from shared.events.employment import EmployerRegistered, PositionChanged, PositionPosted


def register_employer(session: ServiceSession, caller: Caller, body: EmployerCreate) -> Employer:
    """Register an employer in the caller's region; its credit code is taken once."""
    if not caller.can_see(body.region_code):
        raise RegionOutOfScope("region_code", body.region_code)
    if repo.employer_by_code(session, body.credit_code) is not None:
        raise _exists(body.credit_code)
    employer = Employer(credit_code=body.credit_code, name=body.name, kind=body.kind,
                        region_code=body.region_code, created_by=caller.subject)
    session.add(employer)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent registration of the same code won
        raise _exists(body.credit_code) from exc
    session.journal.record(
        EmployerRegistered(employer_id=str(employer.id), credit_code=employer.credit_code,
                           region_code=employer.region_code, kind=employer.kind),
        actor=caller.subject, action="employer.register",
        after={"credit_code": employer.credit_code, "name": employer.name, "kind": employer.kind,
               "region_code": employer.region_code})
    return employer


def _exists(code: str) -> EmployerExists:
    return EmployerExists.on("credit_code", f"An employer with credit code {code} is already registered",
                             f"统一社会信用代码 {code} 已登记", rule=EMPLOYER_CODE.code)


def read_employer(session: ServiceSession, employer_id: uuid.UUID) -> Employer:
    """Load an employer (employers and vacancies are published, so every reader sees them)."""
    employer = repo.get_employer(session, employer_id)
    if employer is None:
        raise not_found("Employer", "用人单位", employer_id)
    return employer


def _check_terms(kind: str, public_welfare_kind: str | None, min_age: int, max_age: int, starts_on: object,
                 ends_on: object, openings: int, filled: int) -> None:
    errors = terms_errors(kind, public_welfare_kind, min_age, max_age, starts_on, ends_on,  # type: ignore[arg-type]
                          openings, filled)
    if errors:
        raise PositionTermsInvalid(f"The position's terms do not hold together: {errors[0].message}",
                                   f"岗位条件相互矛盾：{errors[0].message_zh}", errors=errors)


def post_position(session: ServiceSession, caller: Caller, body: PositionCreate) -> PositionRead:
    """Post a position for an employer in the caller's region."""
    employer = read_employer(session, body.employer_id)
    if not caller.can_see(employer.region_code):
        raise RegionOutOfScope("employer_id", employer.region_code)
    _check_terms(body.kind, body.public_welfare_kind, body.min_age, body.max_age, body.starts_on,
                 body.ends_on, body.openings, 0)
    position = Position(**body.model_dump(), filled=0, state=PositionState.OPEN, created_by=caller.subject)
    session.add(position)
    session.flush()
    session.journal.record(
        PositionPosted(position_id=str(position.id), employer_id=str(employer.id),
                       region_code=position.region_code, kind=position.kind, openings=position.openings,
                       target_regions=list(position.target_regions)),
        actor=caller.subject, action="position.post", after=position_snapshot(position))
    return render_position(position, employer.name)


def read_position(session: ServiceSession, position_id: uuid.UUID) -> PositionRead:
    """Read a position with its employer's name."""
    position = repo.get_position(session, position_id)
    if position is None:
        raise not_found("Position", "岗位", position_id)
    return render_position(position, read_employer(session, position.employer_id).name)


def change_position(session: ServiceSession, caller: Caller, position_id: uuid.UUID, if_match: str | None,
                    body: PositionUpdate) -> PositionRead:
    """Change a position's terms under If-Match; openings never drop below those filled."""
    position = repo.get_position(session, position_id, lock=True)
    if position is None:
        raise not_found("Position", "岗位", position_id)
    employer = read_employer(session, position.employer_id)
    if not caller.can_see(employer.region_code):
        raise RegionOutOfScope("position_id", employer.region_code)
    check_if_match(if_match, position.version)
    given = body.model_dump(exclude_unset=True)
    merged = {name: given.get(name, getattr(position, name)) for name in POSITION_TERMS}
    _check_terms(position.kind, position.public_welfare_kind, merged["min_age"], merged["max_age"],
                 position.starts_on, merged["ends_on"], merged["openings"], position.filled)
    before = position_snapshot(position)
    changed = sorted(name for name in given if before[name] != merged[name])
    for name in changed:
        setattr(position, name, merged[name])
    if changed:
        session.flush()
        session.journal.record(
            PositionChanged(position_id=str(position.id), region_code=position.region_code,
                            version=position.version, changed=changed),
            actor=caller.subject, action="position.change", before={k: before[k] for k in changed},
            after={k: merged[k] for k in changed})
    return render_position(position, employer.name)
