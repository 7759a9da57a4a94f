"""Rules of rectification: interviews and inspections open items; reported, verified by another, closed."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from services.supervision.catalogue import INTERVIEW_CAUSE, ITEM_DEADLINE, ITEM_VERIFIED_BY_OTHER
from services.supervision.models import Inspection, Interview, Official, RectificationItem, RedFlag
from services.supervision.rectification import repository as repo
from services.supervision.rectification.errors import (
    InterviewClosed,
    ItemsStillOpen,
    VerifierNotIndependent,
    WrongItemState,
)
from services.supervision.rectification.rules import deadline_follows, independent, is_overdue
from services.supervision.rectification.schemas import (
    InspectionCreate,
    InspectionRead,
    InterviewClose,
    InterviewCreate,
    InterviewRead,
    ItemCreate,
    ItemRead,
    ItemReport,
    ItemVerification,
)
from services.supervision.visits.rules import CHINA_TIME
from shared.auth import Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import AppError, FieldError, RegionOutOfScope, invalid, not_found
from shared.events import supervision as events
from shared.types import utcnow


def china_today() -> date:
    """Today in China, the day deadlines are counted in."""
    return utcnow().astimezone(CHINA_TIME).date()


def _check_items(session: ServiceSession, items: list[ItemCreate], cause_day: date) -> None:
    """Refuse items whose deadline does not follow the cause or whose owner is not registered."""
    errors = []
    for i, item in enumerate(items):
        if not deadline_follows(item.deadline, cause_day):
            errors.append(
                FieldError(
                    f"items[{i}].deadline",
                    "deadline_not_after_cause",
                    "The deadline must be later than the interview or inspection",
                    "整改期限须晚于约谈或督查日期",
                )
            )
        if item.owner_official_id and session.get(Official, item.owner_official_id) is None:
            errors.append(
                FieldError(
                    f"items[{i}].owner_official_id", "official_unknown", "No official has that id", "无此干部"
                )
            )
    if errors:
        late = any(e.code == "deadline_not_after_cause" for e in errors)
        raise AppError(
            422,
            "items_invalid",
            "Some rectification items are invalid",
            "部分整改事项无效",
            errors=errors,
            extra={"rule": ITEM_DEADLINE.code} if late else {},
        )


def _open_items(
    session: ServiceSession,
    caller: Caller,
    items: list[ItemCreate],
    region: str,
    *,
    interview: Interview | None = None,
    inspection: Inspection | None = None,
) -> None:
    for data in items:
        item = RectificationItem(
            id=uuid.uuid4(),
            interview_id=interview.id if interview else None,
            inspection_id=inspection.id if inspection else None,
            region_code=region,
            description=data.description,
            owner_name=data.owner_name,
            owner_official_id=data.owner_official_id,
            deadline=data.deadline,
            state="open",
        )
        session.add(item)
        session.flush()
        session.journal.record(
            events.RectificationItemOpened(
                item_id=str(item.id),
                region_code=region,
                deadline=data.deadline.isoformat(),
                interview_id=str(interview.id) if interview else None,
                inspection_id=str(inspection.id) if inspection else None,
            ),
            actor=caller.subject,
            action="rectification_item.open",
            after=data.model_dump(),
        )


def record_inspection(session: ServiceSession, caller: Caller, data: InspectionCreate) -> Inspection:
    """Record an inspection in the caller's scope with its findings and the items they lead to."""
    if not caller.can_see(data.region_code):
        raise RegionOutOfScope("region_code", data.region_code)
    _check_items(session, data.items, data.held_on)
    inspection = Inspection(
        id=uuid.uuid4(),
        title=data.title,
        region_code=data.region_code,
        year=data.year,
        held_on=data.held_on,
        findings=list(data.findings),
        recorded_by=caller.subject,
    )
    session.add(inspection)
    session.flush()
    session.journal.record(
        events.InspectionRecorded(
            inspection_id=str(inspection.id),
            region_code=data.region_code,
            year=data.year,
            findings=len(data.findings),
        ),
        actor=caller.subject,
        action="inspection.record",
        after=data.model_dump(exclude={"items"}),
    )
    _open_items(session, caller, data.items, data.region_code, inspection=inspection)
    return inspection


def _check_cause(session: ServiceSession, caller: Caller, data: InterviewCreate) -> None:
    """An interview names exactly one subject and, for an inspection or red flag, the one it came from."""
    if (data.official_id is None) == (data.unit_name is None):
        raise invalid(
            "official_id",
            "one_subject",
            "Name either an official or a unit",
            "须填写被约谈干部或单位之一",
            rule=INTERVIEW_CAUSE.code,
        )
    if data.official_id is not None:
        official = session.get(Official, data.official_id)
        if official is None or not caller.can_see(official.region_code):
            raise invalid(
                "official_id",
                "official_unknown",
                "No official in your scope has that id",
                "您的辖区内无此干部",
            )
    causes = {
        "inspection": ("inspection_id", data.inspection_id, Inspection),
        "red_flag": ("red_flag_id", data.red_flag_id, RedFlag),
    }
    if data.source in causes:
        field, key, model = causes[data.source]
        found = session.get(model, key) if key else None
        if found is None or not caller.can_see(found.region_code):
            raise invalid(
                field,
                "cause_unknown",
                f"An interview from a {data.source} names it",
                "来源为督查或数据预警的约谈须填写其标识",
                rule=INTERVIEW_CAUSE.code,
            )


def open_interview(session: ServiceSession, caller: Caller, data: InterviewCreate) -> Interview:
    """Hold an interview in the caller's scope and open its rectification list (§27)."""
    if not caller.can_see(data.region_code):
        raise RegionOutOfScope("region_code", data.region_code)
    _check_cause(session, caller, data)
    _check_items(session, data.items, data.held_on)
    interview = Interview(
        id=uuid.uuid4(),
        state="open",
        recorded_by=caller.subject,
        **data.model_dump(exclude={"items", "issues"}),
        issues=list(data.issues),
    )
    session.add(interview)
    session.flush()
    session.journal.record(
        events.InterviewOpened(
            interview_id=str(interview.id),
            region_code=data.region_code,
            source=data.source,
            official_id=str(data.official_id) if data.official_id else None,
            items=len(data.items),
        ),
        actor=caller.subject,
        action="interview.open",
        after=data.model_dump(exclude={"items"}),
    )
    _open_items(session, caller, data.items, data.region_code, interview=interview)
    return interview


def load_interview(session: ServiceSession, caller: Caller, interview_id: uuid.UUID) -> Interview:
    """Load an interview in the caller's scope, or answer 404."""
    interview = session.get(Interview, interview_id)
    if interview is None or not caller.can_see(interview.region_code):
        raise not_found("Interview", "约谈", interview_id)
    return interview


def load_inspection(session: ServiceSession, caller: Caller, inspection_id: uuid.UUID) -> Inspection:
    """Load an inspection in the caller's scope, or answer 404."""
    inspection = session.get(Inspection, inspection_id)
    if inspection is None or not caller.can_see(inspection.region_code):
        raise not_found("Inspection", "督查", inspection_id)
    return inspection


def load_item(session: ServiceSession, caller: Caller, item_id: uuid.UUID) -> RectificationItem:
    """Load a rectification item in the caller's scope, or answer 404."""
    item = session.get(RectificationItem, item_id)
    if item is None or not caller.can_see(item.region_code):
        raise not_found("Rectification item", "整改事项", item_id)
    return item


def _snapshot(item: RectificationItem) -> dict[str, Any]:
    return {
        "state": item.state,
        "report": item.report,
        "reported_on": item.reported_on,
        "reported_by": item.reported_by,
        "verification_note": item.verification_note,
        "verified_by": item.verified_by,
        "closed_on": item.closed_on,
    }


def _cause_day(session: ServiceSession, item: RectificationItem) -> date:
    cause: Any = (
        session.get(Interview, item.interview_id)
        if item.interview_id
        else session.get(Inspection, item.inspection_id)
    )
    return cause.held_on


def report_item(
    session: ServiceSession, caller: Caller, item_id: uuid.UUID, if_match: str | None, data: ItemReport
) -> RectificationItem:
    """The interviewed side reports an open item done."""
    item = load_item(session, caller, item_id)
    check_if_match(if_match, item.version)
    if item.state != "open":
        raise WrongItemState(
            f"The item is {item.state}; only an open item is reported", "只有待整改的事项可以报告"
        )
    if data.reported_on < _cause_day(session, item):
        raise invalid(
            "reported_on",
            "report_before_cause",
            "The report cannot precede the interview or inspection",
            "报告日期不能早于约谈或督查日期",
        )
    before = _snapshot(item)
    item.state, item.report, item.reported_on, item.reported_by = (
        "reported",
        data.report,
        data.reported_on,
        caller.subject,
    )
    session.flush()
    session.journal.record(
        events.RectificationItemReported(
            item_id=str(item.id), region_code=item.region_code, reported_on=data.reported_on.isoformat()
        ),
        actor=caller.subject,
        action="rectification_item.report",
        before=before,
        after=_snapshot(item),
    )
    return item


def verify_item(
    session: ServiceSession, caller: Caller, item_id: uuid.UUID, if_match: str | None, data: ItemVerification
) -> RectificationItem:
    """Someone other than the reporter and owner checks a report: accepted closes it, refused reopens it."""
    item = load_item(session, caller, item_id)
    check_if_match(if_match, item.version)
    if item.state != "reported":
        raise WrongItemState(
            f"The item is {item.state}; only a reported item is verified", "只有已报告的事项可以核验"
        )
    owner = session.get(Official, item.owner_official_id) if item.owner_official_id else None
    if not independent(caller.subject, item.reported_by, owner.subject if owner else None):
        raise VerifierNotIndependent(
            "The reporter or owner cannot verify the item",
            "报告人或责任人不能核验本事项",
            extra={"rule": ITEM_VERIFIED_BY_OTHER.code},
        )
    if item.reported_on and data.verified_on < item.reported_on:
        raise invalid(
            "verified_on",
            "verified_before_report",
            "The verification cannot precede the report",
            "核验日期不能早于报告日期",
        )
    before = _snapshot(item)
    item.verification_note, item.verified_by = data.note, caller.subject
    if data.accepted:
        item.state, item.closed_on = "closed", data.verified_on
        event: Any = events.RectificationItemClosed(
            item_id=str(item.id), region_code=item.region_code, closed_on=data.verified_on.isoformat()
        )
    else:
        item.state, item.report, item.reported_on, item.reported_by = "open", None, None, None
        event = events.RectificationItemReturned(item_id=str(item.id), region_code=item.region_code)
    session.flush()
    session.journal.record(
        event,
        actor=caller.subject,
        action="rectification_item.verify",
        before=before,
        after=_snapshot(item) | {"accepted": data.accepted},
    )
    return item


def close_interview(
    session: ServiceSession,
    caller: Caller,
    interview_id: uuid.UUID,
    if_match: str | None,
    data: InterviewClose,
) -> Interview:
    """Close an interview once every item on its list is closed."""
    interview = load_interview(session, caller, interview_id)
    check_if_match(if_match, interview.version)
    if interview.state == "closed":
        raise InterviewClosed(
            f"The interview closed on {interview.closed_on}", f"该约谈已于 {interview.closed_on} 办结"
        )
    items = repo.items_of(session, interview_ids=[interview.id])
    still_open = [i for i in items if i.state != "closed"]
    if still_open:
        raise ItemsStillOpen(
            f"{len(still_open)} items are not closed yet", f"尚有 {len(still_open)} 项整改未销号"
        )
    if data.closed_on < max(i.closed_on for i in items if i.closed_on):
        raise invalid(
            "closed_on",
            "closed_before_items",
            "The interview cannot close before its last item",
            "办结日期不能早于最后一项整改销号日期",
        )
    interview.state, interview.closed_on = "closed", data.closed_on
    session.flush()
    session.journal.record(
        events.InterviewClosed(
            interview_id=str(interview.id),
            region_code=interview.region_code,
            closed_on=data.closed_on.isoformat(),
        ),
        actor=caller.subject,
        action="interview.close",
        before={"state": "open"},
        after={"state": "closed", "closed_on": data.closed_on},
    )
    return interview


def flag_overdue(session: ServiceSession, caller: Caller, as_of: date) -> int:
    """Flag, once each, the items in the caller's scope not closed by their deadline."""
    flagged = 0
    for item in repo.overdue_unflagged(session, as_of):
        if not caller.can_see(item.region_code):
            continue
        item.overdue_flagged_on = as_of
        session.flush()
        session.journal.record(
            events.RectificationItemOverdue(
                item_id=str(item.id), region_code=item.region_code, deadline=item.deadline.isoformat()
            ),
            actor=caller.subject,
            action="rectification_item.overdue",
            before={"overdue_flagged_on": None},
            after={"overdue_flagged_on": as_of},
        )
        flagged += 1
    return flagged


def render_items(items: list[RectificationItem]) -> list[ItemRead]:
    """Render items with whether each is overdue today."""
    today = china_today()
    stored = [f for f in ItemRead.model_fields if f != "overdue"]
    return [
        ItemRead(**{f: getattr(i, f) for f in stored}, overdue=is_overdue(i.state, i.deadline, today))
        for i in items
    ]


def render_interviews(session: ServiceSession, interviews: list[Interview]) -> list[InterviewRead]:
    """Render interviews with their items."""
    by_interview: dict[uuid.UUID, list[RectificationItem]] = {}
    for item in repo.items_of(session, interview_ids=[i.id for i in interviews]):
        by_interview.setdefault(item.interview_id, []).append(item)  # type: ignore[arg-type]
    fields = (
        "id",
        "official_id",
        "unit_name",
        "region_code",
        "interviewer",
        "reason",
        "source",
        "inspection_id",
        "red_flag_id",
        "held_on",
        "issues",
        "state",
        "closed_on",
        "version",
    )
    return [
        InterviewRead(**{f: getattr(i, f) for f in fields}, items=render_items(by_interview.get(i.id, [])))
        for i in interviews
    ]


def render_inspection(session: ServiceSession, inspection: Inspection) -> InspectionRead:
    """Render an inspection with its items."""
    items = repo.items_of(session, inspection_ids=[inspection.id])
    return InspectionRead(
        id=inspection.id,
        title=inspection.title,
        region_code=inspection.region_code,
        year=inspection.year,
        held_on=inspection.held_on,
        findings=inspection.findings,
        items=render_items(items),
    )
