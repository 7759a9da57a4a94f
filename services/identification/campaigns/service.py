"""Campaign rules: choose households, assign them, record results, open cases, report completion."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from sqlalchemy.orm import Session

from services.identification.campaigns import repository as repo
from services.identification.campaigns.cases import open_case
from services.identification.campaigns.errors import (
    AlreadyVerified,
    NotAssigned,
    NotAssignee,
    NotInCampaign,
    SelectionEmpty,
)
from services.identification.campaigns.rules import draw_sample
from services.identification.campaigns.schemas import (
    AssignmentCreate,
    CampaignCreate,
    CompletionRead,
    CompletionRow,
    VerificationCreate,
    VerificationRead,
)
from services.identification.codes import SelectionMode
from services.identification.models import (
    CampaignHousehold,
    VerificationCampaign,
    VerificationCase,
    VerificationResult,
)
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import FieldError, RegionOutOfScope, not_found
from shared.events.identification import CampaignCreated, CampaignHouseholdsAssigned, VerificationRecorded
from shared.types import utcnow


def create_campaign(session: ServiceSession, caller: Caller, data: CampaignCreate) -> VerificationCampaign:
    """Create a campaign and choose its households by rule or by a seeded sample."""
    if not caller.can_see(data.region_code):
        raise RegionOutOfScope("region_code", data.region_code)
    sel = data.selection
    found = repo.candidates(session, repo.CandidateFilter(
        data.region_code, [str(s) for s in sel.statuses], sel.categories, sel.primary_causes,
        sel.exited_in_year))
    seed = None
    if sel.mode == SelectionMode.SAMPLE:
        seed = sel.seed if sel.seed is not None else secrets.randbelow(2**31)
        found = draw_sample(found, sel.sample_size or 1, seed)
    if not found:
        raise SelectionEmpty.on("selection", "No household matches the selection", "没有符合选取规则的户")
    campaign = VerificationCampaign(
        id=uuid.uuid4(), name=data.name, year=data.year, region_code=data.region_code,
        selection=sel.model_dump(mode="json", exclude={"seed"}), seed=seed, selected_count=len(found),
        created_by=caller.subject)
    session.add(campaign)
    session.flush()
    repo.add_campaign_households(session, campaign.id, found)
    session.journal.record(CampaignCreated(campaign_id=str(campaign.id), name=data.name, year=data.year,
                                           region_code=data.region_code, mode=sel.mode, seed=seed,
                                           selected_count=len(found)),
                           actor=caller.subject, action="campaign.create",
                           after={"name": data.name, "year": data.year, "selection": campaign.selection,
                                  "seed": seed, "selected_count": len(found)})
    return campaign


def _overlaps(caller: Caller, region: str) -> bool:
    return region.startswith(caller.region) or caller.region.startswith(region)


def load_campaign(session: Session, caller: Caller, campaign_id: uuid.UUID) -> VerificationCampaign:
    """Load a campaign whose scope overlaps the caller's region; others answer 404."""
    campaign = repo.get_campaign(session, campaign_id)
    if campaign is None or not _overlaps(caller, campaign.region_code):
        raise not_found("Campaign", "回头看", campaign_id)
    return campaign


def assign(session: ServiceSession, caller: Caller, campaign_id: uuid.UUID,
           data: AssignmentCreate) -> list[uuid.UUID]:
    """Assign unverified campaign households in the caller's region to a cadre."""
    campaign = load_campaign(session, caller, campaign_id)
    region = caller.region
    if data.region_code is not None:
        narrowed = caller.narrow(data.region_code)
        if narrowed is None:
            raise RegionOutOfScope("region_code", data.region_code)
        region = narrowed
    if data.household_ids is not None:
        _check_assignable(session, campaign.id, data.household_ids, caller.region)
    ids = repo.assign(session, campaign.id, region, data.household_ids, data.cadre_subject, data.cadre_name,
                      utcnow())
    if ids:
        # Audited in the assignment's region, so the officials of a town see their own
        # assignments; published in the campaign's, where the campaign's consumers read.
        session.journal.audit(actor=caller.subject, action="campaign.assign", entity_type="campaign",
                              entity_id=campaign.id, region_code=region,
                              after={"cadre_subject": data.cadre_subject,
                                     "household_ids": [str(i) for i in ids]})
        session.journal.emit(CampaignHouseholdsAssigned(campaign_id=str(campaign.id),
                                                        cadre_subject=data.cadre_subject,
                                                        household_ids=[str(i) for i in ids],
                                                        region_code=campaign.region_code))
    return ids


def _check_assignable(session: Session, campaign_id: uuid.UUID, household_ids: list[uuid.UUID],
                      region: str) -> None:
    rows = {r.household_id: r for r in repo.campaign_households(session, campaign_id, household_ids, region)}
    errors = []
    for i, hid in enumerate(household_ids):
        row = rows.get(hid)
        if row is None:
            errors.append(FieldError(f"household_ids[{i}]", "not_in_campaign",
                                     "The household is not in this campaign (in your region)",
                                     "该户不在本次回头看范围内"))
        elif row.state not in repo.UNVERIFIED:
            errors.append(FieldError(f"household_ids[{i}]", "already_verified",
                                     "The household has already been verified", "该户已核实"))
    if errors:
        refused = AlreadyVerified if all(e.code == AlreadyVerified.CODE for e in errors) else NotInCampaign
        raise refused("Some households cannot be assigned", "部分户不能分派", errors=errors)


def record_verification(session: Session, caller: Caller, campaign_id: uuid.UUID, household_id: uuid.UUID,
                        data: VerificationCreate) -> VerificationRead:
    """Record the assigned cadre's result; a failed one opens a removal or correction case."""
    campaign = load_campaign(session, caller, campaign_id)
    row = repo.campaign_household(session, campaign.id, household_id)
    if row is None or not caller.can_see(row.region_code):
        raise not_found("Campaign household", "回头看户", household_id)
    _check_recordable(row, caller)
    if not repo.mark_verified(session, row.id, caller.subject, data.outcome):
        raise _already_verified()
    findings = [f.model_dump(mode="json") for f in data.findings]
    result = VerificationResult(id=uuid.uuid4(), campaign_household_id=row.id, outcome=data.outcome,
                                findings=findings, note=data.note, verified_on=data.verified_on,
                                recorded_by=caller.subject)
    repo.add_result(session, result)
    failed = [f["condition"] for f in findings if not f["passed"]]
    _journal_result(session, caller, campaign, row, result, failed)
    case_id = None
    if data.outcome == "failed":
        case = open_case(session, caller.subject, VerificationCase(
            kind=data.case_kind, source="campaign", dedup_key=f"verification:{result.id}",
            household_id=household_id, region_code=row.region_code, verification_id=result.id,
            details={"campaign_id": str(campaign.id), "campaign_name": campaign.name,
                     "failed_conditions": failed}))
        case_id = case.id
    return render_result(result, campaign.id, household_id, case_id)


def _already_verified() -> AlreadyVerified:
    return AlreadyVerified("The household's result is already recorded",
                           "该户的核实结果已登记")


def _check_recordable(row: CampaignHousehold, caller: Caller) -> None:
    if row.state not in repo.UNVERIFIED:
        raise _already_verified()
    if row.state == "unassigned":
        raise NotAssigned("The household has not been assigned to a cadre yet",
                          "该户尚未分派核实人")
    if row.cadre_subject != caller.subject:
        raise NotAssignee("Only the cadre the household is assigned to records its result",
                          "只有被分派的核实人才能登记核实结果")


def _journal_result(session: ServiceSession, caller: Caller, campaign: VerificationCampaign,
                    row: CampaignHousehold, result: VerificationResult, failed: list[str]) -> None:
    event = VerificationRecorded(campaign_id=str(campaign.id), household_id=str(row.household_id),
                                 verification_id=str(result.id), outcome=result.outcome,
                                 failed_conditions=failed, region_code=row.region_code)
    session.journal.record(event, actor=caller.subject, action="verification.record",
                           after={"campaign_id": str(campaign.id), "verification_id": str(result.id),
                                  "outcome": result.outcome, "findings": result.findings,
                                  "verified_on": result.verified_on})


def render_result(result: VerificationResult, campaign_id: uuid.UUID, household_id: uuid.UUID,
                  case_id: uuid.UUID | None) -> VerificationRead:
    """Render a verification result."""
    return VerificationRead(id=result.id, campaign_id=campaign_id, household_id=household_id,
                            outcome=result.outcome, findings=result.findings, note=result.note,
                            verified_on=result.verified_on, recorded_by=result.recorded_by,
                            recorded_at=result.recorded_at, case_id=case_id)


def read_result(session: Session, caller: Caller, campaign_id: uuid.UUID,
                household_id: uuid.UUID) -> VerificationRead:
    """Read the result recorded for a campaign household."""
    campaign = load_campaign(session, caller, campaign_id)
    row = repo.campaign_household(session, campaign.id, household_id)
    result = repo.result_of(session, row.id) if row is not None and caller.can_see(row.region_code) else None
    if result is None:
        raise not_found("Verification result", "核实结果", household_id)
    return render_result(result, campaign.id, household_id, repo.case_for_verification(session, result.id))


def _row(code: str, name: str, counts: tuple[Any, ...]) -> CompletionRow:
    selected, unassigned, pending, confirmed, failed = (int(c) for c in counts)
    return CompletionRow(code=code, name=name, selected=selected, unassigned=unassigned, pending=pending,
                         confirmed=confirmed, failed=failed, done=confirmed + failed)


def completion(session: Session, caller: Caller, campaign_id: uuid.UUID) -> CompletionRead:
    """Report a campaign's progress in the caller's region, by town and by village."""
    campaign = load_campaign(session, caller, campaign_id)
    towns = repo.completion(session, campaign.id, caller.region, "town")
    villages = repo.completion(session, campaign.id, caller.region, "village")
    names = repo.region_names(session, [t[0] + "000" for t in towns] + [v[0] for v in villages])
    town_rows = [_row(t[0], names.get(t[0] + "000", ""), t[1:]) for t in towns]
    totals = tuple(sum(int(t[i]) for t in towns) for i in range(1, 6))
    return CompletionRead(
        campaign_id=campaign.id, total=_row(caller.region, "", totals), towns=town_rows,
        villages=[_row(v[0], names.get(v[0], ""), v[1:]) for v in villages])
