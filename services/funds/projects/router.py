"""HTTP routes of the county project library."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.funds.codes import ProjectStatus, ProjectType
from services.funds.deps import IfMatch, Reader, Writer
from services.funds.models import Project
from services.funds.projects import queries, service
from services.funds.projects.errors import (
    BeneficiaryRefused,
    BudgetBelowAllocated,
    RiskAssessmentMissing,
    StepLevelMismatch,
    StepOutOfOrder,
    StepRegionMismatch,
)
from services.funds.projects.schemas import (
    ProjectAdjust,
    ProjectCreate,
    ProjectRead,
    ProjectSummary,
    ProjectYear,
    StepRead,
    StepWrite,
)
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.errors import Duplicate, Forbidden
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/projects", tags=["projects"])
_VERSIONED = (IfMatchRequired, IfMatchWildcard, VersionStale)
_TAKER = (Forbidden, StepLevelMismatch, StepRegionMismatch)


def _render(session: SessionDep, caller: Reader, project: Project, response: Response) -> ProjectRead:
    response.headers["ETag"] = etag_for(project.version)
    return service.show_project(session, caller, project)


@router.post("", operation_id="propose_project",
             summary="Propose a project for a county's library (项目申报)", response_model=ProjectRead,
             **answers(201, *_TAKER, BeneficiaryRefused, Duplicate, headers=(ETAG, LOCATION)))
def propose_project(body: ProjectCreate, session: SessionDep, caller: Writer,
                    response: Response) -> ProjectRead:
    """Enter a project as proposed; its villages and households are checked against the register."""
    project = service.create_project(session, caller, body)
    response.headers["Location"] = f"/api/v1/projects/{project.id}"
    return _render(session, caller, project, response)


@router.get("", operation_id="list_projects", summary="List projects (项目列表)",
            response_model=Page[ProjectSummary])
def list_projects(
    session: SessionDep, caller: Reader,
    region: Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")] = None,
    status_: Annotated[ProjectStatus | None, Query(alias="status", description="项目状态")] = None,
    project_type: Annotated[ProjectType | None, Query(description="项目类型")] = None,
    year: Annotated[ProjectYear | None, Query(description="年度")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> Page[ProjectSummary]:
    """List the projects of the caller's counties, or benefiting its villages, in a stable order."""
    filters = {"status": status_, "project_type": project_type, "year": year}
    rows, next_cursor = queries.list_projects(session, caller, region, filters, cursor, limit)
    return Page[ProjectSummary](items=[ProjectSummary.model_validate(p, from_attributes=True) for p in rows],
                                next_cursor=next_cursor)


@router.get("/{project_id}", operation_id="get_project", summary="Read a project (项目详情)",
            response_model=ProjectRead, **answers(200, headers=(ETAG,)))
def get_project(project_id: uuid.UUID, session: SessionDep, caller: Reader,
                response: Response) -> ProjectRead:
    """Read a project with its money by source and its beneficiaries (accounts masked without pii:read)."""
    return _render(session, caller, service.load_visible(session, caller, project_id), response)


@router.patch("/{project_id}", operation_id="adjust_project", summary="Adjust a project (项目调整)",
              response_model=ProjectRead,
              **answers(200, *_TAKER, StepOutOfOrder, BudgetBelowAllocated, Duplicate, *_VERSIONED,
                        headers=(ETAG,)))
def adjust_project(project_id: uuid.UUID, body: ProjectAdjust, session: SessionDep, caller: Writer,
                   response: Response, if_match: IfMatch = None) -> ProjectRead:
    """Change a project's plan, risk assessment or budget with a reason, before it is completed."""
    project = service.adjust_project(session, caller, project_id, if_match, body)
    return _render(session, caller, project, response)


@router.post("/{project_id}/steps", operation_id="take_project_step",
             summary="Take a lifecycle step (论证、入库、计划、实施、完工、验收、评价、取消)",
             response_model=ProjectRead,
             **answers(200, *_TAKER, StepOutOfOrder, RiskAssessmentMissing, *_VERSIONED, headers=(ETAG,)))
def take_step(project_id: uuid.UUID, body: StepWrite, session: SessionDep, caller: Writer,
              response: Response, if_match: IfMatch = None) -> ProjectRead:
    """Move the project to its next state; out of order 409, wrong level or region 403."""
    project = service.take_step(session, caller, project_id, if_match, body.step, body.reason)
    return _render(session, caller, project, response)


@router.get("/{project_id}/steps", operation_id="list_project_steps",
            summary="Who took each step, when and why (办理记录)", response_model=list[StepRead],
            **answers(200, headers=(ETAG,)))
def list_steps(project_id: uuid.UUID, session: SessionDep, caller: Reader,
               response: Response) -> list[StepRead]:
    """List the project's steps in the order they were taken; the ETag is the project's."""
    project, steps = service.project_steps(session, caller, project_id)
    response.headers["ETag"] = etag_for(project.version)
    return [StepRead.model_validate(s, from_attributes=True) for s in steps]
