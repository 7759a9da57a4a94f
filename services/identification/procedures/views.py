"""Turn procedures into response bodies."""

from __future__ import annotations

from datetime import timedelta

from services.identification.models import Procedure
from services.identification.policy.catalogue import PROCEDURE_RULES
from services.identification.procedures.definitions import definition
from services.identification.procedures.schemas import (
    NextStep,
    ObjectionRead,
    ProcedureRead,
    ProcedureSummary,
    StepRead,
)

_EXTRA_LABELS = {"cancellation": "撤销"}


def _label(kind: str, code: str) -> str:
    step = definition(kind).step(code)
    return step.label_zh if step else _EXTRA_LABELS.get(code, code)


def _next(procedure: Procedure) -> NextStep | None:
    if procedure.next_step is None:
        return None
    defn = definition(procedure.kind)
    step = defn.step(procedure.next_step)
    done = [s for s in procedure.steps if s.outcome == "done"]
    after_notice = bool(done) and defn.step(done[-1].step).opens_notice and procedure.notice_ends_on
    not_before = procedure.notice_ends_on + timedelta(days=1) if after_notice else None
    return NextStep(step=step.code, label_zh=step.label_zh, level=step.level,
                    needs_document=step.needs_document, not_before=not_before)


def procedure_read(procedure: Procedure) -> ProcedureRead:
    """Render a procedure with its steps and objections."""
    steps = [StepRead(seq=s.seq, step=s.step, label_zh=_label(procedure.kind, s.step), outcome=s.outcome,
                      actor=s.actor, actor_role=s.actor_role, actor_region=s.actor_region,
                      effective_on=s.effective_on, at=s.at, documents=s.documents, comment=s.comment,
                      evaluation_id=s.evaluation_id, detail=s.detail)
             for s in procedure.steps]
    return ProcedureRead(
        id=procedure.id, kind=procedure.kind, subject_type=procedure.subject_type,
        household_id=procedure.household_id, region_code=procedure.region_code, state=procedure.state,
        year=procedure.year, next_step=_next(procedure), notice_posted_on=procedure.notice_posted_on,
        notice_ends_on=procedure.notice_ends_on, started_by=procedure.started_by,
        started_on=procedure.started_on, closed_on=procedure.closed_on,
        close_reason=procedure.close_reason, exit_pathway=procedure.exit_pathway,
        removal_reason=procedure.removal_reason, cause=procedure.cause,
        evaluation_id=procedure.evaluation_id, rules=[r.code for r in PROCEDURE_RULES[procedure.kind]],
        version=procedure.version, steps=steps,
        objections=[ObjectionRead.model_validate(o) for o in procedure.objections])


def procedure_summary(procedure: Procedure) -> ProcedureSummary:
    """Render a procedure in a list."""
    return ProcedureSummary(id=procedure.id, kind=procedure.kind, subject_type=procedure.subject_type,
                            household_id=procedure.household_id, region_code=procedure.region_code,
                            state=procedure.state,
                            next_step=procedure.next_step, started_on=procedure.started_on,
                            closed_on=procedure.closed_on, version=procedure.version)
