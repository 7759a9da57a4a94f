"""Register rules for households and members: entry, reads, updates, incomes."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from services.identification.codes import HouseholdStatus, Relation
from services.identification.households import repository as repo
from services.identification.households.schemas import (
    HouseholdCreate,
    HouseholdRead,
    HouseholdUpdate,
    IncomeCreate,
    MemberCreate,
    MemberLeave,
    MemberUpdate,
)
from services.identification.households.views import PersonalData, snapshot
from services.identification.models import Household, HouseholdStatusChange, IncomeRecord, Member
from shared.auth import PII_READ, Caller
from shared.concurrency import check_if_match
from shared.crypto import FieldCipher
from shared.errors import AppError, FieldError, invalid, not_found
from shared.events import emit
from shared.events.identification import (
    HouseholdCreated,
    HouseholdStatusChanged,
    HouseholdUpdated,
    IncomeRecorded,
    MemberAdded,
    MemberChanged,
    MemberLeft,
)
from shared.journal import record_audit

_ENCRYPTED = {  # request field -> (column, encryption context)
    "phone": ("phone_enc", "household.phone"),
    "bank_account": ("bank_account_enc", "household.bank_account"),
}
_MEMBER_ENCRYPTED = {
    "phone": ("phone_enc", "member.phone"),
    "illness": ("illness_enc", "member.illness"),
    "disability_card": ("disability_card_enc", "member.disability_card"),
}


def cipher_of(session: Session) -> FieldCipher:
    """Return the service's field cipher."""
    return session.info["cipher"]


def id_hash(session: Session, id_number: str) -> str:
    """Return the keyed lookup hash of an ID number."""
    return cipher_of(session).lookup_hash(id_number, "id_number")


def personal_data(session: Session, caller: Caller) -> PersonalData:
    """Build the personal-data view the caller is entitled to."""
    return PersonalData(cipher_of(session), caller.has(PII_READ))


def load_in_scope(session: Session, caller: Caller, household_id: uuid.UUID, lock: bool = False) -> Household:
    """Load a household the caller may see; others answer 404 as if absent."""
    household = repo.get_household(session, household_id, lock=lock)
    if household is None or not caller.can_see(household.region_code):
        raise not_found("Household", "贫困户", household_id)
    return household


def _check_village(session: Session, caller: Caller, code: str) -> str:
    region = repo.get_region(session, code)
    if region is None:
        raise invalid("region_code", "region_unknown", f"Region {code} does not exist",
                      f"区划代码 {code} 不存在")
    if region.level != "village":
        raise invalid("region_code", "region_not_village", f"Region {code} is not a village",
                      f"区划代码 {code} 不是行政村")
    if not caller.can_see(code):
        raise AppError(403, "region_out_of_scope", f"Region {code} is outside your scope",
                       f"区划 {code} 不在您的管辖范围内",
                       errors=[FieldError("region_code", "region_out_of_scope",
                                          "outside your scope", "不在管辖范围内")])
    return region.name


def _membership_conflict(session: Session, hashes_to_field: dict[str, str],
                         own: uuid.UUID | None = None) -> None:
    taken = repo.active_memberships(session, list(hashes_to_field))
    clashes = {h: hh for h, hh in taken.items() if hh[0] != own}
    if not clashes:
        return
    errors = [
        FieldError(hashes_to_field[h], "person_in_other_household",
                   f"This person is active in household {no}", f"此人已在贫困户 {no} 中")
        for h, (_, no) in clashes.items()
    ]
    first_id, first_no = next(iter(clashes.values()))
    raise AppError(409, "person_in_other_household",
                   f"A person is already an active member of household {first_no}",
                   f"有成员已是贫困户 {first_no} 的在册成员", errors=errors,
                   extra={"other_household_no": first_no, "other_household_id": str(first_id)})


def _flush_members(session: Session, hashes_to_field: dict[str, str], own: uuid.UUID | None) -> None:
    """Flush; if a concurrent request won the race for a person, answer 409 naming the household."""
    try:
        session.flush()
    except IntegrityError:
        # A failed flush leaves this session's transaction unusable (a savepoint does not help:
        # the rows were added before it), so the winner is looked up in a fresh read session.
        reader = session.get_bind().execution_options(sqlite_begin="DEFERRED")
        with Session(reader) as fresh:
            _membership_conflict(fresh, hashes_to_field, own)
        raise AppError(409, "conflict", "A concurrent change won the race; read again and retry",
                       "并发修改冲突，请重新读取后重试") from None


def _new_member(session: Session, household: Household, data: MemberCreate, seq: int) -> Member:
    cipher = cipher_of(session)
    member = Member(
        id=uuid.uuid4(), household_id=household.id, seq=seq, name=data.name,
        id_number_enc=cipher.encrypt(data.id_number, "member.id_number"),
        id_number_hash=id_hash(session, data.id_number), sex=data.sex, birth_date=data.birth_date,
        relation=data.relation, education=data.education, schooling=data.schooling,
        health_status=data.health_status, disability_grade=data.disability_grade,
        labour_capacity=data.labour_capacity, pension_insured=data.pension_insured,
        medical_insured=data.medical_insured, critical_illness_insured=data.critical_illness_insured,
        employment=data.employment, active=True,
    )
    for field_name, (column, context) in _MEMBER_ENCRYPTED.items():
        value = getattr(data, field_name)
        setattr(member, column, cipher.encrypt(value, context) if value else None)
    household.members.append(member)
    return member


def record_status(session: Session, household: Household, to: HouseholdStatus, actor: str,
                  effective_on: date, reason: str | None = None, reference: str | None = None) -> None:
    """Move a household to a status, recording the transition and its event."""
    before = household.status
    household.status = to
    session.add(HouseholdStatusChange(household_id=household.id, from_status=before, to_status=to,
                                      effective_on=effective_on, actor=actor, reason=reason,
                                      reference=reference))
    emit(session, HouseholdStatusChanged(household_id=str(household.id), region_code=household.region_code,
                                         from_status=before, to_status=to, reason=reason),
         subject=household.id, region_code=household.region_code)


def create_household(session: Session, caller: Caller, data: HouseholdCreate) -> tuple[Household, str]:
    """Enter a household into the register as a candidate."""
    region_name = _check_village(session, caller, data.region_code)
    hashes = {id_hash(session, m.id_number): f"members[{i}].id_number" for i, m in enumerate(data.members)}
    _membership_conflict(session, hashes)
    number = data.household_no or _assign_number(session, data.region_code)
    if repo.household_id_by_number(session, number) is not None:
        raise invalid("household_no", "household_no_taken", f"Household number {number} is taken",
                      f"户编号 {number} 已被使用", status=409)
    cipher = cipher_of(session)
    household = Household(
        id=uuid.uuid4(), household_no=number, region_code=data.region_code,
        county_code=data.region_code[:6], address=data.address, status=HouseholdStatus.CANDIDATE,
        category=data.category,
        primary_cause=data.primary_cause, other_causes=[str(c) for c in data.other_causes],
        housing_grade=data.housing_grade, renovation_state=data.renovation_state,
        safe_drinking_water=data.safe_drinking_water, helper_name=data.helper_name,
        helper_subject=data.helper_subject, bank_name=data.bank_name,
        bank_account_hash=(cipher.lookup_hash(data.bank_account, "bank_account")
                           if data.bank_account else None),
    )
    _apply_encrypted(household, data.model_dump(include=set(_ENCRYPTED)), cipher)
    session.add(household)
    for i, m in enumerate(data.members):
        _new_member(session, household, m, i + 1)
    # The first status is part of the creation: its event is household.created, not a transition.
    session.add(HouseholdStatusChange(household_id=household.id, from_status=None,
                                      to_status=HouseholdStatus.CANDIDATE, effective_on=date.today(),
                                      actor=caller.subject, reason="application or nomination"))
    _flush_members(session, hashes, None)
    record_audit(session, actor=caller.subject, action="household.create", entity_type="household",
                 entity_id=household.id, region_code=household.region_code,
                 after={**snapshot(household, PersonalData(cipher, False)),
                        "members": [snapshot(m, PersonalData(cipher, False)) for m in household.members]})
    emit(session, HouseholdCreated(household_id=str(household.id), household_no=number,
                                   region_code=household.region_code, status=household.status,
                                   category=household.category, member_count=len(household.members)),
         subject=household.id, region_code=household.region_code)
    for m in household.members:
        emit(session, MemberAdded(household_id=str(household.id), member_id=str(m.id),
                                  region_code=household.region_code, relation=m.relation,
                                  labour_capacity=m.labour_capacity),
             subject=m.id, region_code=household.region_code)
    return household, region_name


def _assign_number(session: Session, village_code: str) -> str:
    return f"{village_code}{repo.take_household_serial(session, village_code):04d}"


def _apply_encrypted(row: Any, values: dict[str, Any], cipher: FieldCipher) -> None:
    for field_name, value in values.items():
        column, context = _ENCRYPTED[field_name]
        setattr(row, column, cipher.encrypt(value, context) if value else None)


def read_household(session: Session, caller: Caller, household_id: uuid.UUID) -> tuple[Household, str]:
    """Load a household for display."""
    household = load_in_scope(session, caller, household_id)
    region = repo.get_region(session, household.region_code)
    return household, region.name if region else ""


def show_household(session: Session, caller: Caller, household: Household, region_name: str) -> HouseholdRead:
    """Render a household for the caller; every unmasked rendering is audited as a read."""
    view = personal_data(session, caller)
    if view.unmasked:
        record_audit(session, actor=caller.subject, action="pii.read", entity_type="household",
                     entity_id=household.id, region_code=household.region_code)
    return view.household(household, region_name)


def update_household(session: Session, caller: Caller, household_id: uuid.UUID, if_match: str | None,
                     data: HouseholdUpdate) -> Household:
    """Change register fields of a household, refusing a stale version."""
    household = load_in_scope(session, caller, household_id)
    check_if_match(if_match, household.version)
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        return household
    cipher = cipher_of(session)
    masked = PersonalData(cipher, False)
    before = snapshot(household, masked)
    for field_name, value in changes.items():
        if field_name in _ENCRYPTED:
            _apply_encrypted(household, {field_name: value}, cipher)
            if field_name == "bank_account":
                household.bank_account_hash = cipher.lookup_hash(value, "bank_account") if value else None
        else:
            setattr(household, field_name, [str(c) for c in value] if field_name == "other_causes" else value)
    session.flush()
    record_audit(session, actor=caller.subject, action="household.update", entity_type="household",
                 entity_id=household.id, region_code=household.region_code, before=before,
                 after=snapshot(household, masked))
    emit(session, HouseholdUpdated(household_id=str(household.id), region_code=household.region_code,
                                   version=household.version, changed=sorted(changes)),
         subject=household.id, region_code=household.region_code)
    return household


def _touch(household: Household) -> None:
    """Bump the household's version: its members are part of it."""
    flag_modified(household, "updated_at")


def add_member(session: Session, caller: Caller, household_id: uuid.UUID, if_match: str | None,
               data: MemberCreate) -> Household:
    """Add a person to a household (增员)."""
    household = load_in_scope(session, caller, household_id)
    check_if_match(if_match, household.version)
    if household.status in (HouseholdStatus.REMOVED, HouseholdStatus.REJECTED):
        raise AppError(409, "household_inactive", "The household is no longer in the register",
                       "该户已不在册，不能增员")
    has_head = any(m.active and m.relation == Relation.HEAD for m in household.members)
    if data.relation == Relation.HEAD and has_head:
        raise invalid("relation", "head_exists", "The household already has a head", "该户已有户主",
                      status=409)
    hashes = {id_hash(session, data.id_number): "id_number"}
    _membership_conflict(session, hashes)
    member = _new_member(session, household, data, max((m.seq for m in household.members), default=0) + 1)
    _touch(household)
    _flush_members(session, hashes, None)
    record_audit(session, actor=caller.subject, action="member.add", entity_type="member",
                 entity_id=member.id, region_code=household.region_code,
                 after=snapshot(member, PersonalData(cipher_of(session), False)))
    emit(session, MemberAdded(household_id=str(household.id), member_id=str(member.id),
                              region_code=household.region_code, relation=member.relation,
                              labour_capacity=member.labour_capacity),
         subject=member.id, region_code=household.region_code)
    return household


def _member_of(household: Household, member_id: uuid.UUID) -> Member:
    for member in household.members:
        if member.id == member_id:
            return member
    raise not_found("Member", "家庭成员", member_id)


def update_member(session: Session, caller: Caller, household_id: uuid.UUID, member_id: uuid.UUID,
                  if_match: str | None, data: MemberUpdate) -> Household:
    """Change a member's data; ID number, sex and birth date are fixed by the ID number."""
    household = load_in_scope(session, caller, household_id)
    check_if_match(if_match, household.version)
    member = _member_of(household, member_id)
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        return household
    if changes.get("relation") == Relation.HEAD and any(
            m.active and m.relation == Relation.HEAD and m.id != member.id for m in household.members):
        raise invalid("relation", "head_exists", "The household already has a head; change that one first",
                      "该户已有户主，请先变更原户主", status=409)
    masked = PersonalData(cipher_of(session), False)
    before = snapshot(member, masked)
    cipher = cipher_of(session)
    for field_name, value in changes.items():
        if field_name in _MEMBER_ENCRYPTED:
            column, context = _MEMBER_ENCRYPTED[field_name]
            setattr(member, column, cipher.encrypt(value, context) if value else None)
        else:
            setattr(member, field_name, value)
    if member.disability_grade is not None and member.health_status != "disabled":
        raise invalid("disability_grade", "disability_grade_unexpected",
                      "disability_grade is only for health_status disabled", "只有残疾人员才能填写残疾等级")
    _touch(household)
    session.flush()
    record_audit(session, actor=caller.subject, action="member.update", entity_type="member",
                 entity_id=member.id, region_code=household.region_code, before=before,
                 after=snapshot(member, masked))
    emit(session, MemberChanged(household_id=str(household.id), member_id=str(member.id),
                                changed=sorted(changes)),
         subject=member.id, region_code=household.region_code)
    return household


def member_leaves(session: Session, caller: Caller, household_id: uuid.UUID, member_id: uuid.UUID,
                  if_match: str | None, data: MemberLeave) -> Household:
    """Record that a member left the household; the row stays, inactive."""
    household = load_in_scope(session, caller, household_id)
    check_if_match(if_match, household.version)
    member = _member_of(household, member_id)
    if not member.active:
        raise AppError(409, "member_already_left", "The member has already left", "该成员已减员")
    if member.relation == Relation.HEAD and sum(m.active for m in household.members) > 1:
        raise AppError(409, "head_must_be_replaced",
                       "Name another head before the head leaves a household with other members",
                       "户主减员前须先变更户主")
    masked = PersonalData(cipher_of(session), False)
    before = snapshot(member, masked)
    member.active, member.left_on, member.left_reason = False, data.left_on, data.reason
    _touch(household)
    session.flush()
    record_audit(session, actor=caller.subject, action="member.leave", entity_type="member",
                 entity_id=member.id, region_code=household.region_code, before=before,
                 after=snapshot(member, masked))
    emit(session, MemberLeft(household_id=str(household.id), member_id=str(member.id), reason=data.reason),
         subject=member.id, region_code=household.region_code)
    return household


def add_income(session: Session, caller: Caller, household_id: uuid.UUID, data: IncomeCreate) -> IncomeRecord:
    """Record a year's income as a new revision; earlier revisions stay."""
    # The row lock makes concurrent records of one year take revisions one after another.
    household = load_in_scope(session, caller, household_id, lock=True)
    size = data.household_size or sum(1 for m in household.members if m.active)
    revision = repo.last_income_revision(session, household.id, data.year) + 1
    record = IncomeRecord(household_id=household.id, year=data.year, revision=revision, wages=data.wages,
                          production_business=data.production_business,
                          property_income=data.property_income, transfer_income=data.transfer_income,
                          production_costs=data.production_costs, household_size=size, note=data.note,
                          recorded_by=caller.subject)
    session.add(record)
    session.flush()
    record_audit(session, actor=caller.subject, action="income.record", entity_type="household",
                 entity_id=household.id, region_code=household.region_code,
                 after=data.model_dump(mode="json") | {"revision": revision, "household_size": size})
    emit(session, IncomeRecorded(household_id=str(household.id), region_code=household.region_code,
                                 year=data.year, revision=revision, household_size=size),
         subject=household.id, region_code=household.region_code)
    return record
