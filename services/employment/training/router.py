"""HTTP routes of training: programmes, enrolment, attendance, completion, appraisal, subsidies."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.employment.deps import IfMatch, Reader, Writer
from services.employment.labour.errors import NotInLabourForce
from services.employment.matching.schemas import JobMatches
from services.employment.training import service
from services.employment.training.errors import (
    AlreadyEnrolled,
    AttendanceShort,
    NotWillingToTrain,
    ProgrammeFull,
    SubsidyAlreadyGranted,
    SubsidyNotEarned,
    TrainingStepNotAllowed,
)
from services.employment.training.schemas import (
    AppraisalCreate,
    AttendanceCreate,
    CompletionCreate,
    EnrolmentCreate,
    EnrolmentRead,
    ProgrammeCreate,
    ProgrammeRead,
    SubsidyCreate,
)
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.errors import RegionOutOfScope, responses
from shared.pagination import MAX_LIMIT, Page, encode_cursor
from shared.routes import Step, add_steps
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1", tags=["training"])
_VERSIONED = (IfMatchRequired, IfMatchWildcard, VersionStale, TrainingStepNotAllowed)


def _etag(response: Response, enrolment: EnrolmentRead) -> EnrolmentRead:
    response.headers["ETag"] = etag_for(enrolment.version)
    return enrolment


@router.post(
    "/programmes",
    operation_id="create_programme",
    summary="Set up a free training programme (培训项目)",
    response_model=ProgrammeRead,
    **answers(201, RegionOutOfScope, headers=(LOCATION,)),
)
def create_programme(
    body: ProgrammeCreate, session: SessionDep, caller: Writer, response: Response
) -> ProgrammeRead:
    """Set up a programme in your region with its capacity and subsidy amounts per trainee."""
    programme = service.create_programme(session, caller, body)
    response.headers["Location"] = f"/api/v1/programmes/{programme.id}"
    return service.render_programme(programme)


@router.get(
    "/programmes",
    operation_id="list_programmes",
    summary="List programmes",
    response_model=Page[ProgrammeRead],
)
def list_programmes(
    session: SessionDep,
    caller: Reader,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> Page[ProgrammeRead]:
    """List programmes (published: every reader sees them), in id order."""
    rows = service.list_programmes(session, cursor, limit)
    return Page[ProgrammeRead](
        items=[service.render_programme(p) for p in rows],
        next_cursor=encode_cursor([str(rows[-1].id)]) if len(rows) == limit else None,
    )


@router.get(
    "/programmes/{programme_id}",
    operation_id="get_programme",
    summary="Read a programme",
    response_model=ProgrammeRead,
)
def get_programme(programme_id: uuid.UUID, session: SessionDep, caller: Reader) -> ProgrammeRead:
    """Read a programme with its places taken."""
    return service.render_programme(service.read_programme(session, programme_id))


@router.post(
    "/programmes/{programme_id}/enrolments",
    operation_id="enrol",
    summary="Enrol a labourer who wants training (报名)",
    response_model=EnrolmentRead,
    **answers(
        201,
        NotInLabourForce,
        NotWillingToTrain,
        ProgrammeFull,
        AlreadyEnrolled,
        headers=(
            LOCATION,
            ETAG,
        ),
    ),
)
def enrol(
    programme_id: uuid.UUID, body: EnrolmentCreate, session: SessionDep, caller: Writer, response: Response
) -> EnrolmentRead:
    """Enrol a labourer of your region who wants training, while a place is left."""
    enrolment = service.enrol(session, caller, programme_id, body, date.today())
    response.headers["Location"] = f"/api/v1/enrolments/{enrolment.id}"
    return _etag(response, enrolment)


@router.get(
    "/enrolments/{enrolment_id}",
    operation_id="get_enrolment",
    summary="Read an enrolment",
    response_model=EnrolmentRead,
    **answers(200, headers=(ETAG,)),
)
def get_enrolment(
    enrolment_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response
) -> EnrolmentRead:
    """Read a trainee's attendance, completion, appraisal and subsidies."""
    return _etag(response, service.render_enrolment(session, service.load(session, caller, enrolment_id)))


add_steps(router, (
    Step("attendance", "record_attendance", "Record a session attended (考勤)",
         "Record one session; each session counts once.", AttendanceCreate, service.attend, _VERSIONED),
    Step("complete", "complete_training", "Complete the training (结业)",
         "Complete when attendance reaches what the programme asks.", CompletionCreate,
         lambda s, c, eid, m, b: service.complete(s, c, eid, m, b.on), (*_VERSIONED, AttendanceShort)),
    Step("appraisal", "record_appraisal", "Record the free skill appraisal (免费技能鉴定)",
         "Record the appraisal once; a pass certifies the skill on the labourer's record.", AppraisalCreate,
         service.appraise, _VERSIONED),
), under="/enrolments", id_name="enrolment_id", response_model=EnrolmentRead, caller=Writer, if_match=IfMatch)


@router.post(
    "/enrolments/{enrolment_id}/subsidies",
    operation_id="grant_subsidy",
    summary="Grant a training or appraisal subsidy, once (补贴)",
    response_model=EnrolmentRead,
    **answers(200, SubsidyNotEarned, SubsidyAlreadyGranted, headers=(ETAG,)),
)
def grant_subsidy(
    enrolment_id: uuid.UUID, body: SubsidyCreate, session: SessionDep, caller: Writer, response: Response
) -> EnrolmentRead:
    """Grant the subsidy at the programme's amount; a second claim of a kind is refused with 409."""
    return _etag(response, service.grant_subsidy(session, caller, enrolment_id, body))


@router.get(
    "/enrolments/{enrolment_id}/recommendations",
    operation_id="jobs_after_training",
    summary="Jobs recommended after training (培训后推荐岗位)",
    response_model=JobMatches,
    responses=responses(TrainingStepNotAllowed, NotInLabourForce),
)
def recommendations(
    enrolment_id: uuid.UUID,
    session: SessionDep,
    caller: Reader,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> JobMatches:
    """The positions matching ranks for the trainee once they completed."""
    return service.recommendations(session, caller, enrolment_id, limit, date.today())
