"""Cases (核查案件): opened by failed verifications and department matches, closed by cadres."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from services.identification.campaigns import repository as repo
from services.identification.campaigns.errors import CaseAlreadyClosed
from services.identification.campaigns.schemas import CaseClose, CaseRead
from services.identification.models import CASE_DEPARTMENT_ROW, VerificationCase
from shared.auth import PII_READ, Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import not_found
from shared.events.identification import CaseClosed, CaseOpened
from shared.personal import PersonalView
from shared.types import utcnow


def case_snapshot(case: VerificationCase) -> dict[str, Any]:
    """Describe a case for the audit trail: its details as shown without pii:read (a row's numbers masked)."""
    return {"kind": case.kind, "source": case.source, "state": case.state,
            "household_id": str(case.household_id),
            "member_id": str(case.member_id) if case.member_id else None,
            "verification_id": str(case.verification_id) if case.verification_id else None,
            "crosscheck_id": str(case.crosscheck_id) if case.crosscheck_id else None,
            "check_kind": case.check_kind, "details": case.details, "resolution": case.resolution,
            "reference": case.reference}


def open_case(session: ServiceSession, actor: str, case: VerificationCase) -> VerificationCase:
    """Store a new open case, with its audit entry and event; the household itself is untouched."""
    case.id = case.id or uuid.uuid4()
    case.state = "open"
    case.opened_by = actor
    session.add(case)
    session.flush()
    session.journal.record(CaseOpened(case_id=str(case.id), kind=case.kind, source=case.source,
                                      household_id=str(case.household_id),
                                      member_id=str(case.member_id) if case.member_id else None,
                                      region_code=case.region_code, check_kind=case.check_kind),
                           actor=actor, action="case.open", after=case_snapshot(case))
    return case


def render_all(session: ServiceSession, caller: Caller,
               rows: Sequence[tuple[VerificationCase, str, str | None]]) -> list[CaseRead]:
    """Render cases as the caller may see them; a department's row in full only with pii:read, audited."""
    view = PersonalView(session.cipher, caller.has(PII_READ))
    out = []
    for case, household_no, member_name in rows:
        details = case.details
        if view.unmasked and case.department_row_enc is not None:
            row = view.show(CASE_DEPARTMENT_ROW, case.department_row_enc)
            details = {**details, "row": json.loads(row or "{}")}
            session.journal.audit(actor=caller.subject, action="pii.read", entity_type="case",
                                  entity_id=case.id, region_code=case.region_code)
        out.append(_render(case, household_no, member_name, details))
    return out


def _render(case: VerificationCase, household_no: str, member_name: str | None,
            details: dict[str, Any]) -> CaseRead:
    return CaseRead(
        id=case.id, kind=case.kind, source=case.source, state=case.state, household_id=case.household_id,
        household_no=household_no, member_id=case.member_id, member_name=member_name,
        region_code=case.region_code, verification_id=case.verification_id,
        crosscheck_id=case.crosscheck_id, check_kind=case.check_kind, details=details,
        opened_by=case.opened_by, opened_at=case.opened_at, resolution=case.resolution,
        resolution_note=case.resolution_note, reference=case.reference, closed_by=case.closed_by,
        closed_at=case.closed_at, version=case.version)


def load_case(session: Session, caller: Caller,
              case_id: uuid.UUID) -> tuple[VerificationCase, str, str | None]:
    """Load a case the caller may see; others answer 404."""
    found = repo.case_with_names(session, case_id)
    if found is None or not caller.can_see(found[0].region_code):
        raise not_found("Case", "案件", case_id)
    return found


def close_case(session: ServiceSession, caller: Caller, case_id: uuid.UUID, if_match: str | None,
               data: CaseClose) -> tuple[VerificationCase, str, str | None]:
    """Close an open case as acted on (naming the procedure) or dismissed."""
    case, household_no, member_name = load_case(session, caller, case_id)
    check_if_match(if_match, case.version)
    if case.state != "open":
        raise CaseAlreadyClosed("The case is already closed", "该案件已办结")
    before = case_snapshot(case)
    case.state, case.resolution, case.resolution_note = "closed", data.resolution, data.note
    case.reference, case.closed_by, case.closed_at = data.reference, caller.subject, utcnow()
    session.flush()
    session.journal.record(CaseClosed(case_id=str(case.id), household_id=str(case.household_id),
                                      resolution=case.resolution, reference=case.reference,
                                      region_code=case.region_code),
                           actor=caller.subject, action="case.close", before=before,
                           after=case_snapshot(case))
    return case, household_no, member_name
