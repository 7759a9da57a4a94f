"""One-to-one service: a counsellor for each labourer who wants work, a dated plan, contacts logged."""

from __future__ import annotations

import uuid
from datetime import date

from services.employment.catalogue import ONE_TO_ONE
from services.employment.codes import ContactPurpose
from services.employment.counselling import repository as repo
from services.employment.counselling.errors import NotTheCounsellor, NotWillingToWork, StepAlreadyDone
from services.employment.counselling.register_contacts import RegisterContacts
from services.employment.counselling.schemas import (
    ContactCreate,
    ContactDetailsRead,
    ContactRead,
    CounsellingRead,
    CounsellorAssign,
    PlanStepCreate,
    PlanStepDone,
    PlanStepRead,
)
from services.employment.labour.service import labourer_in_scope
from services.employment.models import Contact, Counselling, PlanStep
from shared.auth import Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import invalid, not_found
from shared.events.employment import ContactLogged, CounsellorAssigned
from shared.events.employment import PlanStepAdded as StepAdded
from shared.events.employment import PlanStepDone as StepDone


def render_counselling(c: Counselling) -> CounsellingRead:
    """Render a counselling record."""
    return CounsellingRead(member_id=c.member_id, counsellor=c.counsellor, counsellor_name=c.counsellor_name,
                           assigned_on=c.assigned_on, version=c.version)


def render_step(s: PlanStep, today: date) -> PlanStepRead:
    """Render a plan step, overdue when past due and not done."""
    return PlanStepRead(id=s.id, kind=s.kind, action=s.action, due_on=s.due_on, done_on=s.done_on,
                        outcome=s.outcome, overdue=s.done_on is None and s.due_on < today, version=s.version)


def render_contact(c: Contact) -> ContactRead:
    """Render a contact."""
    return ContactRead(id=c.id, contacted_on=c.contacted_on, channel=c.channel, summary=c.summary,
                       next_contact_on=c.next_contact_on, recorded_by=c.recorded_by)


def assign(session: ServiceSession, caller: Caller, member_id: uuid.UUID, if_match: str | None,
           body: CounsellorAssign) -> CounsellingRead:
    """Assign the counsellor of a labourer who wants work; a change of counsellor needs If-Match."""
    person, labourer = labourer_in_scope(session, caller, member_id)
    if not labourer.wants_work:
        raise NotWillingToWork.on("member_id", "The labourer has not said they want work",
                                  "该劳动力未表示有就业意愿", rule=ONE_TO_ONE.code)
    current = repo.get_counselling(session, member_id)
    before = None
    if current is None:
        current = Counselling(member_id=member_id, counsellor=body.counsellor,
                              counsellor_name=body.counsellor_name, assigned_on=body.on,
                              assigned_by=caller.subject)
        session.add(current)
    else:
        check_if_match(if_match, current.version)
        before = {"counsellor": current.counsellor, "assigned_on": current.assigned_on}
        current.counsellor, current.counsellor_name = body.counsellor, body.counsellor_name
        current.assigned_on, current.assigned_by = body.on, caller.subject
    session.flush()
    session.journal.record(CounsellorAssigned(member_id=str(member_id), counsellor=body.counsellor,
                                              region_code=person.region_code),
                           actor=caller.subject, action="counsellor.assign", before=before,
                           after={"counsellor": body.counsellor, "assigned_on": body.on})
    return render_counselling(current)


def read_counselling(session: ServiceSession, caller: Caller, member_id: uuid.UUID) -> CounsellingRead:
    """Read who counsels a labourer in scope."""
    labourer_in_scope(session, caller, member_id)
    current = repo.get_counselling(session, member_id)
    if current is None:
        raise not_found("Counsellor of labourer", "劳动力的帮扶专人", member_id)
    return render_counselling(current)


def add_step(session: ServiceSession, caller: Caller, member_id: uuid.UUID, body: PlanStepCreate,
             today: date) -> PlanStepRead:
    """Add a dated step to a labourer's personal plan."""
    person, _ = labourer_in_scope(session, caller, member_id)
    step = PlanStep(member_id=member_id, kind=body.kind, action=body.action, due_on=body.due_on)
    session.add(step)
    session.flush()
    session.journal.record(StepAdded(step_id=str(step.id), member_id=str(member_id), kind=step.kind,
                                     due_on=step.due_on.isoformat(), region_code=person.region_code),
                           actor=caller.subject, action="plan.add_step",
                           after={"kind": step.kind, "action": step.action, "due_on": step.due_on})
    return render_step(step, today)


def step_done(session: ServiceSession, caller: Caller, member_id: uuid.UUID, step_id: uuid.UUID,
              if_match: str | None, body: PlanStepDone, today: date) -> PlanStepRead:
    """Mark a plan step done with its outcome."""
    person, _ = labourer_in_scope(session, caller, member_id)
    step = repo.get_step(session, member_id, step_id)
    if step is None:
        raise not_found("Plan step", "方案步骤", step_id)
    check_if_match(if_match, step.version)
    if step.done_on is not None:
        raise StepAlreadyDone("The step is already done", "该步骤已完成")
    step.done_on, step.outcome = body.done_on, body.outcome
    session.flush()
    session.journal.record(StepDone(step_id=str(step.id), member_id=str(member_id),
                                    done_on=body.done_on.isoformat(), region_code=person.region_code),
                           actor=caller.subject, action="plan.step_done",
                           after={"done_on": body.done_on, "outcome": body.outcome})
    return render_step(step, today)


def plan(session: ServiceSession, caller: Caller, member_id: uuid.UUID, today: date) -> list[PlanStepRead]:
    """A labourer's personal plan."""
    labourer_in_scope(session, caller, member_id)
    return [render_step(s, today) for s in repo.plan(session, member_id)]


def log_contact(session: ServiceSession, caller: Caller, member_id: uuid.UUID,
                body: ContactCreate) -> ContactRead:
    """Log a contact with a labourer."""
    person, _ = labourer_in_scope(session, caller, member_id)
    if body.next_contact_on is not None and body.next_contact_on < body.contacted_on:
        raise invalid("next_contact_on", "date_before_contact", "The next contact is before this one",
                      "下次联系日期早于本次联系日期")
    contact = Contact(member_id=member_id, contacted_on=body.contacted_on, channel=body.channel,
                      summary=body.summary, next_contact_on=body.next_contact_on, recorded_by=caller.subject)
    session.add(contact)
    session.flush()
    session.journal.record(ContactLogged(contact_id=str(contact.id), member_id=str(member_id),
                                         channel=contact.channel,
                                         contacted_on=contact.contacted_on.isoformat(),
                                         region_code=person.region_code),
                           actor=caller.subject, action="contact.log",
                           after={"channel": contact.channel, "contacted_on": contact.contacted_on})
    return render_contact(contact)


def contacts(session: ServiceSession, caller: Caller, member_id: uuid.UUID) -> list[ContactRead]:
    """A labourer's contacts, newest first."""
    labourer_in_scope(session, caller, member_id)
    return [render_contact(c) for c in repo.contacts(session, member_id)]


def contact_details(session: ServiceSession, caller: Caller, member_id: uuid.UUID, purpose: ContactPurpose,
                    register: RegisterContacts) -> ContactDetailsRead:
    """Read a labourer's contact from identification for their own counsellor; audit it, store nothing."""
    person, _ = labourer_in_scope(session, caller, member_id)
    current = repo.get_counselling(session, member_id)
    if current is None or current.counsellor != caller.subject:
        raise NotTheCounsellor("Only the labourer's counsellor reads their contact details",
                               "仅该劳动力的帮扶专人可查询其联系方式")
    contact = register.read(member_id, caller.subject, purpose)
    # The audit names the fields given, never their values: no phone in clear is kept here.
    given = [f for f in ("phone", "household_phone") if getattr(contact, f)]
    session.journal.audit(actor=caller.subject, action="contact.read", entity_type="labourer",
                          entity_id=member_id, region_code=person.region_code,
                          after={"purpose": purpose.value, "source": "identification",
                                 "fields": [*given, "address"]})
    return ContactDetailsRead(member_id=member_id, name=contact.name, phone=contact.phone,
                              household_phone=contact.household_phone, address=contact.address,
                              purpose=purpose)
