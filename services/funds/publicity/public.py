"""Public routes (公开查询): notices read and objected to without a token, rate-limited per address.

The only unauthenticated operations of the suite besides health and metrics. They show what a
notice posts and no more: heads' names masked (张*明), no household ids, no ID, phone or account
numbers (notices refuse such numbers in their text), objectors never shown.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from services.funds import clock
from services.funds.codes import NoticeKind
from services.funds.publicity import service, views
from services.funds.publicity.errors import NoticeNotCurrent, ObjectionPeriodClosed
from services.funds.publicity.schemas import (
    ObjectionReceipt,
    PeriodState,
    PublicNotice,
    PublicObjectionWrite,
)
from shared.contract import LOCATION, answers
from shared.pagination import MAX_LIMIT, Page
from shared.public import public
from shared.schemas import REGION_CODE_PATTERN
from shared.session import PublicSessionDep

router = APIRouter(tags=["public-notices"])
READ_LIMIT, OBJECTION_LIMIT = "120/minute", "5/hour"
_READ = [public("public-read", READ_LIMIT)]
_OBJECT = [public("public-objection", OBJECTION_LIMIT)]
BOARD_LIMIT = 200  # the board lists a county's current notices, latest period first, up to this many
County = Annotated[str | None, Query(pattern=REGION_CODE_PATTERN,
                                     description="县代码（12位），如 441882000000")]

_TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                         autoescape=select_autoescape(["html"], default=True))
_TEMPLATES.globals.update(kind_label=lambda code: NoticeKind(code).label_zh,
                          period_label=lambda code: PeriodState(code).label_zh)
_HTML = {200: {"content": {"text/html": {"example": "<!doctype html><html lang=\"zh-CN\">…</html>"}},
               "description": "the page (中文, no JavaScript)"}}


@router.get("/api/v1/public/notices", operation_id="list_public_notices", dependencies=_READ,
            summary="Published notices, for anyone (公告公示查询)", response_model=Page[PublicNotice])
def list_public_notices(
    session: PublicSessionDep, county: County = None,
    kind: Annotated[NoticeKind | None, Query(description="公告类别")] = None,
    superseded: Annotated[bool, Query(description="也列出已被更正的公告")] = False,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> Page[PublicNotice]:
    """List the current notices (and, when asked, those superseded), by id; no token needed."""
    items, next_cursor = views.public_page(session, county, kind, superseded, cursor, limit)
    return Page[PublicNotice](items=items, next_cursor=next_cursor)


@router.get("/api/v1/public/notices/{notice_id}", operation_id="get_public_notice", dependencies=_READ,
            summary="Read a published notice, for anyone", response_model=PublicNotice)
def get_public_notice(notice_id: uuid.UUID, session: PublicSessionDep) -> PublicNotice:
    """Read a published or superseded notice (a superseded one names the notice that corrected it)."""
    return views.public_read(session, notice_id)


@router.post("/api/v1/public/notices/{notice_id}/objections", operation_id="object_to_notice",
             dependencies=_OBJECT, summary="Object to a notice during its period (提出异议)",
             response_model=ObjectionReceipt,
             **answers(201, NoticeNotCurrent, ObjectionPeriodClosed, headers=(LOCATION,)))
def object_to_notice(notice_id: uuid.UUID, body: PublicObjectionWrite, session: PublicSessionDep,
                     response: Response) -> ObjectionReceipt:
    """Object to a current notice from its first to its last day; the county answers with a reason.

    Name and contact are optional, kept encrypted and never shown publicly. Location names the notice.
    """
    objection = service.public_objection(session, notice_id, body, clock.today())
    response.headers["Location"] = f"/api/v1/public/notices/{notice_id}"
    return ObjectionReceipt(id=objection.id, notice_id=objection.notice_id, status=objection.status,
                            received_on=objection.recorded_on)


@router.get("/notice-board", operation_id="notice_board", dependencies=_READ, response_class=HTMLResponse,
            summary="The notice board page (公告公示栏)", responses=_HTML)
def notice_board(session: PublicSessionDep, county: County = None) -> HTMLResponse:
    """The current notices by county as a page readable on a phone, in Chinese, with no JavaScript."""
    notices = views.board(session, county, BOARD_LIMIT)
    counties: dict[str, list[PublicNotice]] = {}
    for notice in notices:
        counties.setdefault(notice.county_code, []).append(notice)
    return HTMLResponse(_TEMPLATES.get_template("board.html").render(
        counties=counties, county=county, limit=BOARD_LIMIT, full=len(notices) == BOARD_LIMIT))


@router.get("/notice-board/notices/{notice_id}", operation_id="notice_page", dependencies=_READ,
            response_class=HTMLResponse, summary="A notice's page (公告详情)", responses=_HTML)
def notice_page(notice_id: uuid.UUID, session: PublicSessionDep) -> HTMLResponse:
    """A published or superseded notice as a page: its period, list with names masked, objections."""
    notice = views.public_read(session, notice_id)
    return HTMLResponse(_TEMPLATES.get_template("notice.html").render(notice=notice))
