"""Notices and objections as officials read them, and as the public does (names masked, nothing else)."""

from __future__ import annotations

import uuid

from services.funds import clock
from services.funds.codes import NoticeStatus
from services.funds.models import NOTICE_HEAD_NAME, OBJECTOR_CONTACT, OBJECTOR_NAME, Notice, NoticeObjection
from services.funds.projects.service import load_visible
from services.funds.publicity import repository as repo
from services.funds.publicity.rules import period_days, period_state
from services.funds.publicity.schemas import (
    NoticeLineRead,
    NoticeRead,
    ObjectionCounts,
    ObjectionRead,
    PublicLine,
    PublicNotice,
)
from services.funds.publicity.service import visible_notice
from shared.auth import PII_READ, Caller
from shared.crypto import mask_numbers
from shared.db import ServiceSession
from shared.errors import not_found
from shared.pagination import decode_cursor, encode_cursor
from shared.personal import PersonalView
from shared.types import from_fen

PUBLIC_STATUSES = (NoticeStatus.PUBLISHED, NoticeStatus.SUPERSEDED)


def _audit_unmasked(session: ServiceSession, caller: Caller, view: PersonalView, entity: str,
                    notice: Notice) -> None:
    if view.unmasked:
        session.journal.audit(actor=caller.subject, action="pii.read", entity_type=entity,
                              entity_id=notice.id, region_code=notice.county_code)


def render_notices(session: ServiceSession, caller: Caller, notices: list[Notice]) -> list[NoticeRead]:
    """Render notices for an official: heads' names masked without pii:read (an unmasked read is audited)."""
    view = session.personal_view(caller.has(PII_READ))
    counts = repo.objection_counts(session, [n.id for n in notices])
    today = clock.today()
    for notice in notices:
        if notice.lines:
            _audit_unmasked(session, caller, view, "notice", notice)
    return [NoticeRead(
        id=n.id, project_id=n.project_id, county_code=n.county_code, kind=n.kind, title=n.title,
        content=n.content, starts_on=n.starts_on, ends_on=n.ends_on, days=period_days(n.starts_on, n.ends_on),
        period=period_state(n.starts_on, n.ends_on, today), status=n.status, supersedes_id=n.supersedes_id,
        superseded_by_id=n.superseded_by_id, correction_reason=n.correction_reason,
        lines=[NoticeLineRead(household_id=line.household_id, village_code=line.village_code,
                              head_name=view.show(NOTICE_HEAD_NAME, line.head_name_enc),
                              amount=None if line.amount_fen is None else from_fen(line.amount_fen))
               for line in n.lines],
        objections=ObjectionCounts(**counts[n.id]), created_by=n.created_by, created_at=n.created_at,
        published_by=n.published_by, published_at=n.published_at, version=n.version) for n in notices]


def read(session: ServiceSession, caller: Caller, notice_id: uuid.UUID) -> NoticeRead:
    """Read a notice of a project the caller may see."""
    notice, _project = visible_notice(session, caller, notice_id)
    return render_notices(session, caller, [notice])[0]


def project_notices(session: ServiceSession, caller: Caller, project_id: uuid.UUID) -> list[NoticeRead]:
    """A visible project's notices, drafts, current and superseded alike."""
    project = load_visible(session, caller, project_id)
    rows = repo.notices(session, project.county_code, {"project_id": project.id}, None, 1000)
    return render_notices(session, caller, rows)


def page(session: ServiceSession, caller: Caller, region: str | None, filters: dict, cursor: str | None,
         limit: int) -> tuple[list[NoticeRead], str | None]:
    """A page of notices of the counties in the caller's scope."""
    prefix = caller.narrow(region)
    if prefix is None:
        return [], None
    values = decode_cursor(cursor, 1, (str,))
    rows = repo.notices(session, prefix, filters, values[0] if values else None, limit)
    next_cursor = encode_cursor([str(rows[limit - 1].id)]) if len(rows) > limit else None
    return render_notices(session, caller, rows[:limit]), next_cursor


def render_objections(session: ServiceSession, caller: Caller, notice: Notice,
                      rows: list[NoticeObjection]) -> list[ObjectionRead]:
    """Render objections: the objector's name and contact masked without pii:read (audited with it)."""
    view = session.personal_view(caller.has(PII_READ))
    if rows:
        _audit_unmasked(session, caller, view, "objections", notice)
    return [ObjectionRead(
        id=o.id, notice_id=o.notice_id, channel=o.channel, content=o.content,
        objector_name=view.show(OBJECTOR_NAME, o.objector_name_enc),
        contact=view.show(OBJECTOR_CONTACT, o.contact_enc), status=o.status, received_on=o.recorded_on,
        recorded_by=o.recorded_by, recorded_at=o.recorded_at, answer=o.answer, answered_by=o.answered_by,
        answered_at=o.answered_at) for o in rows]


def objections(session: ServiceSession, caller: Caller, notice_id: uuid.UUID) -> list[ObjectionRead]:
    """A visible notice's objections in the order received."""
    notice, _project = visible_notice(session, caller, notice_id)
    return render_objections(session, caller, notice, repo.objections(session, notice.id))


def render_public(session: ServiceSession, notices: list[Notice]) -> list[PublicNotice]:
    """Render notices for anyone: the project's name and type, villages, heads' names masked, amounts."""
    projects = repo.projects(session, {n.project_id for n in notices})
    names = repo.region_names(session, {n.county_code for n in notices} |
                              {line.village_code for n in notices for line in n.lines})
    counts = repo.objection_counts(session, [n.id for n in notices])
    cipher, today = session.cipher, clock.today()
    return [PublicNotice(
        id=n.id, project_id=n.project_id, project_name=mask_numbers(projects[n.project_id].name),
        project_type=projects[n.project_id].project_type, county_code=n.county_code,
        county_name=names.get(n.county_code), kind=n.kind, title=n.title, content=n.content,
        starts_on=n.starts_on, ends_on=n.ends_on, days=period_days(n.starts_on, n.ends_on),
        period=period_state(n.starts_on, n.ends_on, today), status=n.status, supersedes_id=n.supersedes_id,
        superseded_by_id=n.superseded_by_id, correction_reason=n.correction_reason,
        published_at=n.published_at,
        lines=[PublicLine(village_code=line.village_code, village_name=names.get(line.village_code),
                          head_name=NOTICE_HEAD_NAME.masked(NOTICE_HEAD_NAME.open(cipher, line.head_name_enc))
                          or "*",
                          amount=None if line.amount_fen is None else from_fen(line.amount_fen))
               for line in n.lines],
        objections=ObjectionCounts(**counts[n.id])) for n in notices]


def public_page(session: ServiceSession, county: str | None, kind: str | None, superseded: bool,
                cursor: str | None, limit: int) -> tuple[list[PublicNotice], str | None]:
    """A page of published notices (with superseded ones when asked), for anyone."""
    values = decode_cursor(cursor, 1, (str,))
    statuses = PUBLIC_STATUSES if superseded else (NoticeStatus.PUBLISHED,)
    rows = repo.public_notices(session, county, kind, statuses, values[0] if values else None, limit)
    next_cursor = encode_cursor([str(rows[limit - 1].id)]) if len(rows) > limit else None
    return render_public(session, rows[:limit]), next_cursor


def public_read(session: ServiceSession, notice_id: uuid.UUID) -> PublicNotice:
    """Read a published or superseded notice; a draft is not public (404)."""
    notice = repo.notice(session, notice_id)
    if notice is None or notice.status not in PUBLIC_STATUSES:
        raise not_found("Notice", "公告", notice_id)
    return render_public(session, [notice])[0]


def board(session: ServiceSession, county: str | None, limit: int) -> list[PublicNotice]:
    """The current notices of a county (or of every county), for the notice board page."""
    return render_public(session, repo.board(session, county, limit))
