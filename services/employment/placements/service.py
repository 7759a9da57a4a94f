"""Placement rules: only eligible pairs are recommended, steps in order, a hire never exceeds openings."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified

from services.employment.catalogue import PLACEMENT_STEPS
from services.employment.codes import PlacementState as S
from services.employment.jobs.queries import uuid_cursor
from services.employment.jobs.repository import get_position, release_opening, take_opening
from services.employment.labour.repository import get_labourer
from services.employment.labour.service import check_in_labour_force, labourer_in_scope
from services.employment.matching.rules import evaluate
from services.employment.matching.views import candidate, opening
from services.employment.models import FollowUp, Placement
from services.employment.placements import repository as repo
from services.employment.placements.errors import (
    FollowUpNotDue,
    NoOpeningsLeft,
    PairExcluded,
    PlacementExists,
    StepNotAllowed,
)
from services.employment.placements.rules import STEPS, employment_after_start, follow_up_due
from services.employment.placements.schemas import (
    Close,
    FollowUpCreate,
    Leave,
    PlacementCreate,
    PlacementRead,
)
from services.employment.placements.views import DATES, event_fields, placement_snapshot, render_placement
from shared.auth import Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import FieldError, invalid, not_found
from shared.events.employment import (
    PlacementApplied,
    PlacementClosed,
    PlacementEmployed,
    PlacementFollowedUp,
    PlacementHired,
    PlacementLeft,
    PlacementRecommended,
)
from shared.pagination import encode_cursor


def recommend(session: ServiceSession, caller: Caller, body: PlacementCreate, today: date) -> PlacementRead:
    """Recommend a labourer in scope for a position whose hard constraints the pair meets."""
    person, labourer = labourer_in_scope(session, caller, body.member_id)
    check_in_labour_force(person, today)
    position = get_position(session, body.position_id)
    if position is None:
        raise invalid("position_id", "not_found", f"Position {body.position_id} was not found",
                      f"未找到岗位 {body.position_id}", status=404)
    verdict = evaluate(candidate(person, labourer, today), opening(position, today))
    if verdict.score is None:
        failed = verdict.exclusions
        raise PairExcluded(f"The pair is excluded: {failed[0].en}", f"不符合推荐条件：{failed[0].zh}",
                           errors=[FieldError("position_id", line.code, line.en, line.zh) for line in failed])
    placement = Placement(member_id=person.member_id, position_id=position.id, region_code=person.region_code,
                          state=S.RECOMMENDED, score=verdict.score, recommended_on=body.on,
                          recommended_by=caller.subject)
    session.add(placement)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent recommendation of the same pair won
        raise PlacementExists.on("position_id", "This person already has a live placement for the position",
                                 "此人已有该岗位的在办推荐") from exc
    session.journal.record(PlacementRecommended(**event_fields(placement), score=verdict.score),
                           actor=caller.subject, action="placement.recommend",
                           after=placement_snapshot(placement) | {"score": verdict.score})
    return render_placement(placement, [])


def list_placements(session: ServiceSession, prefix: str, member_id: uuid.UUID | None,
                    position_id: uuid.UUID | None, state: S | None, cursor: str | None,
                    limit: int) -> tuple[list[PlacementRead], str | None]:
    """A page of the placements under a region prefix, in id order, and the cursor of the next."""
    rows = repo.placements_page(session, prefix, member_id, position_id, state, uuid_cursor(cursor), limit)
    items = [render_placement(p, repo.follow_ups(session, p.id)) for p in rows]
    return items, encode_cursor([str(rows[-1].id)]) if len(rows) == limit else None


def load(session: ServiceSession, caller: Caller, placement_id: uuid.UUID, lock: bool = False) -> Placement:
    """Load a placement of a labourer in the caller's region; others answer 404 as if absent."""
    placement = repo.get_placement(session, placement_id, lock=lock)
    if placement is None or not caller.can_see(placement.region_code):
        raise not_found("Placement", "就业推荐", placement_id)
    return placement


def read(session: ServiceSession, caller: Caller, placement_id: uuid.UUID) -> PlacementRead:
    """Read a placement in scope with its follow-ups."""
    placement = load(session, caller, placement_id)
    return render_placement(placement, repo.follow_ups(session, placement.id))


def _begin(session: ServiceSession, caller: Caller, placement_id: uuid.UUID, if_match: str | None, step: str,
           on: date, field: str) -> tuple[Placement, dict]:
    """Lock a placement, check If-Match, that the step may leave its state, and the step's date."""
    placement = load(session, caller, placement_id, lock=True)
    check_if_match(if_match, placement.version)
    sources, _ = STEPS[step]
    if placement.state not in sources:
        raise StepNotAllowed(f"A {placement.state} placement cannot take the step {step}",
                             f"状态为{placement.state}的推荐不能进行{step}",
                             extra={"rule": PLACEMENT_STEPS.code})
    latest = max(d for d in (getattr(placement, name) for name in DATES) if d is not None)
    if on < latest:
        raise invalid(field, "date_before_previous_step", f"{on} is before the previous step ({latest})",
                      f"{on} 早于上一步日期（{latest}）", rule=PLACEMENT_STEPS.code)
    return placement, placement_snapshot(placement)


def _record(session: ServiceSession, caller: Caller, placement: Placement, event: object, action: str,
            before: dict) -> PlacementRead:
    session.flush()
    session.journal.record(event, actor=caller.subject, action=action,  # type: ignore[arg-type]
                           before=before, after=placement_snapshot(placement))
    return render_placement(placement, repo.follow_ups(session, placement.id))


def apply(session: ServiceSession, caller: Caller, placement_id: uuid.UUID, if_match: str | None,
          on: date) -> PlacementRead:
    """The person applied for the position."""
    placement, before = _begin(session, caller, placement_id, if_match, "apply", on, "on")
    placement.state, placement.applied_on = S.APPLIED, on
    return _record(session, caller, placement, PlacementApplied(**event_fields(placement)), "placement.apply",
                   before)


def hire(session: ServiceSession, caller: Caller, placement_id: uuid.UUID, if_match: str | None, on: date,
         today: date) -> PlacementRead:
    """The employer hired the person: one opening is taken, never more than the position has."""
    placement, before = _begin(session, caller, placement_id, if_match, "hire", on, "on")
    if not take_opening(session, placement.position_id, today):
        raise NoOpeningsLeft("Every opening of the position is filled, or it no longer takes hires",
                             "该岗位已招满或已停止招聘")
    placement.state, placement.hired_on = S.HIRED, on
    return _record(session, caller, placement, PlacementHired(**event_fields(placement)), "placement.hire",
                   before)


def start(session: ServiceSession, caller: Caller, placement_id: uuid.UUID, if_match: str | None,
          started_on: date) -> PlacementRead:
    """The person started work; their employment becomes a post, a job near home, or work away."""
    placement, before = _begin(session, caller, placement_id, if_match, "start", started_on, "started_on")
    placement.state, placement.started_on = S.EMPLOYED, started_on
    position = get_position(session, placement.position_id)
    labourer = get_labourer(session, placement.member_id, lock=True)
    if position is not None and labourer is not None:
        labourer.employment = employment_after_start(position.kind, placement.region_code,
                                                     position.region_code)
    event = PlacementEmployed(**event_fields(placement), started_on=started_on.isoformat())
    return _record(session, caller, placement, event, "placement.start", before)


def _end(session: ServiceSession, placement: Placement, state: str, on: date, reason: str) -> None:
    """End a placement; a person who leaves work is unemployed again until recorded otherwise."""
    placement.state, placement.ended_on, placement.end_reason = state, on, reason
    if state == S.LEFT:
        labourer = get_labourer(session, placement.member_id, lock=True)
        if labourer is not None:
            labourer.employment = "unemployed"


def leave(session: ServiceSession, caller: Caller, placement_id: uuid.UUID, if_match: str | None,
          body: Leave) -> PlacementRead:
    """The person left the job."""
    placement, before = _begin(session, caller, placement_id, if_match, "leave", body.on, "on")
    _end(session, placement, S.LEFT, body.on, body.reason)
    return _record(session, caller, placement, PlacementLeft(**event_fields(placement), reason=body.reason),
                   "placement.leave", before)


def close(session: ServiceSession, caller: Caller, placement_id: uuid.UUID, if_match: str | None,
          body: Close) -> PlacementRead:
    """End a placement before work begins; a hire's opening is given back."""
    placement, before = _begin(session, caller, placement_id, if_match, "close", body.on, "on")
    if placement.state == S.HIRED:
        release_opening(session, placement.position_id)
    _end(session, placement, S.CLOSED, body.on, body.reason)
    return _record(session, caller, placement, PlacementClosed(**event_fields(placement), reason=body.reason),
                   "placement.close", before)


def follow_up(session: ServiceSession, caller: Caller, placement_id: uuid.UUID, if_match: str | None,
              body: FollowUpCreate) -> PlacementRead:
    """Record the 3- or 6-month follow-up, in order and once each; not employed ends the placement."""
    placement, before = _begin(session, caller, placement_id, if_match, "follow_up", body.on, "on")
    if not body.still_employed and body.reason is None:
        raise invalid("reason", "reason_required", "Say why the person is no longer employed",
                      "请填写不在岗的原因")
    due = follow_up_due(placement.started_on)  # type: ignore[arg-type]
    if body.month not in due:
        raise invalid("month", "no_such_follow_up", f"Follow-ups fall at months {sorted(due)}",
                      f"回访月份为{sorted(due)}")
    done = {f.month for f in repo.follow_ups(session, placement.id)}
    earlier = [m for m in due if m < body.month and m not in done]
    if body.month in done or earlier or body.on < due[body.month]:
        raise FollowUpNotDue.on("month", f"The {body.month}-month follow-up is due on {due[body.month]}, "
                                "after the earlier ones, and once",
                                f"第{body.month}个月回访应在{due[body.month]}之后、按顺序且只记录一次")
    session.add(FollowUp(placement_id=placement.id, month=body.month, followed_on=body.on,
                         still_employed=body.still_employed, reason=body.reason, note=body.note,
                         recorded_by=caller.subject))
    if not body.still_employed:
        _end(session, placement, S.LEFT, body.on, body.reason or "other")
    flag_modified(placement, "state")  # the follow-up is part of the placement: its version (ETag) moves
    session.flush()
    event = PlacementFollowedUp(**event_fields(placement), month=body.month,
                                still_employed=body.still_employed)
    session.journal.record(event, actor=caller.subject, action="placement.follow_up", before=before,
                           after=placement_snapshot(placement) | {"follow_up": body.month,
                                                                  "still_employed": body.still_employed})
    if not body.still_employed:
        session.journal.emit(PlacementLeft(**event_fields(placement), reason=body.reason or "other"))
    return render_placement(placement, repo.follow_ups(session, placement.id))
