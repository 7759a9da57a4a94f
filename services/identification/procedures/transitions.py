"""What the final step of a procedure, or a decision against it, does to its household or village."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from services.identification.codes import HouseholdStatus, ProcedureKind
from services.identification.households.service import record_status
from services.identification.models import Household, Procedure, VillageExit
from services.identification.procedures import repository as repo
from services.identification.procedures.definitions import ProcedureDef
from services.identification.procedures.errors import HouseholdStatusChanged
from shared.auth import Caller
from shared.db import ServiceSession
from shared.events.identification import (
    HouseholdExited,
    HouseholdIdentified,
    HouseholdRemoved,
    HouseholdReturned,
    VillageExited,
)

_REASON = {
    ProcedureKind.IDENTIFICATION: "精准识别程序办结",
    ProcedureKind.FAST_ENTRY: "因灾因病快速纳入",
    ProcedureKind.EXIT: "贫困退出程序办结",
    ProcedureKind.REMOVAL: "清退",
    ProcedureKind.RETURN: "返贫纳入帮扶",
}


def _text(value: object | None) -> str | None:
    return None if value is None else str(value)


def _locked_household(session: Session, procedure: Procedure, definition: ProcedureDef) -> Household:
    household = repo.get_household(session, procedure.household_id, lock=True)
    if household is None or household.status not in definition.starts_from:
        # Something outside this procedure changed the household meanwhile; do not overwrite it.
        raise HouseholdStatusChanged("The household's status changed since the procedure started",
                                     "该户状态在程序办理期间已变更，不能办结",
                                     extra={"household_status": household.status if household else None})
    return household


def _move(session: ServiceSession, caller: Caller, household: Household, procedure: Procedure,
          to: HouseholdStatus, on: date, reason: str) -> None:
    before = {"status": household.status, "identified_on": household.identified_on,
              "exited_on": household.exited_on, "exit_pathway": household.exit_pathway}
    record_status(session, household, to, caller.subject, on, reason=reason,
                  reference=f"procedure {procedure.id}")
    if to == HouseholdStatus.IDENTIFIED:
        household.identified_on = on
    if to == HouseholdStatus.EXITED:
        household.exited_on, household.exit_pathway = on, procedure.exit_pathway
    session.flush()
    session.journal.audit(actor=caller.subject, action=f"household.{to}", entity_type="household",
                          entity_id=household.id, region_code=household.region_code, before=before,
                          after={"status": household.status, "identified_on": household.identified_on,
                                 "exited_on": household.exited_on, "exit_pathway": household.exit_pathway,
                                 "procedure_id": str(procedure.id)})


def _household_event(session: ServiceSession, household: Household, procedure: Procedure, on: date) -> None:
    common = {"household_id": str(household.id), "region_code": household.region_code,
              "procedure_id": str(procedure.id)}
    kind = procedure.kind
    if kind in (ProcedureKind.IDENTIFICATION, ProcedureKind.FAST_ENTRY):
        event = HouseholdIdentified(**common, identified_on=on.isoformat(), via=kind, cause=procedure.cause)
    elif kind == ProcedureKind.EXIT:
        event = HouseholdExited(**common, exited_on=on.isoformat(), exit_pathway=procedure.exit_pathway,
                                evaluation_id=_text(procedure.evaluation_id))
    elif kind == ProcedureKind.REMOVAL:
        event = HouseholdRemoved(**common, removed_on=on.isoformat(), reason=procedure.removal_reason)
    else:
        event = HouseholdReturned(**common, returned_on=on.isoformat(), cause=procedure.cause)
    session.journal.emit(event)


def complete_household(session: Session, caller: Caller, procedure: Procedure, definition: ProcedureDef,
                       on: date) -> None:
    """Move the household to the procedure's end status, with its dates, audit and event."""
    household = _locked_household(session, procedure, definition)
    reason = _REASON[procedure.kind]
    detail = procedure.removal_reason or procedure.cause or procedure.exit_pathway
    _move(session, caller, household, procedure, HouseholdStatus(definition.ends_in), on,
          f"{reason}: {detail}" if detail else reason)
    _household_event(session, household, procedure, on)


def reject_household(session: Session, caller: Caller, procedure: Procedure, definition: ProcedureDef,
                     on: date, reason: str) -> None:
    """Record that the household was decided against, where the procedure has a status for it."""
    if definition.rejected_status is None:
        return
    household = _locked_household(session, procedure, definition)
    _move(session, caller, household, procedure, HouseholdStatus(definition.rejected_status), on, reason)


def complete_village(session: ServiceSession, caller: Caller, procedure: Procedure, on: date) -> None:
    """Record a village's exit (出列) with the evaluation that allowed it."""
    row = VillageExit(village_code=procedure.region_code, exited_on=on, year=procedure.year,
                      procedure_id=procedure.id, evaluation_id=procedure.evaluation_id)
    session.add(row)
    session.flush()
    session.journal.record(VillageExited(village_code=procedure.region_code, exited_on=on.isoformat(),
                                         year=procedure.year, procedure_id=str(procedure.id),
                                         evaluation_id=_text(procedure.evaluation_id)),
                           actor=caller.subject, action="village.exit",
                           after={"exited_on": on, "year": procedure.year, "procedure_id": str(procedure.id),
                                  "evaluation_id": _text(procedure.evaluation_id)})
