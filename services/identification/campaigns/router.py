"""HTTP routes of re-verification campaigns (回头看), assignments, results and cases."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.identification.campaigns import cases as case_service
from services.identification.campaigns import queries, service
from services.identification.campaigns.errors import (
    AlreadyVerified,
    CaseAlreadyClosed,
    NotAssigned,
    NotAssignee,
    NotInCampaign,
    SelectionEmpty,
)
from services.identification.campaigns.schemas import (
    AssignmentCreate,
    AssignmentResult,
    CampaignCreate,
    CampaignHouseholdRead,
    CampaignRead,
    CaseClose,
    CaseRead,
    CompletionRead,
    VerificationCreate,
    VerificationRead,
)
from services.identification.codes import CampaignHouseholdState, CaseKind, CaseSource, CaseState
from services.identification.deps import IfMatch, Reader, Writer
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.errors import RegionOutOfScope, responses
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/campaigns", tags=["campaigns"])
cases_router = APIRouter(prefix="/api/v1/cases", tags=["cases"])
assignments_router = APIRouter(prefix="/api/v1/campaign-assignments", tags=["campaigns"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Prefix = Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")]


@router.post("", operation_id="create_campaign",
             summary="Create a re-verification campaign (回头看)", response_model=CampaignRead,
             **answers(201, RegionOutOfScope, SelectionEmpty, headers=(LOCATION,)))
def create_campaign(body: CampaignCreate, session: SessionDep, caller: Writer,
                    response: Response) -> CampaignRead:
    """Create a campaign; its households are chosen now, by rule or by a seeded sample."""
    campaign = service.create_campaign(session, caller, body)
    response.headers["Location"] = f"/api/v1/campaigns/{campaign.id}"
    return CampaignRead.model_validate(campaign, from_attributes=True)


@router.get("", operation_id="list_campaigns", summary="List campaigns", response_model=Page[CampaignRead])
def list_campaigns(session: SessionDep, caller: Reader, limit: Limit = 50,
                   cursor: str | None = None) -> Page[CampaignRead]:
    """List campaigns whose scope overlaps the caller's region, newest first."""
    rows, next_cursor = queries.list_campaigns(session, caller, cursor, limit)
    return Page[CampaignRead](items=[CampaignRead.model_validate(c, from_attributes=True) for c in rows],
                              next_cursor=next_cursor)


@router.get("/{campaign_id}", operation_id="get_campaign", summary="Read a campaign",
            response_model=CampaignRead)
def get_campaign(campaign_id: uuid.UUID, session: SessionDep, caller: Reader) -> CampaignRead:
    """Read a campaign."""
    campaign = service.load_campaign(session, caller, campaign_id)
    return CampaignRead.model_validate(campaign, from_attributes=True)


@router.post("/{campaign_id}/assignments", operation_id="assign_campaign_households",
             summary="Assign households to a cadre (分派核实)", response_model=AssignmentResult,
             responses=responses(RegionOutOfScope, AlreadyVerified, NotInCampaign))
def assign(campaign_id: uuid.UUID, body: AssignmentCreate, session: SessionDep,
           caller: Writer) -> AssignmentResult:
    """Assign listed households, or every unverified one in a region, to a cadre."""
    ids = service.assign(session, caller, campaign_id, body)
    return AssignmentResult(campaign_id=campaign_id, cadre_subject=body.cadre_subject, assigned=len(ids))


@router.get("/{campaign_id}/households", operation_id="list_campaign_households",
            summary="Households of a campaign", response_model=Page[CampaignHouseholdRead])
def list_households(
    campaign_id: uuid.UUID, session: SessionDep, caller: Reader, region: Prefix = None,
    state: Annotated[CampaignHouseholdState | None, Query(description="核实状态")] = None,
    cadre: Annotated[str | None, Query(max_length=128, description="核实人账号")] = None,
    limit: Limit = 50, cursor: str | None = None,
) -> Page[CampaignHouseholdRead]:
    """List a campaign's households in the caller's region, by household number."""
    campaign = service.load_campaign(session, caller, campaign_id)
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[CampaignHouseholdRead](items=[], next_cursor=None)
    rows, next_cursor = queries.list_campaign_households(session, campaign, prefix, state, cadre,
                                                         cursor, limit)
    return Page[CampaignHouseholdRead](items=[CampaignHouseholdRead.model_validate(r) for r in rows],
                                       next_cursor=next_cursor)


@router.post("/{campaign_id}/households/{household_id}/verification",
             operation_id="record_verification", summary="Record a verification result (核实结果)",
             response_model=VerificationRead,
             **answers(201, AlreadyVerified, NotAssigned, NotAssignee, headers=(LOCATION,)))
def record_verification(campaign_id: uuid.UUID, household_id: uuid.UUID, body: VerificationCreate,
                        session: SessionDep, caller: Writer, response: Response) -> VerificationRead:
    """Record the assigned cadre's result; a failed result opens a removal or correction case."""
    recorded = service.record_verification(session, caller, campaign_id, household_id, body)
    response.headers["Location"] = f"/api/v1/campaigns/{campaign_id}/households/{household_id}/verification"
    return recorded


@router.get("/{campaign_id}/households/{household_id}/verification", operation_id="get_verification",
            summary="Read a verification result", response_model=VerificationRead)
def get_verification(campaign_id: uuid.UUID, household_id: uuid.UUID, session: SessionDep,
                     caller: Reader) -> VerificationRead:
    """Read the result recorded for a household of a campaign."""
    return service.read_result(session, caller, campaign_id, household_id)


@router.get("/{campaign_id}/completion", operation_id="campaign_completion",
            summary="Completion by town and village (完成情况)", response_model=CompletionRead)
def completion(campaign_id: uuid.UUID, session: SessionDep, caller: Reader) -> CompletionRead:
    """Count selected, unassigned, pending, confirmed and failed households per town and village."""
    return service.completion(session, caller, campaign_id)


@assignments_router.get("/mine", operation_id="my_campaign_assignments",
                        summary="My verification tasks (我的核实任务)",
                        response_model=Page[CampaignHouseholdRead])
def my_assignments(
    session: SessionDep, caller: Reader,
    state: Annotated[CampaignHouseholdState | None, Query(description="核实状态")] = None,
    limit: Limit = 50, cursor: str | None = None,
) -> Page[CampaignHouseholdRead]:
    """List the campaign households assigned to the caller, across campaigns."""
    rows, next_cursor = queries.my_assignments(session, caller, state, cursor, limit)
    return Page[CampaignHouseholdRead](items=[CampaignHouseholdRead.model_validate(r) for r in rows],
                                       next_cursor=next_cursor)


@cases_router.get("", operation_id="list_cases", summary="List cases (核查案件)",
                  response_model=Page[CaseRead])
def list_cases(
    session: SessionDep, caller: Reader, region: Prefix = None,
    state: Annotated[CaseState | None, Query(description="状态")] = None,
    kind: Annotated[CaseKind | None, Query(description="处理类型")] = None,
    source: Annotated[CaseSource | None, Query(description="来源")] = None,
    household_id: Annotated[uuid.UUID | None, Query(description="户")] = None,
    crosscheck_id: Annotated[uuid.UUID | None, Query(description="比对批次")] = None,
    limit: Limit = 50, cursor: str | None = None,
) -> Page[CaseRead]:
    """List cases in the caller's region, oldest first."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[CaseRead](items=[], next_cursor=None)
    rows, next_cursor = queries.list_cases(session, prefix, state, kind, source, household_id, crosscheck_id,
                                           cursor, limit)
    return Page[CaseRead](items=case_service.render_all(session, caller, rows), next_cursor=next_cursor)


@cases_router.get("/{case_id}", operation_id="get_case", summary="Read a case", response_model=CaseRead,
                  **answers(headers=(ETAG,)))
def get_case(case_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response) -> CaseRead:
    """Read a case."""
    found = case_service.load_case(session, caller, case_id)
    response.headers["ETag"] = etag_for(found[0].version)
    return case_service.render_all(session, caller, [found])[0]


@cases_router.post("/{case_id}/close", operation_id="close_case", summary="Close a case (办结)",
                   response_model=CaseRead,
                   **answers(200, CaseAlreadyClosed, IfMatchRequired, IfMatchWildcard, VersionStale,
                             headers=(ETAG,)))
def close_case(case_id: uuid.UUID, body: CaseClose, session: SessionDep, caller: Writer,
               response: Response, if_match: IfMatch = None) -> CaseRead:
    """Close a case as acted on through a procedure (naming it) or dismissed after verification."""
    found = case_service.close_case(session, caller, case_id, if_match, body)
    response.headers["ETag"] = etag_for(found[0].version)
    return case_service.render_all(session, caller, [found])[0]
