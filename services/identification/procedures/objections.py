"""Objections during a publicity period: they suspend the procedure until resolved."""

from __future__ import annotations

import uuid

from services.identification.codes import ObjectionOutcome, ProcedureState
from services.identification.models import Objection, Procedure
from services.identification.procedures import evaluation as evaluations
from services.identification.procedures import repository as repo
from services.identification.procedures import rules, transitions
from services.identification.procedures.definitions import definition
from services.identification.procedures.schemas import ObjectionCreate, ObjectionResolve
from services.identification.procedures.service import OPEN_STATES, close, effective_day, load_procedure
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import not_found
from shared.events.identification import ObjectionRaised, ObjectionResolved
from shared.types import utcnow


def _in_notice(procedure: Procedure) -> bool:
    """Tell whether the last step taken is the one that posted the notice."""
    done = [s for s in procedure.steps if s.outcome == "done"]
    return bool(done) and bool(definition(procedure.kind).step(done[-1].step).opens_notice)


def raise_objection(session: ServiceSession, caller: Caller, procedure_id: uuid.UUID,
                    data: ObjectionCreate) -> Objection:
    """Record an objection raised during the notice; the procedure waits until it is resolved."""
    procedure = load_procedure(session, caller, procedure_id, lock=True)
    if procedure.state not in OPEN_STATES:
        rules.check_open(procedure.state)
    on = effective_day(data.on, None)
    posted = procedure.notice_posted_on if _in_notice(procedure) else None
    last_day = None
    if posted is not None:
        _notice, days = evaluations.publicity_days(session, procedure.year, procedure.region_code)
        last_day = rules.notice_last_day(posted, days)
    rules.check_objection_window(posted, last_day, on)
    objection = Objection(id=uuid.uuid4(), procedure_id=procedure.id, state="open", raised_on=on,
                          recorded_by=caller.subject, content=data.content, documents=list(data.documents))
    session.add(objection)
    procedure.objections.append(objection)
    procedure.state = ProcedureState.SUSPENDED_BY_OBJECTION
    session.flush()
    event = ObjectionRaised(procedure_id=str(procedure.id), objection_id=str(objection.id),
                            raised_on=on.isoformat(), region_code=procedure.region_code)
    session.journal.record(event, actor=caller.subject, action="procedure.objection",
                           after={"objection_id": str(objection.id), "raised_on": on,
                                  "state": procedure.state})
    return objection


def resolve_objection(session: ServiceSession, caller: Caller, objection_id: uuid.UUID,
                      data: ObjectionResolve) -> Objection:
    """Uphold an objection (the procedure is refused) or dismiss it (the procedure resumes)."""
    found = repo.get_objection(session, objection_id)
    if found is None:
        raise not_found("Objection", "异议", objection_id)
    procedure = load_procedure(session, caller, found.procedure_id, lock=True)
    objection = repo.get_objection(session, objection_id, lock=True)
    rules.check_objection_open(objection.state)
    if procedure.state != ProcedureState.SUSPENDED_BY_OBJECTION:
        rules.check_open(procedure.state)
    rules.resolving_role(caller, procedure.region_code)
    on = effective_day(data.on, objection.raised_on)
    objection.state, objection.resolved_on, objection.resolved_at = data.outcome, on, utcnow()
    objection.resolved_by, objection.resolution = caller.subject, data.resolution
    if data.outcome == ObjectionOutcome.UPHELD:
        reason = f"异议成立：{data.resolution}"
        close(session, caller, procedure, ProcedureState.REFUSED, on, reason)
        transitions.reject_household(session, caller, procedure, definition(procedure.kind), on, reason)
    elif not any(o.state == "open" for o in procedure.objections):
        procedure.state = ProcedureState.OPEN
    session.flush()
    event = ObjectionResolved(procedure_id=str(procedure.id), objection_id=str(objection.id),
                              outcome=data.outcome, resolved_on=on.isoformat(),
                              procedure_state=procedure.state, region_code=procedure.region_code)
    session.journal.record(event, actor=caller.subject, action=f"procedure.objection.{data.outcome}",
                           after={"objection_id": str(objection.id), "resolution": data.resolution,
                                  "on": on, "state": procedure.state})
    return objection
