"""HTTP routes of tracking audits and spot checks: the draw, its redraw, findings and rectification."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.funds.audits import service
from services.funds.audits.errors import (
    DeadlinePassed,
    NotSampled,
    PopulationEmpty,
    RectificationOutOfOrder,
    SampleTooLarge,
    VerifierIsReporter,
)
from services.funds.audits.schemas import (
    AuditRead,
    AuditWrite,
    ClosureWrite,
    FindingRead,
    FindingWrite,
    PopulationItemRead,
    RedrawRead,
    ReportWrite,
    VerificationWrite,
)
from services.funds.codes import RectificationStatus
from services.funds.deps import Reader, Writer
from services.funds.projects.errors import StepLevelMismatch, StepRegionMismatch
from shared.contract import LOCATION, answers
from shared.errors import Forbidden
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(tags=["audits"])
_TAKER = (Forbidden, StepLevelMismatch, StepRegionMismatch)
AUDITS, FINDINGS = "/api/v1/audits", "/api/v1/findings"
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


@router.post(
    AUDITS,
    operation_id="open_audit",
    summary="Open a tracking audit or spot check and draw its sample (跟踪审计/专项抽查)",
    response_model=AuditRead,
    **answers(201, *_TAKER, PopulationEmpty, SampleTooLarge, headers=(LOCATION,)),
)
def open_audit(body: AuditWrite, session: SessionDep, caller: Writer, response: Response) -> AuditRead:
    """Freeze the region's projects (or payments) of the year, draw the sample from the seed, publish both.

    By the city or province over its own region. The draw is rule funds.audit.reproducible_sample:
    the ids with the smallest SHA-256("<seed>:<id>"); GET …/redraw redoes it.
    """
    audit = service.open_audit(session, caller, body)
    response.headers["Location"] = f"{AUDITS}/{audit.id}"
    return service.render_audit(session, audit)


@router.get(
    AUDITS,
    operation_id="list_audits",
    summary="Audits and spot checks (审计抽查)",
    response_model=Page[AuditRead],
)
def list_audits(
    session: SessionDep, caller: Reader, limit: Limit = 20, cursor: str | None = None
) -> Page[AuditRead]:
    """List the audits whose region overlaps the caller's scope, with their samples."""
    items, next_cursor = service.audit_page(session, caller, cursor, limit)
    return Page[AuditRead](items=items, next_cursor=next_cursor)


@router.get(
    AUDITS + "/{audit_id}",
    operation_id="get_audit",
    summary="Read an audit and its sample",
    response_model=AuditRead,
)
def get_audit(audit_id: uuid.UUID, session: SessionDep, caller: Reader) -> AuditRead:
    """Read an audit: its seed, population size and digest, and the sample in rank order."""
    return service.render_audit(session, service.load_audit(session, caller, audit_id))


@router.get(
    AUDITS + "/{audit_id}/population",
    operation_id="list_audit_population",
    summary="The frozen population (抽样总体)",
    response_model=Page[PopulationItemRead],
)
def list_population(
    audit_id: uuid.UUID, session: SessionDep, caller: Reader, limit: Limit = 500, cursor: str | None = None
) -> Page[PopulationItemRead]:
    """Page through the ids the sample was drawn from, in id order (their digest is published)."""
    ids, next_cursor = service.population_page(session, caller, audit_id, cursor, limit)
    return Page[PopulationItemRead](
        items=[PopulationItemRead(item_id=i) for i in ids], next_cursor=next_cursor
    )


@router.get(
    AUDITS + "/{audit_id}/redraw",
    operation_id="redraw_audit_sample",
    summary="Draw the sample again from the seed (复核抽样)",
    response_model=RedrawRead,
)
def redraw(audit_id: uuid.UUID, session: SessionDep, caller: Reader) -> RedrawRead:
    """Recompute the population digest and the draw from the stored seed, and compare with the stored."""
    return service.redraw(session, caller, audit_id)


@router.post(
    AUDITS + "/{audit_id}/findings",
    operation_id="record_finding",
    summary="Record a finding on a sampled item (发现问题)",
    response_model=FindingRead,
    **answers(201, *_TAKER, NotSampled, DeadlinePassed, headers=(LOCATION,)),
)
def record_finding(
    audit_id: uuid.UUID, body: FindingWrite, session: SessionDep, caller: Writer, response: Response
) -> FindingRead:
    """Record a finding with the owner and deadline of its rectification, by the auditing city or province."""
    finding = service.record_finding(session, caller, audit_id, body)
    response.headers["Location"] = f"{FINDINGS}/{finding.id}"
    return service.render_finding(finding)


@router.get(
    FINDINGS,
    operation_id="list_findings",
    summary="Findings and their rectification (问题整改)",
    response_model=Page[FindingRead],
)
def list_findings(
    session: SessionDep,
    caller: Reader,
    region: Annotated[
        str | None, Query(pattern=REGION_PREFIX_PATTERN, description="被审计县区划前缀")
    ] = None,
    audit_id: Annotated[uuid.UUID | None, Query(description="只列该审计的")] = None,
    status_: Annotated[RectificationStatus | None, Query(alias="status", description="整改状态")] = None,
    overdue: Annotated[
        bool, Query(description="only those still in rectification after the deadline")
    ] = False,
    limit: Limit = 50,
    cursor: str | None = None,
) -> Page[FindingRead]:
    """List findings on the counties in scope, each flagged when overdue."""
    items, next_cursor = service.finding_page(
        session, caller, region, audit_id, status_, overdue, cursor, limit
    )
    return Page[FindingRead](items=items, next_cursor=next_cursor)


@router.get(
    FINDINGS + "/{finding_id}",
    operation_id="get_finding",
    summary="Read a finding",
    response_model=FindingRead,
)
def get_finding(finding_id: uuid.UUID, session: SessionDep, caller: Reader) -> FindingRead:
    """Read a finding and its rectification."""
    return service.read_finding(session, caller, finding_id)


@router.post(
    FINDINGS + "/{finding_id}/report",
    operation_id="report_rectification",
    summary="Report the rectification done (整改报告)",
    response_model=FindingRead,
    **answers(200, *_TAKER, RectificationOutOfOrder),
)
def report(finding_id: uuid.UUID, body: ReportWrite, session: SessionDep, caller: Writer) -> FindingRead:
    """The audited county reports what it rectified; then the auditors verify it."""
    return service.render_finding(service.report(session, caller, finding_id, body))


@router.post(
    FINDINGS + "/{finding_id}/verification",
    operation_id="verify_rectification",
    summary="Verify a reported rectification (整改核验)",
    response_model=FindingRead,
    **answers(200, *_TAKER, VerifierIsReporter, RectificationOutOfOrder),
)
def verify(
    finding_id: uuid.UUID, body: VerificationWrite, session: SessionDep, caller: Writer
) -> FindingRead:
    """The auditing city or province, never the reporter, accepts the report or returns it."""
    return service.render_finding(service.verify(session, caller, finding_id, body))


@router.post(
    FINDINGS + "/{finding_id}/closure",
    operation_id="close_rectification",
    summary="Close a verified rectification (整改销号)",
    response_model=FindingRead,
    **answers(200, *_TAKER, RectificationOutOfOrder),
)
def close(finding_id: uuid.UUID, body: ClosureWrite, session: SessionDep, caller: Writer) -> FindingRead:
    """The auditors close a verified rectification."""
    return service.render_finding(service.close(session, caller, finding_id, body))
