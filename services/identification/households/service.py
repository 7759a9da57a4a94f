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
from services.identification.households.errors import (
    HeadExists,
    HeadMustBeReplaced,
    HouseholdInactive,
    HouseholdNumberTaken,
    MemberAlreadyLeft,
    PersonInOtherHousehold,
    PersonRegisteredElsewhere,
)
from services.identification.households.schemas import (
    HouseholdCreate,
    HouseholdRead,
    HouseholdUpdate,
    IncomeCreate,
    MemberCreate,
    MemberLeave,
    MemberUpdate,
)
from services.identification.households.views import household_snapshot, member_snapshot, render_household
from services.identification.models import (
    HOUSEHOLD_BANK_ACCOUNT,
    HOUSEHOLD_PHONE,
    HOUSEHOLD_SECRET,
    MEMBER_ID_NUMBER,
    MEMBER_PHONE,
    MEMBER_SECRET,
    Household,
    HouseholdStatusChange,
    IncomeRecord,
    Member,
)
from services.identification.regions.errors import RegionNotVillage, RegionUnknown
from shared.auth import PII_READ, Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import Conflict, FieldError, RegionOutOfScope, invalid, not_found
from shared.events.identification import (
    HouseholdCreated,
    HouseholdStatusChanged,
    HouseholdUpdated,
    IncomeRecorded,
    MemberAdded,
    MemberChanged,
    MemberLeft,
)
from shared.personal import PersonalField


def load_in_scope(session: Session, caller: Caller, household_id: uuid.UUID, lock: bool = False) -> Household:
    """Load a household the caller may see; others answer 404 as if absent."""
    household = repo.get_household(session, household_id, lock=lock)
    if household is None or not caller.can_see(household.region_code):
        raise not_found("Household", "贫困户", household_id)
    return household


def _check_village(session: Session, caller: Caller, code: str) -> str:
    region = repo.get_region(session, code)
    if region is None:
        raise RegionUnknown.on("region_code", f"Region {code} does not exist", f"区划代码 {code} 不存在")
    if region.level != "village":
        raise RegionNotVillage.on("region_code", f"Region {code} is not a village",
                                  f"区划代码 {code} 不是行政村")
    if not caller.can_see(code):
        raise RegionOutOfScope("region_code", code)
    return region.name


def _membership_conflict(session: Session, caller: Caller, hashes_to_field: dict[str, str],
                         own: uuid.UUID | None = None) -> None:
    taken = repo.active_memberships(session, list(hashes_to_field))
    clashes = {h: hh for h, hh in taken.items() if hh[0] != own}
    if not clashes:
        return
    # A household outside the caller's scope is neither named nor identified: the answer says only that
    # the person is registered elsewhere, as the scoped people/lookup does (an official of that scope
    # can look up where).
    errors = [
        FieldError(hashes_to_field[h], "person_in_other_household",
                   f"This person is active in household {no}", f"此人已在贫困户 {no} 中")
        if caller.can_see(region) else
        FieldError(hashes_to_field[h], "person_registered_elsewhere",
                   "This person is active in a household outside your scope",
                   "此人已在您管辖范围以外的贫困户中")
        for h, (_, no, region) in clashes.items()
    ]
    visible = [(hid, no) for hid, no, region in clashes.values() if caller.can_see(region)]
    if not visible:
        raise PersonRegisteredElsewhere(
            "A person is already an active member of a household outside your scope",
            "有成员已是您管辖范围以外贫困户的在册成员", errors=errors)
    first_id, first_no = visible[0]
    raise PersonInOtherHousehold(f"A person is already an active member of household {first_no}",
                                 f"有成员已是贫困户 {first_no} 的在册成员", errors=errors,
                                 extra={"other_household_no": first_no, "other_household_id": str(first_id)})


def _flush_members(session: Session, caller: Caller, hashes_to_field: dict[str, str],
                   own: uuid.UUID | None) -> None:
    """Flush; if a concurrent request won the race for a person, answer 409 naming the household."""
    try:
        session.flush()
    except IntegrityError:
        # A failed flush leaves this session's transaction unusable (a savepoint does not help:
        # the rows were added before it), so the winner is looked up in a fresh read session.
        reader = session.get_bind().execution_options(sqlite_begin="DEFERRED")
        with Session(reader) as fresh:
            _membership_conflict(fresh, caller, hashes_to_field, own)
        raise Conflict() from None


def _new_member(session: ServiceSession, household: Household, data: MemberCreate, seq: int) -> Member:
    cipher = session.cipher
    member = Member(
        id=uuid.uuid4(), household_id=household.id, seq=seq, name=data.name,
        id_number_enc=session.seal(MEMBER_ID_NUMBER, data.id_number),
        id_number_hash=MEMBER_ID_NUMBER.hash(cipher, data.id_number), sex=data.sex,
        birth_date=data.birth_date,
        relation=data.relation, education=data.education, schooling=data.schooling,
        health_status=data.health_status, disability_grade=data.disability_grade,
        labour_capacity=data.labour_capacity, pension_insured=data.pension_insured,
        medical_insured=data.medical_insured, critical_illness_insured=data.critical_illness_insured,
        employment=data.employment, active=True,
    )
    for name, (column, field) in MEMBER_SECRET.items():
        setattr(member, column, session.seal(field, getattr(data, name)))
    household.members.append(member)
    return member


def record_status(session: ServiceSession, household: Household, to: HouseholdStatus, actor: str,
                  effective_on: date, reason: str | None = None, reference: str | None = None) -> None:
    """Move a household to a status, recording the transition and its event."""
    before = household.status
    household.status = to
    session.add(HouseholdStatusChange(household_id=household.id, from_status=before, to_status=to,
                                      effective_on=effective_on, actor=actor, reason=reason,
                                      reference=reference))
    session.journal.emit(HouseholdStatusChanged(household_id=str(household.id),
                                                region_code=household.region_code,
                                                from_status=before, to_status=to, reason=reason))


def create_household(session: ServiceSession, caller: Caller,
                     data: HouseholdCreate) -> tuple[Household, str]:
    """Enter a household into the register as a candidate."""
    region_name = _check_village(session, caller, data.region_code)
    cipher = session.cipher
    hashes = {MEMBER_ID_NUMBER.hash(cipher, m.id_number): f"members[{i}].id_number"
              for i, m in enumerate(data.members)}
    _membership_conflict(session, caller, hashes)
    number = data.household_no or _assign_number(session, data.region_code)
    if repo.household_id_by_number(session, number) is not None:
        raise HouseholdNumberTaken.on("household_no", f"Household number {number} is taken",
                                      f"户编号 {number} 已被使用")
    household = Household(
        id=uuid.uuid4(), household_no=number, region_code=data.region_code,
        county_code=data.region_code[:6], address=data.address, status=HouseholdStatus.CANDIDATE,
        category=data.category,
        primary_cause=data.primary_cause, other_causes=[str(c) for c in data.other_causes],
        housing_grade=data.housing_grade, renovation_state=data.renovation_state,
        safe_drinking_water=data.safe_drinking_water, helper_name=data.helper_name,
        helper_subject=data.helper_subject, bank_name=data.bank_name,
        bank_account_hash=HOUSEHOLD_BANK_ACCOUNT.hash(cipher, data.bank_account),
    )
    for name, (column, field) in HOUSEHOLD_SECRET.items():
        setattr(household, column, session.seal(field, getattr(data, name)))
    session.add(household)
    for i, m in enumerate(data.members):
        _new_member(session, household, m, i + 1)
    # The first status is part of the creation: its event is household.created, not a transition.
    session.add(HouseholdStatusChange(household_id=household.id, from_status=None,
                                      to_status=HouseholdStatus.CANDIDATE, effective_on=date.today(),
                                      actor=caller.subject, reason="application or nomination"))
    _flush_members(session, caller, hashes, None)
    # The audit snapshot masks the plaintext of the request: nothing just sealed is opened again.
    after = {**household_snapshot(household, data.phone, data.bank_account),
             "members": [member_snapshot(m, given.id_number, given.phone)
                         for m, given in zip(household.members, data.members, strict=True)]}
    session.journal.record(HouseholdCreated(household_id=str(household.id), household_no=number,
                                            region_code=household.region_code, status=household.status,
                                            category=household.category,
                                            member_count=len(household.members)),
                           actor=caller.subject, action="household.create", after=after)
    for m in household.members:
        session.journal.emit(MemberAdded(household_id=str(household.id), member_id=str(m.id),
                                         region_code=household.region_code, relation=m.relation,
                                         labour_capacity=m.labour_capacity))
    return household, region_name


def _assign_number(session: Session, village_code: str) -> str:
    return f"{village_code}{repo.take_household_serial(session, village_code):04d}"


def read_household(session: Session, caller: Caller, household_id: uuid.UUID) -> tuple[Household, str]:
    """Load a household and its village's name; one outside the caller's scope answers 404 as if absent."""
    found = repo.read_household(session, household_id)
    if found is None or not caller.can_see(found[0].region_code):
        raise not_found("Household", "贫困户", household_id)
    return found


def show_household(session: ServiceSession, caller: Caller, household: Household,
                   region_name: str) -> HouseholdRead:
    """Render a household for the caller; every unmasked rendering is audited as a read."""
    view = session.personal_view(caller.has(PII_READ))
    if view.unmasked:
        session.journal.audit(actor=caller.subject, action="pii.read", entity_type="household",
                              entity_id=household.id, region_code=household.region_code)
    return render_household(view, household, region_name)


def update_household(session: ServiceSession, caller: Caller, household_id: uuid.UUID, if_match: str | None,
                     data: HouseholdUpdate) -> Household:
    """Change register fields of a household, refusing a stale version."""
    household = load_in_scope(session, caller, household_id)
    check_if_match(if_match, household.version)
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        return household
    cipher = session.cipher
    phone = HOUSEHOLD_PHONE.open(cipher, household.phone_enc)
    bank_account = HOUSEHOLD_BANK_ACCOUNT.open(cipher, household.bank_account_enc)
    before = household_snapshot(household, phone, bank_account)
    if "other_causes" in changes:
        changes["other_causes"] = [str(c) for c in changes["other_causes"]]
    _assign(session, household, changes, HOUSEHOLD_SECRET)
    if "bank_account" in changes:
        household.bank_account_hash = HOUSEHOLD_BANK_ACCOUNT.hash(cipher, changes["bank_account"])
    session.flush()
    after = household_snapshot(household, changes.get("phone", phone),
                               changes.get("bank_account", bank_account))
    session.journal.record(HouseholdUpdated(household_id=str(household.id), region_code=household.region_code,
                                            version=household.version, changed=sorted(changes)),
                           actor=caller.subject, action="household.update", before=before, after=after)
    return household


def _assign(session: ServiceSession, row: Household | Member, changes: dict[str, Any],
            secret: dict[str, tuple[str, PersonalField]]) -> None:
    """Set changed fields on a row, sealing the personal ones into their columns."""
    for name, value in changes.items():
        if name in secret:
            column, field = secret[name]
            setattr(row, column, session.seal(field, value))
        else:
            setattr(row, name, value)


def _touch(household: Household) -> None:
    """Bump the household's version: its members are part of it."""
    flag_modified(household, "updated_at")


def add_member(session: ServiceSession, caller: Caller, household_id: uuid.UUID, if_match: str | None,
               data: MemberCreate) -> Household:
    """Add a person to a household (增员)."""
    household = load_in_scope(session, caller, household_id)
    check_if_match(if_match, household.version)
    if household.status in (HouseholdStatus.REMOVED, HouseholdStatus.REJECTED):
        raise HouseholdInactive("The household is no longer in the register",
                                "该户已不在册，不能增员")
    has_head = any(m.active and m.relation == Relation.HEAD for m in household.members)
    if data.relation == Relation.HEAD and has_head:
        raise HeadExists.on("relation", "The household already has a head", "该户已有户主")
    hashes = {MEMBER_ID_NUMBER.hash(session.cipher, data.id_number): "id_number"}
    _membership_conflict(session, caller, hashes)
    member = _new_member(session, household, data, max((m.seq for m in household.members), default=0) + 1)
    _touch(household)
    _flush_members(session, caller, hashes, None)
    session.journal.record(MemberAdded(household_id=str(household.id), member_id=str(member.id),
                                       region_code=household.region_code, relation=member.relation,
                                       labour_capacity=member.labour_capacity),
                           actor=caller.subject, action="member.add",
                           after=member_snapshot(member, data.id_number, data.phone))
    return household


def _member_of(household: Household, member_id: uuid.UUID) -> Member:
    for member in household.members:
        if member.id == member_id:
            return member
    raise not_found("Member", "家庭成员", member_id)


def update_member(session: ServiceSession, caller: Caller, household_id: uuid.UUID, member_id: uuid.UUID,
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
        raise HeadExists.on("relation", "The household already has a head; change that one first",
                            "该户已有户主，请先变更原户主")
    cipher = session.cipher
    id_number = MEMBER_ID_NUMBER.open(cipher, member.id_number_enc) or ""
    phone = MEMBER_PHONE.open(cipher, member.phone_enc)
    before = member_snapshot(member, id_number, phone)
    _assign(session, member, changes, MEMBER_SECRET)
    if member.disability_grade is not None and member.health_status != "disabled":
        raise invalid("disability_grade", "disability_grade_unexpected",
                      "disability_grade is only for health_status disabled", "只有残疾人员才能填写残疾等级")
    _touch(household)
    session.flush()
    session.journal.record(MemberChanged(household_id=str(household.id), member_id=str(member.id),
                                         changed=sorted(changes), region_code=household.region_code),
                           actor=caller.subject, action="member.update", before=before,
                           after=member_snapshot(member, id_number, changes.get("phone", phone)))
    return household


def member_leaves(session: ServiceSession, caller: Caller, household_id: uuid.UUID, member_id: uuid.UUID,
                  if_match: str | None, data: MemberLeave) -> Household:
    """Record that a member left the household; the row stays, inactive."""
    household = load_in_scope(session, caller, household_id)
    check_if_match(if_match, household.version)
    member = _member_of(household, member_id)
    if not member.active:
        raise MemberAlreadyLeft("The member has already left", "该成员已减员")
    if member.relation == Relation.HEAD and sum(m.active for m in household.members) > 1:
        raise HeadMustBeReplaced("Name another head before the head leaves a household with other members",
                                 "户主减员前须先变更户主")
    id_number = MEMBER_ID_NUMBER.open(session.cipher, member.id_number_enc) or ""
    phone = MEMBER_PHONE.open(session.cipher, member.phone_enc)
    before = member_snapshot(member, id_number, phone)
    member.active, member.left_on, member.left_reason = False, data.left_on, data.reason
    _touch(household)
    session.flush()
    session.journal.record(MemberLeft(household_id=str(household.id), member_id=str(member.id),
                                      reason=data.reason, region_code=household.region_code),
                           actor=caller.subject, action="member.leave", before=before,
                           after=member_snapshot(member, id_number, phone))
    return household


def add_income(session: ServiceSession, caller: Caller, household_id: uuid.UUID,
               data: IncomeCreate) -> IncomeRecord:
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
    session.journal.record(IncomeRecorded(household_id=str(household.id), region_code=household.region_code,
                                          year=data.year, revision=revision, household_size=size),
                           actor=caller.subject, action="income.record",
                           after=data.model_dump(mode="json") | {"revision": revision,
                                                                 "household_size": size})
    return record
