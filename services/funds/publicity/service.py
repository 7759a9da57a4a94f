"""The rules of publicity: drafts, publication and correction, objections and their answers."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from services.funds.catalogue import NOTICE_IMMUTABLE, NOTICE_PERIOD, OBJECTIONS
from services.funds.codes import NoticeKind, NoticeStatus, ObjectionChannel, ObjectionStatus
from services.funds.models import (
    NOTICE_HEAD_NAME,
    OBJECTOR_CONTACT,
    OBJECTOR_NAME,
    Notice,
    NoticeLine,
    NoticeObjection,
    Project,
)
from services.funds.projects.rules import check_taker
from services.funds.projects.service import load_visible, visible
from services.funds.publicity import repository as repo
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
from services.funds.publicity.rules import (
    NOTICE_STATES,
    period_problems,
    personal_number_fields,
)
from services.funds.publicity.schemas import (
    AnswerWrite,
    NoticeEdit,
    NoticeLineWrite,
    NoticeWrite,
    ObjectionWrite,
    PublicObjectionWrite,
)
from shared.auth import Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import FieldError, invalid, not_found
from shared.events.funds import (
    NoticeDrafted,
    NoticeSuperseded,
    ObjectionAnswered,
    ObjectionRecorded,
)
from shared.events.funds import (
    NoticePublished as NoticePublishedEvent,
)
from shared.types import utcnow

COUNTY = ("county",)
OBJECTION_TAKERS = ("town", "county")
PUBLIC_ACTOR = "public"  # who the audit trail names for an objection sent on the public endpoint

def visible_notice(session: ServiceSession, caller: Caller, notice_id: uuid.UUID,
                   for_update: bool = False) -> tuple[Notice, Project]:
    """Load a notice of a project the caller may see; any other answers 404."""
    notice = repo.notice(session, notice_id, for_update=for_update)
    project = None if notice is None else repo.projects(session, [notice.project_id])[notice.project_id]
    if notice is None or project is None or not visible(caller, project):
        raise not_found("Notice", "公告", notice_id)
    return notice, project


def _check_text(texts: dict[str, str | None]) -> None:
    problems = personal_number_fields({k: v for k, v in texts.items() if v})
    if problems:
        raise NoticeTextInvalid("A notice never shows ID, phone or account numbers",
                                "公告不得载明身份证号、电话号码或银行账号", errors=problems)


def _check_period(kind: str, starts_on: date, ends_on: date) -> None:
    problems = period_problems(kind, starts_on, ends_on)
    if problems:
        raise NoticePeriodInvalid(problems[0].message, problems[0].message_zh, errors=problems,
                                  extra={"rule": NOTICE_PERIOD.code})


def _lines(session: ServiceSession, project: Project, rows: list[NoticeLineWrite]) -> list[NoticeLine]:
    """Build a notice's lines from the project's beneficiaries; refuse a household that is not one."""
    by_household = {b.household_id: b for b in project.beneficiaries}
    problems, seen, lines = [], set(), []
    for i, row in enumerate(rows):
        beneficiary = by_household.get(row.household_id)
        if beneficiary is None or row.household_id in seen:
            why = ("listed twice", "重复列出") if row.household_id in seen else (
                "not a beneficiary of the project", "不是本项目受益户")
            problems.append(FieldError(f"lines[{i}].household_id", "line_not_beneficiary", *why))
            continue
        seen.add(row.household_id)
        lines.append(NoticeLine(line_no=i + 1, household_id=row.household_id,
                                village_code=beneficiary.region_code,
                                head_name_enc=session.seal(NOTICE_HEAD_NAME, row.head_name),
                                amount_fen=beneficiary.subsidy_fen))
    if problems:
        raise NoticeTextInvalid("A notice lists only the project's beneficiaries, each once",
                                "公示名单只能列出本项目受益户，且每户一次", errors=problems)
    return lines


def _snapshot(notice: Notice) -> dict[str, Any]:
    """What the audit trail keeps of a notice (names are encrypted lines: only their households)."""
    return {"kind": notice.kind, "title": notice.title, "content": notice.content, "status": notice.status,
            "starts_on": notice.starts_on, "ends_on": notice.ends_on,
            "supersedes_id": notice.supersedes_id and str(notice.supersedes_id),
            "households": [str(line.household_id) for line in notice.lines]}


def draft(session: ServiceSession, caller: Caller, project_id: uuid.UUID, data: NoticeWrite) -> Notice:
    """Draft a notice of a project in the state its kind needs, by the project's county."""
    project = load_visible(session, caller, project_id)
    check_taker(caller, COUNTY, project.county_code, "拟定公告")
    if project.status not in NOTICE_STATES[data.kind] or (
            data.kind == NoticeKind.ALLOCATION and not repo.allocations_exist(session, project.id)):
        raise NoticeNotOpen.on("kind", f"A {project.status} project has no {data.kind} to publish yet",
                               "项目当前状态下尚不能发布该类公告")
    _check_period(data.kind, data.starts_on, data.ends_on)
    _check_text({"title": data.title, "content": data.content, "correction_reason": data.correction_reason})
    if data.supersedes_id is not None:
        _check_supersedes(session, project, data.kind, data.supersedes_id)
        if not data.correction_reason:
            raise invalid("correction_reason", "missing", "A correction states its reason",
                          "更正公告须说明理由")
    notice = Notice(project_id=project.id, county_code=project.county_code, kind=data.kind, title=data.title,
                    content=data.content, starts_on=data.starts_on, ends_on=data.ends_on,
                    status=NoticeStatus.DRAFT, supersedes_id=data.supersedes_id,
                    correction_reason=data.correction_reason, created_by=caller.subject,
                    lines=_lines(session, project, data.lines))
    session.add(notice)
    session.flush()
    session.journal.record(NoticeDrafted(notice_id=str(notice.id), project_id=str(project.id),
                                         region_code=project.county_code, kind=notice.kind, changed=[]),
                           actor=caller.subject, action="notice.draft", after=_snapshot(notice))
    return notice


def _check_supersedes(session: ServiceSession, project: Project, kind: str, old_id: uuid.UUID) -> Notice:
    old = repo.notice(session, old_id)
    if old is None or old.project_id != project.id or old.kind != kind:
        raise SupersedesInvalid.on("supersedes_id", "A correction supersedes a notice of the same project "
                                   "and kind", "更正公告须针对本项目同类公告")
    if old.status != NoticeStatus.PUBLISHED:
        raise (NoticeAlreadySuperseded if old.status == NoticeStatus.SUPERSEDED else SupersedesInvalid).on(
            "supersedes_id", f"The notice to supersede is {old.status}, not current",
            "所更正的公告不是现行公告")
    return old


def edit(session: ServiceSession, caller: Caller, notice_id: uuid.UUID, if_match: str | None,
         data: NoticeEdit) -> Notice:
    """Edit a draft; a published notice is never edited (409 naming each field the edit tried)."""
    notice, project = visible_notice(session, caller, notice_id)
    check_taker(caller, COUNTY, project.county_code, "修改公告草稿")
    changes = data.model_dump(exclude_unset=True)
    if notice.status != NoticeStatus.DRAFT:
        message = "A notice edited after publication: publish a correction that supersedes it"
        message_zh = "公告发布后不得修改，请发布更正公告"
        raise NoticePublished(message, message_zh, errors=[
            FieldError(name, NoticePublished.CODE, message, message_zh) for name in changes or ["body"]],
            extra={"rule": NOTICE_IMMUTABLE.code, "status": notice.status})
    check_if_match(if_match, notice.version)
    _check_period(notice.kind, changes.get("starts_on", notice.starts_on),
                  changes.get("ends_on", notice.ends_on))
    _check_text({k: changes.get(k) for k in ("title", "content", "correction_reason")})
    before = _snapshot(notice)
    for name in ("title", "content", "starts_on", "ends_on", "correction_reason"):
        if name in changes and (changes[name] is not None or name == "correction_reason"):
            setattr(notice, name, changes[name])
    if data.lines is not None:
        notice.lines.clear()
        session.flush()  # the old lines leave before the new ones take their numbers
        notice.lines.extend(_lines(session, project, data.lines))
    session.flush()
    session.journal.record(NoticeDrafted(notice_id=str(notice.id), project_id=str(project.id),
                                         region_code=project.county_code, kind=notice.kind,
                                         changed=sorted(changes)),
                           actor=caller.subject, action="notice.edit", before=before, after=_snapshot(notice))
    return notice


def publish(session: ServiceSession, caller: Caller, notice_id: uuid.UUID, if_match: str | None,
            today: date) -> Notice:
    """Publish a draft on or before its first day; a correction supersedes its notice, exactly once."""
    notice, project = visible_notice(session, caller, notice_id)
    check_taker(caller, COUNTY, project.county_code, "发布公告")
    if notice.status != NoticeStatus.DRAFT:
        raise NoticePublished("The notice is published already", "公告已发布",
                              extra={"rule": NOTICE_IMMUTABLE.code, "status": notice.status})
    check_if_match(if_match, notice.version)
    if notice.starts_on < today:
        raise NoticePeriodInvalid.on("starts_on", "A notice is published on or before its first day",
                                     "公告须在公示开始日或之前发布")
    old = None
    if notice.supersedes_id is not None:
        old = _check_supersedes(session, project, notice.kind, notice.supersedes_id)
        if not repo.supersede(session, old.id, notice.id):  # another correction won the race
            raise NoticeAlreadySuperseded("Another correction superseded this notice first",
                                          "该公告已被其他更正公告取代", extra={"rule": NOTICE_IMMUTABLE.code})
    elif repo.current(session, project.id, notice.kind) is not None:
        raise _current_exists()
    notice.status, notice.published_by, notice.published_at = NoticeStatus.PUBLISHED, caller.subject, utcnow()
    # a concurrent publication made another notice current first
    session.flush_unique(_current_exists)
    if old is not None:
        session.journal.record(
            NoticeSuperseded(notice_id=str(old.id), superseded_by_id=str(notice.id),
                             project_id=str(project.id), region_code=project.county_code,
                             reason=notice.correction_reason or ""),
            actor=caller.subject, action="notice.supersede", before={"status": NoticeStatus.PUBLISHED},
            after={"status": NoticeStatus.SUPERSEDED, "superseded_by_id": str(notice.id)})
    session.journal.record(
        NoticePublishedEvent(notice_id=str(notice.id), project_id=str(project.id),
                             region_code=project.county_code, kind=notice.kind,
                             starts_on=notice.starts_on.isoformat(), ends_on=notice.ends_on.isoformat(),
                             supersedes_id=notice.supersedes_id and str(notice.supersedes_id)),
        actor=caller.subject, action="notice.publish", before={"status": NoticeStatus.DRAFT},
        after=_snapshot(notice))
    return notice


def _current_exists() -> CurrentNoticeExists:
    return CurrentNoticeExists("The project has a current notice of this kind; correct it with supersedes_id",
                               "该项目已有同类现行公告，如需更正请注明所更正的公告",
                               extra={"rule": NOTICE_IMMUTABLE.code})


def _check_window(notice: Notice, day: date, field: str) -> None:
    if notice.status != NoticeStatus.PUBLISHED:
        raise NoticeNotCurrent.on("notice_id", f"The notice is {notice.status}; object to the current one",
                                  "该公告不是现行公告，请对现行公告提出异议")
    if not notice.starts_on <= day <= notice.ends_on:
        raise ObjectionPeriodClosed(
            "An objection on a closed period: objections are taken from the first to the last day",
            "公示期外不受理异议",
            errors=[FieldError(field, ObjectionPeriodClosed.CODE, "outside the publicity period",
                               "不在公示期内")],
            extra={"starts_on": notice.starts_on.isoformat(), "ends_on": notice.ends_on.isoformat(),
                   "rule": OBJECTIONS.code})


def _objected(session: ServiceSession, notice: Notice, objection: NoticeObjection,
              actor: str) -> NoticeObjection:
    session.add(objection)
    session.flush()
    session.journal.record(
        ObjectionRecorded(objection_id=str(objection.id), notice_id=str(notice.id),
                          project_id=str(notice.project_id), region_code=notice.county_code,
                          channel=objection.channel),
        actor=actor, action="objection.record",
        after={"channel": objection.channel, "received_on": objection.recorded_on,
               "named": objection.objector_name_enc is not None,
               "contact": objection.contact_enc is not None})
    return objection


def record_objection(session: ServiceSession, caller: Caller, notice_id: uuid.UUID,
                     data: ObjectionWrite) -> NoticeObjection:
    """Record an objection received by a town or county official within the publicity period."""
    notice, project = visible_notice(session, caller, notice_id)
    town_of_county = caller.has("funds:write") and "town" in caller.levels() and \
        caller.region[:6] == project.county_code[:6]
    if not town_of_county:  # any town of the county, or the county itself
        check_taker(caller, OBJECTION_TAKERS, project.county_code, "登记异议")
    _check_window(notice, data.received_on, "received_on")
    return _objected(session, notice, NoticeObjection(
        notice_id=notice.id, county_code=notice.county_code, channel=ObjectionChannel.CADRE,
        content=data.content, objector_name_enc=session.seal(OBJECTOR_NAME, data.objector_name),
        contact_enc=session.seal(OBJECTOR_CONTACT, data.contact), status=ObjectionStatus.PENDING,
        recorded_by=caller.subject, recorded_on=data.received_on), caller.subject)


def public_objection(session: ServiceSession, notice_id: uuid.UUID, data: PublicObjectionWrite,
                     today: date) -> NoticeObjection:
    """Record an objection sent on the public endpoint, today within the publicity period."""
    notice = repo.notice(session, notice_id)
    if notice is None or notice.status == NoticeStatus.DRAFT:
        raise not_found("Notice", "公告", notice_id)
    _check_window(notice, today, "notice_id")
    return _objected(session, notice, NoticeObjection(
        notice_id=notice.id, county_code=notice.county_code, channel=ObjectionChannel.PUBLIC,
        content=data.content, objector_name_enc=session.seal(OBJECTOR_NAME, data.objector_name),
        contact_enc=session.seal(OBJECTOR_CONTACT, data.contact), status=ObjectionStatus.PENDING,
        recorded_by=PUBLIC_ACTOR, recorded_on=today), PUBLIC_ACTOR)


def answer(session: ServiceSession, caller: Caller, notice_id: uuid.UUID, objection_id: uuid.UUID,
           data: AnswerWrite) -> NoticeObjection:
    """Answer an objection once, upheld or rejected with a reason, by the project's county."""
    notice, project = visible_notice(session, caller, notice_id)
    objection = repo.objection(session, objection_id)
    if objection is None or objection.notice_id != notice.id:
        raise not_found("Objection", "异议", objection_id)
    check_taker(caller, COUNTY, project.county_code, "答复异议")
    if not repo.answer(session, objection.id, data.decision, data.reason, caller.subject, utcnow()):
        raise ObjectionAlreadyAnswered("The objection is answered already", "该异议已答复",
                                       extra={"rule": OBJECTIONS.code})
    session.refresh(objection)
    session.journal.record(
        ObjectionAnswered(objection_id=str(objection.id), notice_id=str(notice.id),
                          project_id=str(project.id), region_code=project.county_code,
                          decision=data.decision),
        actor=caller.subject, action="objection.answer", before={"status": ObjectionStatus.PENDING},
        after={"status": data.decision, "answer": data.reason})
    return objection
