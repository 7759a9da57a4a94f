"""Procedures as workflows: start, take the next step, decide against, cancel (§24)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from services.identification.codes import ProcedureKind, ProcedureState, StepOutcome
from services.identification.households.service import load_in_scope
from services.identification.models import Procedure, ProcedureStep
from services.identification.procedures import evaluation as evaluations
from services.identification.procedures import repository as repo
from services.identification.procedures import rules, transitions
from services.identification.procedures.definitions import (
    KIND_FIELD_NAMES,
    ProcedureDef,
    StepDef,
    definition,
)
from services.identification.procedures.errors import (
    ExitStandardUnmet,
    IdentificationStandardUnmet,
    KindForHouseholds,
    KindForVillages,
    ProcedureAlreadyOpen,
    StepLevelMismatch,
    VillageAlreadyExited,
    VillageExitStandardUnmet,
    VillageNotRelativelyPoor,
)
from services.identification.procedures.schemas import Cancellation, ProcedureStart, StepTake
from shared.auth import ROLE_LEVELS, Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import Problem, invalid, not_found
from shared.events.identification import ProcedureClosed, ProcedureStarted, ProcedureStepRecorded
from shared.pagination import decode_cursor, encode_cursor
from shared.types import utcnow

OPEN_STATES = (ProcedureState.OPEN, ProcedureState.SUSPENDED_BY_OBJECTION)


@dataclass(frozen=True)
class StepResult:
    """A step taken, or refused by its evaluation (the refusal is recorded all the same)."""

    procedure: Procedure
    refusal: evaluations.Outcome | None = None


_REFUSALS: dict[str, type[Problem]] = {"household_exit": ExitStandardUnmet,
                                       "village_exit": VillageExitStandardUnmet,
                                       "identification": IdentificationStandardUnmet}


def refusal_error(result: StepResult) -> Problem:
    """Describe a step its evaluation refused, with every line and the unmet ones (409)."""
    outcome = result.refusal
    step = result.procedure.steps[-1]
    rule = definition(result.procedure.kind).step(step.step).evaluates
    return _REFUSALS[rule](f"Step {step.step} refused: {outcome.summary_en}",
                           f"核验未通过：{outcome.summary_zh}",
                           extra={"evaluation_id": str(outcome.evaluation_id), "unmet": outcome.unmet(),
                                  "conditions": outcome.conditions})


def today() -> date:
    """Return today's date; steps are dated by their body, never later than this."""
    return date.today()


def load_procedure(session: Session, caller: Caller, procedure_id: uuid.UUID,
                   lock: bool = False) -> Procedure:
    """Load a procedure the caller may see; others answer 404 as if absent."""
    procedure = repo.get_procedure(session, procedure_id, lock=lock)
    if procedure is None or not caller.can_see(procedure.region_code):
        raise not_found("Procedure", "程序", procedure_id)
    return procedure


def _log(session: ServiceSession, procedure: Procedure, step: str, outcome: StepOutcome, caller: Caller,
         role: str, on: date, documents: list[str], comment: str | None,
         evaluation_id: uuid.UUID | None = None,
         detail: dict[str, object] | None = None) -> ProcedureStep:
    entry = ProcedureStep(procedure_id=procedure.id, seq=repo.next_seq(session, procedure.id), step=step,
                          outcome=outcome, actor=caller.subject, actor_role=role, actor_region=caller.region,
                          effective_on=on, documents=list(documents), comment=comment,
                          evaluation_id=evaluation_id, detail=detail)
    # Appended through the relationship only: adding it to the session first would let the lazy load
    # of a new procedure's steps autoflush it and return it, and the append would list it twice.
    procedure.steps.append(entry)
    session.flush()
    event = ProcedureStepRecorded(procedure_id=str(procedure.id), kind=procedure.kind, step=step,
                                  outcome=outcome, effective_on=on.isoformat(), actor_role=role,
                                  state=procedure.state, next_step=procedure.next_step,
                                  region_code=procedure.region_code)
    session.journal.record(event, actor=caller.subject, action=f"procedure.step.{outcome}",
                           after={"kind": procedure.kind, "step": step, "outcome": outcome, "role": role,
                                  "on": on, "documents": list(documents), "comment": comment,
                                  "evaluation_id": evaluation_id, "state": procedure.state})
    return entry


def effective_day(on: date | None, previous: date | None) -> date:
    day = on or today()
    rules.check_effective_date(day, previous, today())
    return day


def _insert(session: ServiceSession, procedure: Procedure) -> None:
    """Insert a new procedure; a concurrent start on the same subject loses with 409."""
    session.add(procedure)
    session.flush_unique(lambda: _already_open(None))


def _already_open(existing: Procedure | None) -> ProcedureAlreadyOpen:
    return ProcedureAlreadyOpen("Another procedure of this subject is still open; finish or cancel it first",
                                "该对象已有正在办理的程序，办结或撤销后方可发起新程序",
                                extra={"open_procedure_id": str(existing.id) if existing else None})


def _open(session: ServiceSession, caller: Caller, defn: ProcedureDef, data: ProcedureStart, subject_key: str,
          household_id: uuid.UUID | None, region_code: str) -> Procedure:
    first = defn.steps[0]
    rules.check_kind_fields(defn.kind, data.model_dump(include=set(KIND_FIELD_NAMES)))
    role = rules.acting_role(caller, first, region_code)
    on = effective_day(data.on, None)
    year = data.year or on.year
    if year > on.year:
        raise invalid("year", "year_after_date", "The year is after the procedure's date",
                      "年度不能晚于办理日期所在年度")
    rules.check_documents(first, data.documents)
    existing = repo.open_procedure_of(session, subject_key)
    if existing is not None:
        raise _already_open(existing)
    procedure = Procedure(
        id=uuid.uuid4(), kind=defn.kind, subject_type=defn.subject_type, subject_key=subject_key,
        household_id=household_id, region_code=region_code, state=ProcedureState.OPEN,
        next_step=defn.after(first.code).code, year=year, started_by=caller.subject, started_on=on,
        exit_pathway=data.exit_pathway, cause=data.cause, removal_reason=data.removal_reason)
    _insert(session, procedure)
    session.journal.emit(ProcedureStarted(procedure_id=str(procedure.id), kind=defn.kind,
                                          subject_type=defn.subject_type, subject_id=subject_key,
                                          region_code=region_code, started_on=on.isoformat()))
    _log(session, procedure, first.code, StepOutcome.DONE, caller, role, on, data.documents, data.comment)
    return procedure


def start_for_household(session: Session, caller: Caller, household_id: uuid.UUID,
                        data: ProcedureStart) -> Procedure:
    """Start a household procedure with its first step (application, nomination or proposal)."""
    household = load_in_scope(session, caller, household_id)
    if data.kind == ProcedureKind.VILLAGE_EXIT:
        raise KindForVillages.on("kind", "Village exit is started on a village", "贫困村出列须在行政村上发起")
    defn = definition(data.kind)
    rules.check_start(defn, household.status)
    return _open(session, caller, defn, data, str(household.id), household.id, household.region_code)


def start_for_village(session: Session, caller: Caller, village_code: str, data: ProcedureStart) -> Procedure:
    """Start a relatively poor village's exit (出列) with the village's application."""
    region = repo.get_region(session, village_code)
    if region is None or region.level != "village" or not caller.can_see(village_code):
        raise not_found("Village", "行政村", village_code)
    if data.kind != ProcedureKind.VILLAGE_EXIT:
        raise KindForHouseholds.on("kind", f"A {data.kind} procedure is started on a household",
                                   "该程序须在贫困户上发起")
    if not region.relatively_poor:
        raise VillageNotRelativelyPoor(f"Village {village_code} is not relatively poor",
                                       "该村不是相对贫困村，无需出列")
    if repo.get_village_exit(session, village_code) is not None:
        raise VillageAlreadyExited(f"Village {village_code} has already exited",
                                   "该村已出列")
    return _open(session, caller, definition(data.kind), data, village_code, None, village_code)


def _previous_day(procedure: Procedure) -> date | None:
    return max((s.effective_on for s in procedure.steps), default=None)


def _open_objections(procedure: Procedure) -> list[str]:
    return [str(o.id) for o in procedure.objections if o.state == "open"]


def take_step(session: Session, caller: Caller, procedure_id: uuid.UUID, if_match: str | None,
              data: StepTake) -> StepResult:
    """Take the next step of a procedure, if the caller's level, region, dates and notice allow."""
    procedure = load_procedure(session, caller, procedure_id, lock=True)
    check_if_match(if_match, procedure.version)
    defn = definition(procedure.kind)
    rules.check_open(procedure.state, _open_objections(procedure))
    step = rules.check_order(defn, procedure.next_step, data.step)
    role = rules.acting_role(caller, step, procedure.region_code)
    on = effective_day(data.on, _previous_day(procedure))
    rules.check_notice_elapsed(procedure.notice_ends_on, on)
    rules.check_documents(step, data.documents)
    if data.decision == "reject":
        rules.check_rejection(step, data.comment)
        _reject(session, caller, procedure, defn, step, role, on, data)
        return StepResult(procedure)
    if step.evaluates:
        outcome = _evaluate(session, caller, procedure, step)
        if not outcome.passed:
            # The refusal changes the procedure's record (its step log), so its version and ETag move.
            procedure.updated_at = utcnow()
            _log(session, procedure, step.code, StepOutcome.REFUSED, caller, role, on, data.documents,
                 data.comment, outcome.evaluation_id, {"summary": outcome.summary_en,
                                                       "summary_zh": outcome.summary_zh,
                                                       "unmet": outcome.unmet()})
            return StepResult(procedure, outcome)
        procedure.evaluation_id = outcome.evaluation_id
    _advance(session, caller, procedure, defn, step, on)
    _log(session, procedure, step.code, StepOutcome.DONE, caller, role, on, data.documents, data.comment,
         procedure.evaluation_id if step.evaluates else None)
    return StepResult(procedure)


def _evaluate(session: Session, caller: Caller, procedure: Procedure, step: StepDef) -> evaluations.Outcome:
    household = (load_in_scope(session, caller, procedure.household_id)
                 if procedure.household_id is not None else None)
    village = procedure.region_code if household is None else None
    return evaluations.evaluate(session, caller, step.evaluates, household, village, procedure.year)


def _advance(session: Session, caller: Caller, procedure: Procedure, defn: ProcedureDef, step: StepDef,
             on: date) -> None:
    if step.opens_notice:
        notice, objection = evaluations.publicity_days(session, procedure.year, procedure.region_code)
        procedure.notice_posted_on = on
        procedure.notice_ends_on = rules.notice_last_day(on, rules.waiting_days(notice, objection))
    following = defn.after(step.code)
    procedure.next_step = following.code if following else None
    if following is not None:
        session.flush()
        return
    procedure.state, procedure.closed_on = ProcedureState.COMPLETED, on
    session.flush()
    if defn.subject_type == "household":
        transitions.complete_household(session, caller, procedure, defn, on)
    else:
        transitions.complete_village(session, caller, procedure, on)
    _closed_event(session, procedure, None)


def _reject(session: Session, caller: Caller, procedure: Procedure, defn: ProcedureDef, step: StepDef,
            role: str, on: date, data: StepTake) -> None:
    close(session, caller, procedure, ProcedureState.REFUSED, on, data.comment)
    _log(session, procedure, step.code, StepOutcome.REJECTED, caller, role, on, data.documents, data.comment)
    reason = f"{step.label_zh}不予通过：{data.comment}"
    transitions.reject_household(session, caller, procedure, defn, on, reason)


def close(session: Session, caller: Caller, procedure: Procedure, state: ProcedureState, on: date,
          reason: str | None) -> None:
    """End a procedure as refused or cancelled, with its reason and event."""
    procedure.state, procedure.next_step = state, None
    procedure.closed_on, procedure.close_reason = on, reason
    session.flush()
    _closed_event(session, procedure, reason)


def _closed_event(session: ServiceSession, procedure: Procedure, reason: str | None) -> None:
    session.journal.emit(ProcedureClosed(procedure_id=str(procedure.id), kind=procedure.kind,
                                         subject_id=procedure.subject_key, state=procedure.state,
                                         closed_on=procedure.closed_on.isoformat(), reason=reason,
                                         region_code=procedure.region_code))


def cancel(session: Session, caller: Caller, procedure_id: uuid.UUID, if_match: str | None,
           data: Cancellation) -> Procedure:
    """Withdraw an open or suspended procedure; the household keeps its status."""
    procedure = load_procedure(session, caller, procedure_id, lock=True)
    check_if_match(if_match, procedure.version)
    if procedure.state not in OPEN_STATES:
        rules.check_open(procedure.state)
    role = next((r for r in sorted(caller.roles) if r in ROLE_LEVELS), None)
    if role is None:
        raise StepLevelMismatch("Only a cadre or official may cancel a procedure",
                                "只有村、乡镇、县级工作人员可以撤销程序")
    on = effective_day(data.on, _previous_day(procedure))
    close(session, caller, procedure, ProcedureState.CANCELLED, on, data.reason)
    _log(session, procedure, "cancellation", StepOutcome.CANCELLED, caller, role, on, [], data.reason)
    return procedure


def work_list(session: Session, caller: Caller, f: repo.ProcedureFilter, cursor: str | None,
              limit: int) -> tuple[list[Procedure], str | None]:
    """List procedures inside the caller's scope, with the cursor of the next page."""
    prefix = caller.narrow(f.region_prefix)
    if prefix is None:
        return [], None
    after = decode_cursor(cursor, 2, (str, str))
    try:
        key = (date.fromisoformat(after[0]), str(uuid.UUID(after[1]))) if after else None
    except (TypeError, ValueError) as exc:
        raise invalid("cursor", "cursor_invalid", "The cursor is not valid", "游标无效") from exc
    rows = repo.list_procedures(session, replace(f, region_prefix=prefix), key, limit)
    last = rows[-1] if len(rows) == limit else None
    return rows, encode_cursor([last.started_on.isoformat(), str(last.id)]) if last else None


def list_for_household(session: Session, caller: Caller, household_id: uuid.UUID) -> list[Procedure]:
    """List a household's procedures, oldest first."""
    household = load_in_scope(session, caller, household_id)
    return repo.procedures_of(session, str(household.id))


def list_for_village(session: Session, caller: Caller, village_code: str) -> list[Procedure]:
    """List a village's own procedures (village exit), oldest first."""
    if not caller.can_see(village_code) or repo.get_region(session, village_code) is None:
        raise not_found("Village", "行政村", village_code)
    return repo.procedures_of(session, village_code)
