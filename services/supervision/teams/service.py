"""Rules of work teams: one team per village, one serving first secretary, hand-over without a gap."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm.attributes import flag_modified

from services.supervision import register
from services.supervision.catalogue import TEAM_HANDOVER
from services.supervision.models import Official, TeamPosting, WorkTeam
from services.supervision.teams import repository as repo
from services.supervision.teams.errors import OfficialPosted, PostingEnded, RoleTaken, TeamExists
from services.supervision.teams.rules import handover_refusal
from services.supervision.teams.schemas import (
    HandoverCreate,
    PostingCreate,
    PostingEnd,
    PostingRead,
    WorkTeamCreate,
    WorkTeamRead,
)
from shared.auth import Caller
from shared.concurrency import check_if_match
from shared.db import ServiceSession
from shared.errors import RegionOutOfScope, invalid, not_found
from shared.events.supervision import PostingEnded as PostingEndedEvent
from shared.events.supervision import PostingStarted, WorkTeamFormed


def form_team(session: ServiceSession, caller: Caller, data: WorkTeamCreate) -> WorkTeam:
    """Send a work team to a village of the register inside the caller's scope."""
    if not caller.can_see(data.village_code):
        raise RegionOutOfScope("village_code", data.village_code)
    village = register.region(session, data.village_code)
    if village is None or village.level != "village":
        raise invalid(
            "village_code",
            "not_a_village",
            f"{data.village_code} is not a village in the register",
            f"{data.village_code} 不是登记在册的行政村",
        )
    if repo.team_by_village(session, data.village_code):
        raise _team_exists(data.village_code)
    team = WorkTeam(id=uuid.uuid4(), **data.model_dump())
    session.add(team)
    session.flush_unique(lambda: _team_exists(data.village_code))
    session.journal.record(
        WorkTeamFormed(team_id=str(team.id), region_code=team.village_code, sending_unit=team.sending_unit),
        actor=caller.subject,
        action="work_team.form",
        after=data.model_dump(),
    )
    return team


def _team_exists(village_code: str) -> TeamExists:
    return TeamExists.on(
        "village_code", f"{village_code} already has a work team", f"{village_code} 已有驻村工作队"
    )


def load_team(session: ServiceSession, caller: Caller, team_id: uuid.UUID) -> WorkTeam:
    """Load a team of a village in the caller's scope, or answer 404."""
    team = session.get(WorkTeam, team_id)
    if team is None or not caller.can_see(team.village_code):
        raise not_found("Work team", "驻村工作队", team_id)
    return team


def _serving_official(
    session: ServiceSession, caller: Caller, official_id: uuid.UUID, field: str
) -> Official:
    official = session.get(Official, official_id)
    if official is None:
        raise invalid(field, "official_unknown", f"Official {official_id} is not registered", "干部未登记")
    if official.left_on is not None:
        raise invalid(field, "official_left", "The official has left the post", "该干部已离任")
    if repo.serving_posting(session, official.id):
        raise OfficialPosted.on(
            field, "The official already serves in a work team", "该干部已在其他工作队任职"
        )
    return official


def _touch(session: ServiceSession, team: WorkTeam) -> None:
    """A term belongs to its team: bump the team's version, so concurrent changes of one team serialise."""
    flag_modified(team, "sending_unit")
    session.flush()


def _start(
    session: ServiceSession,
    caller: Caller,
    team: WorkTeam,
    official: Official,
    role: str,
    started_on: date,
    predecessor: TeamPosting | None,
    note: str | None,
) -> TeamPosting:
    posting = TeamPosting(
        id=uuid.uuid4(),
        team_id=team.id,
        official_id=official.id,
        role=role,
        started_on=started_on,
        predecessor_id=predecessor.id if predecessor else None,
        handover_note=note,
    )
    session.add(posting)
    # a concurrent posting of this official or this role won the race
    session.flush_unique(lambda: RoleTaken(
        "The role or the official was taken meanwhile; read the team again",
        "岗位或干部已被同时安排，请重新读取",
    ))
    session.journal.record(
        PostingStarted(
            team_id=str(team.id),
            posting_id=str(posting.id),
            official_id=str(official.id),
            role=role,
            started_on=started_on.isoformat(),
            predecessor_id=str(predecessor.id) if predecessor else None,
            region_code=team.village_code,
        ),
        actor=caller.subject,
        action="work_team.posting_start",
        after={"official_id": official.id, "role": role, "started_on": started_on, "note": note},
    )
    return posting


def add_posting(
    session: ServiceSession, caller: Caller, team_id: uuid.UUID, if_match: str | None, data: PostingCreate
) -> WorkTeam:
    """Post an official to a vacant role; a serving first secretary is replaced only by hand-over."""
    team = load_team(session, caller, team_id)
    check_if_match(if_match, team.version)
    official = _serving_official(session, caller, data.official_id, "official_id")
    if data.role == "first_secretary" and repo.serving_first_secretary(session, team.id):
        raise RoleTaken.on(
            "role",
            "The team has a serving first secretary; hand over instead",
            "该工作队已有在任第一书记，请办理交接",
        )
    if data.started_on < team.formed_on:
        raise invalid(
            "started_on",
            "before_team_formed",
            "The term cannot start before the team was formed",
            "任期不能早于工作队进驻日期",
        )
    _touch(session, team)
    _start(session, caller, team, official, data.role, data.started_on, None, None)
    return team


def _end(
    session: ServiceSession, caller: Caller, team: WorkTeam, posting: TeamPosting, ended_on: date, action: str
) -> None:
    posting.ended_on = ended_on
    session.flush()
    session.journal.record(
        PostingEndedEvent(
            team_id=str(team.id),
            posting_id=str(posting.id),
            official_id=str(posting.official_id),
            ended_on=ended_on.isoformat(),
            region_code=team.village_code,
        ),
        actor=caller.subject,
        action=action,
        before={"ended_on": None},
        after={"ended_on": ended_on},
    )


def _posting_of(session: ServiceSession, team: WorkTeam, posting_id: uuid.UUID, field: str) -> TeamPosting:
    posting = session.get(TeamPosting, posting_id)
    if posting is None or posting.team_id != team.id:
        raise invalid(field, "posting_unknown", "The term is not one of this team's", "该任期不属于本工作队")
    return posting


def hand_over(
    session: ServiceSession, caller: Caller, team_id: uuid.UUID, if_match: str | None, data: HandoverCreate
) -> WorkTeam:
    """End the outgoing term and start the incoming one in the same role on the same day (§18)."""
    team = load_team(session, caller, team_id)
    check_if_match(if_match, team.version)
    outgoing = _posting_of(session, team, data.outgoing_posting_id, "outgoing_posting_id")
    refusal = handover_refusal(
        outgoing.started_on,
        outgoing.ended_on,
        data.handed_over_on,
        outgoing.official_id == data.incoming_official_id,
    )
    if refusal is not None:
        field, code, en, zh = refusal
        if code == "posting_ended":
            raise PostingEnded.on(field, en, zh, rule=TEAM_HANDOVER.code)
        raise invalid(field, code, en, zh, rule=TEAM_HANDOVER.code)
    incoming = _serving_official(session, caller, data.incoming_official_id, "incoming_official_id")
    _touch(session, team)
    _end(session, caller, team, outgoing, data.handed_over_on, "work_team.handover")
    _start(session, caller, team, incoming, outgoing.role, data.handed_over_on, outgoing, data.note)
    return team


def end_posting(
    session: ServiceSession,
    caller: Caller,
    team_id: uuid.UUID,
    posting_id: uuid.UUID,
    if_match: str | None,
    data: PostingEnd,
) -> WorkTeam:
    """End a term without a successor (recall, end of service)."""
    team = load_team(session, caller, team_id)
    check_if_match(if_match, team.version)
    posting = _posting_of(session, team, posting_id, "posting_id")
    if posting.ended_on is not None:
        raise PostingEnded(f"The term ended on {posting.ended_on}", f"该任期已于 {posting.ended_on} 结束")
    if data.ended_on < posting.started_on:
        raise invalid(
            "ended_on",
            "end_before_start",
            "A term cannot end before it started",
            "任期结束日期不能早于开始日期",
        )
    _touch(session, team)
    _end(session, caller, team, posting, data.ended_on, "work_team.posting_end")
    return team


def render(session: ServiceSession, teams: list[WorkTeam]) -> list[WorkTeamRead]:
    """Render teams with their terms."""
    by_team: dict[uuid.UUID, list[TeamPosting]] = {}
    for posting in repo.postings(session, [t.id for t in teams]):
        by_team.setdefault(posting.team_id, []).append(posting)
    return [_render(team, by_team.get(team.id, [])) for team in teams]


def _render(team: WorkTeam, postings: list[TeamPosting]) -> WorkTeamRead:
    serving: Any = next((p for p in postings if p.role == "first_secretary" and p.ended_on is None), None)
    return WorkTeamRead(
        id=team.id,
        village_code=team.village_code,
        sending_unit=team.sending_unit,
        formed_on=team.formed_on,
        first_secretary_id=serving.official_id if serving else None,
        postings=[PostingRead.model_validate(p) for p in postings],
        version=team.version,
    )
