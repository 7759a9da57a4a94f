"""HTTP routes of publicity for officials: drafts, publication and correction, objections and answers."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.funds import clock
from services.funds.codes import NoticeKind, NoticeStatus
from services.funds.deps import IfMatch, Reader, Writer
from services.funds.projects.errors import StepLevelMismatch, StepRegionMismatch
from services.funds.publicity import service, views
from services.funds.publicity.errors import (
    CurrentNoticeExists,
    NoticeAlreadySuperseded,
    NoticeNotCurrent,
    NoticeNotOpen,
    NoticePeriodInvalid,
    NoticePublished,
    NoticeTextInvalid,
    ObjectionAlreadyAnswered,
    ObjectionPeriodClosed,
    SupersedesInvalid,
)
from services.funds.publicity.schemas import (
    AnswerWrite,
    NoticeEdit,
    NoticeRead,
    NoticeWrite,
    ObjectionRead,
    ObjectionWrite,
)
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.errors import Forbidden
from shared.pagination import MAX_LIMIT, Page
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1", tags=["publicity"])
_TAKER = (Forbidden, StepLevelMismatch, StepRegionMismatch)
_VERSIONED = (IfMatchRequired, IfMatchWildcard, VersionStale)


def _one(session: SessionDep, caller: Reader, notice_id: uuid.UUID, response: Response) -> NoticeRead:
    notice = views.read(session, caller, notice_id)
    response.headers["ETag"] = etag_for(notice.version)
    return notice


@router.post("/projects/{project_id}/notices", operation_id="draft_notice",
             summary="Draft a notice of a project's plan, allocation or completion (拟定公告)",
             response_model=NoticeRead,
             **answers(201, *_TAKER, NoticeNotOpen, NoticePeriodInvalid, NoticeTextInvalid, SupersedesInvalid,
                       NoticeAlreadySuperseded, headers=(ETAG, LOCATION)))
def draft_notice(project_id: uuid.UUID, body: NoticeWrite, session: SessionDep, caller: Writer,
                 response: Response) -> NoticeRead:
    """Draft a notice with its publicity period (at least the kind's minimum days, first and last counted).

    A correction names the current notice it supersedes and why; it takes effect when published.
    """
    notice = service.draft(session, caller, project_id, body)
    response.headers["Location"] = f"/api/v1/notices/{notice.id}"
    response.headers["ETag"] = etag_for(notice.version)
    return views.render_notices(session, caller, [notice])[0]


@router.get("/projects/{project_id}/notices", operation_id="list_project_notices",
            summary="A project's notices (项目公告)", response_model=list[NoticeRead])
def list_project_notices(project_id: uuid.UUID, session: SessionDep, caller: Reader) -> list[NoticeRead]:
    """List the project's notices: drafts, the current ones and those superseded."""
    return views.project_notices(session, caller, project_id)


@router.get("/notices", operation_id="list_notices", summary="Notices of the counties in scope (公告列表)",
            response_model=Page[NoticeRead])
def list_notices(
    session: SessionDep, caller: Reader,
    region: Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")] = None,
    project_id: Annotated[uuid.UUID | None, Query(description="项目标识")] = None,
    kind: Annotated[NoticeKind | None, Query(description="公告类别")] = None,
    status_: Annotated[NoticeStatus | None, Query(alias="status", description="公告状态")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> Page[NoticeRead]:
    """List notices of the counties in the caller's scope, by id."""
    filters = {"project_id": project_id, "kind": kind, "status": status_}
    items, next_cursor = views.page(session, caller, region, filters, cursor, limit)
    return Page[NoticeRead](items=items, next_cursor=next_cursor)


@router.get("/notices/{notice_id}", operation_id="get_notice", summary="Read a notice",
            response_model=NoticeRead, **answers(200, headers=(ETAG,)))
def get_notice(notice_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response) -> NoticeRead:
    """Read a notice; heads' names masked without pii:read."""
    return _one(session, caller, notice_id, response)


@router.patch("/notices/{notice_id}", operation_id="edit_notice", summary="Edit a draft notice",
              response_model=NoticeRead,
              **answers(200, *_TAKER, NoticePublished, NoticePeriodInvalid, NoticeTextInvalid, *_VERSIONED,
                        headers=(ETAG,)))
def edit_notice(notice_id: uuid.UUID, body: NoticeEdit, session: SessionDep, caller: Writer,
                response: Response, if_match: IfMatch = None) -> NoticeRead:
    """Edit a draft; a notice edited after publication is refused (409 naming each field): correct it."""
    notice = service.edit(session, caller, notice_id, if_match, body)
    response.headers["ETag"] = etag_for(notice.version)
    return views.render_notices(session, caller, [notice])[0]


@router.post("/notices/{notice_id}/publish", operation_id="publish_notice",
             summary="Publish a notice (发布公告)", response_model=NoticeRead,
             **answers(200, *_TAKER, NoticePublished, NoticePeriodInvalid, SupersedesInvalid,
                       NoticeAlreadySuperseded, CurrentNoticeExists, *_VERSIONED, headers=(ETAG,)))
def publish_notice(notice_id: uuid.UUID, session: SessionDep, caller: Writer, response: Response,
                   if_match: IfMatch = None) -> NoticeRead:
    """Publish a draft on or before its first day; it never changes again.

    A correction supersedes the notice it names at once; of two corrections of one notice published at
    the same moment exactly one wins, the other answers 409 `notice_already_superseded`.
    """
    notice = service.publish(session, caller, notice_id, if_match, clock.today())
    response.headers["ETag"] = etag_for(notice.version)
    return views.render_notices(session, caller, [notice])[0]


@router.post("/notices/{notice_id}/objections", operation_id="record_objection",
             summary="Record an objection received by an official (登记异议)", response_model=ObjectionRead,
             **answers(201, *_TAKER, NoticeNotCurrent, ObjectionPeriodClosed, headers=(LOCATION,)))
def record_objection(notice_id: uuid.UUID, body: ObjectionWrite, session: SessionDep, caller: Writer,
                     response: Response) -> ObjectionRead:
    """Record an objection a town or county official received within the publicity period.

    Location names the notice's objections, where the new one is listed.
    """
    notice, _project = service.visible_notice(session, caller, notice_id)
    objection = service.record_objection(session, caller, notice_id, body)
    response.headers["Location"] = f"/api/v1/notices/{notice_id}/objections"
    return views.render_objections(session, caller, notice, [objection])[0]


@router.get("/notices/{notice_id}/objections", operation_id="list_objections",
            summary="A notice's objections (异议)", response_model=list[ObjectionRead])
def list_objections(notice_id: uuid.UUID, session: SessionDep, caller: Reader) -> list[ObjectionRead]:
    """List the notice's objections; the objector's name and contact masked without pii:read."""
    return views.objections(session, caller, notice_id)


@router.post("/notices/{notice_id}/objections/{objection_id}/answer", operation_id="answer_objection",
             summary="Answer an objection, upheld or rejected (答复异议)", response_model=ObjectionRead,
             **answers(200, *_TAKER, ObjectionAlreadyAnswered))
def answer_objection(notice_id: uuid.UUID, objection_id: uuid.UUID, body: AnswerWrite, session: SessionDep,
                     caller: Writer) -> ObjectionRead:
    """Answer once, with a reason, by the project's county; an upheld objection holds the money back."""
    objection = service.answer(session, caller, notice_id, objection_id, body)
    notice, _project = service.visible_notice(session, caller, notice_id)
    return views.render_objections(session, caller, notice, [objection])[0]
