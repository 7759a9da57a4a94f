"""Demo supervision data for the demo county (连州市, 441882), built on the register replica.

Officials of all five levels, the reserve of village secretaries, work teams with a hand-over, village
positions, visits with coordinates inside the county (so coverage shows real figures, and two visits
three minutes apart at villages far apart raise a red flag)
and an interview with its rectification list.
Called by `make run` once the consumers have caught up; a second call changes nothing.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from services.supervision.flags import service as flags
from services.supervision.flags.schemas import PlaceWrite
from services.supervision.models import Official, infra, replica
from services.supervision.officials import service as officials
from services.supervision.officials.schemas import OfficialCreate
from services.supervision.rectification import service as rectification
from services.supervision.rectification.schemas import InterviewCreate, ItemCreate
from services.supervision.register import POOR_STATUSES
from services.supervision.settings import SupervisionSettings
from services.supervision.teams import service as teams
from services.supervision.teams.schemas import HandoverCreate, PostingCreate, WorkTeamCreate
from services.supervision.visits import service as visits
from services.supervision.visits.rules import CHINA_TIME, great_circle_km
from shared.auth import Caller, permissions_for
from shared.concurrency import etag_for
from shared.db import Database, ServiceSession, service_context

DEMO_COUNTY = "441882"
SYSTEM = Caller(
    subject="demo-loader",
    roles=frozenset({"admin"}),
    region="44",
    permissions=permissions_for({"admin"}, set()),
)
# 连州市 lies within about 24.6–25.2 N, 112.1–112.6 E; its seat, 连州镇, at 24.78 N, 112.38 E.
COUNTY_SEAT = (24.7805, 112.3822)


def _official(
    session: ServiceSession, name: str, level: str, post: str, region: str, subject: str | None = None
) -> Official:
    data = OfficialCreate(
        name=name, level=level, post=post, region_code=region, subject=subject, appointed_on=date(2018, 1, 15)
    )
    return officials.register_official(session, SYSTEM, data)


def _regions(session: ServiceSession) -> tuple[list[Any], list[Any]]:
    """The demo county's towns and villages in the replica."""
    rows = list(
        session.execute(
            select(replica.regions)
            .where(
                replica.regions.c.code.startswith(DEMO_COUNTY),
                replica.regions.c.level.in_(("town", "village")),
            )
            .order_by(replica.regions.c.code)
        )
    )
    return [r for r in rows if r.level == "town"], [r for r in rows if r.level == "village"]


def _place(rng: random.Random) -> tuple[float, float]:
    return (
        round(COUNTY_SEAT[0] + rng.uniform(-0.15, 0.25), 5),
        round(COUNTY_SEAT[1] + rng.uniform(-0.2, 0.2), 5),
    )


def _officials(session: ServiceSession, towns: list[Any], villages: list[Any]) -> dict[str, Official]:
    """A secretary at each level and region, reserve candidates in each poor village but one."""
    _official(session, "省委书记", "province", "party_secretary", "440000000000", "demo-province-secretary")
    _official(session, "清远市委书记", "city", "party_secretary", "441800000000", "demo-city-secretary")
    secretaries = {
        "441882000000": _official(
            session, "连州市委书记", "county", "party_secretary", "441882000000", "demo-county-secretary"
        )
    }
    for town in towns:
        secretaries[town.code] = _official(
            session, f"{town.name}党委书记", "town", "party_secretary", town.code, f"demo-town-{town.code}"
        )
    poor = [v for v in villages if v.relatively_poor]
    for i, village in enumerate(poor):
        _official(session, f"{village.name}党支部书记", "village", "party_secretary", village.code)
        for n in range(1 if i == 0 else 2):  # the first poor village is one reserve short of 1:2
            _official(session, f"{village.name}后备人选{n + 1}", "village", "reserve_secretary", village.code)
    return secretaries


def _work_teams(session: ServiceSession, villages: list[Any]) -> None:
    """Three work teams; the first hands its first secretary's term over at the end of 2018 (§18)."""
    for i, village in enumerate([v for v in villages if v.relatively_poor][:3]):
        team = teams.form_team(
            session,
            SYSTEM,
            WorkTeamCreate(
                village_code=village.code, sending_unit=f"清远市直单位{i + 1}", formed_on=date(2018, 4, 1)
            ),
        )
        first = _official(session, f"第一书记{i + 1}", "city", "cadre", "441800000000")
        teams.add_posting(
            session,
            SYSTEM,
            team.id,
            etag_for(team.version),
            PostingCreate(official_id=first.id, role="first_secretary", started_on=date(2018, 4, 1)),
        )
        if i == 0:
            successor = _official(session, "接任第一书记", "city", "cadre", "441800000000")
            posting = teams.repo.serving_posting(session, first.id)
            teams.hand_over(
                session,
                SYSTEM,
                team.id,
                etag_for(team.version),
                HandoverCreate(
                    outgoing_posting_id=posting.id,
                    incoming_official_id=successor.id,
                    handed_over_on=date(2018, 12, 20),
                    note="移交帮扶台账和在建项目清单",
                ),
            )


def _visit(
    official: Official, kind: str, target: Any, when: datetime, where: tuple[float, float], rng: random.Random
) -> dict[str, Any]:
    record = {
        "client_id": str(uuid.UUID(int=rng.getrandbits(128))),
        "official_id": str(official.id),
        "target_kind": kind,
        "visited_at": when.isoformat(),
        "latitude": where[0],
        "longitude": where[1],
        "findings": rng.choice(["两不愁三保障已落实。", "住房安全，子女均在校。", "需跟进产业帮扶。"]),
        "follow_ups": ["跟进帮扶措施落实"],
    }
    return record | ({"household_id": str(target)} if kind == "household" else {"target_code": target})


def _visits(
    session: ServiceSession,
    secretaries: dict[str, Official],
    villages: list[Any],
    places: dict[str, tuple[float, float]],
    rng: random.Random,
) -> int:
    """Town secretaries visit about two thirds of their poor households, the county secretary half its."""
    homes = session.execute(
        select(replica.households.c.id, replica.households.c.region_code)
        .where(
            replica.households.c.region_code.startswith(DEMO_COUNTY),
            replica.households.c.status.in_(POOR_STATUSES),
        )
        .order_by(replica.households.c.household_no)
    ).all()
    start = datetime(2019, 3, 1, 9, tzinfo=CHINA_TIME)
    records = []
    for i, home in enumerate(h for h in homes if rng.random() < 2 / 3):
        secretary = secretaries[home.region_code[:9] + "000"]
        where = places.get(home.region_code, COUNTY_SEAT)
        near = (where[0] + rng.uniform(-0.005, 0.005), where[1] + rng.uniform(-0.005, 0.005))
        records.append(_visit(secretary, "household", home.id, start + timedelta(hours=3 * i), near, rng))
    county = secretaries["441882000000"]
    for i, village in enumerate(v for v in villages if v.relatively_poor and rng.random() < 0.5):
        where = places[village.code]
        records.append(_visit(county, "village", village.code, start + timedelta(days=1 + i), where, rng))
    records += _suspicious_pair(county, [v.code for v in villages if v.relatively_poor], places, rng)
    stored = 0
    for i in range(0, len(records), 500):
        stored += sum(
            o.outcome == "created" for o in visits.record_batch(session, SYSTEM, records[i : i + 500])
        )
    return stored


def _suspicious_pair(
    county: Official, poor: list[str], places: dict[str, tuple[float, float]], rng: random.Random
) -> list[dict[str, Any]]:
    """Two village visits three minutes apart at the two poor villages farthest apart: a red flag to show."""
    a, b = max(
        ((x, y) for x in poor for y in poor if x < y),
        key=lambda pair: great_circle_km(places[pair[0]], places[pair[1]]),
    )
    when = datetime(2019, 9, 2, 10, tzinfo=CHINA_TIME)
    return [
        _visit(county, "village", a, when, places[a], rng),
        _visit(county, "village", b, when + timedelta(minutes=3), places[b], rng),
    ]


def _interview(session: ServiceSession, secretaries: dict[str, Official], towns: list[Any]) -> None:
    """The county secretary interviews the first town's secretary, whose visits lag; two items to fix."""
    town = towns[0]
    items = [
        ItemCreate(
            description="一个月内完成剩余贫困户遍访",
            owner_name=f"{town.name}党委",
            owner_official_id=secretaries[town.code].id,
            deadline=date(2019, 6, 6),
        ),
        ItemCreate(
            description="补齐遍访台账并上报", owner_name=f"{town.name}党委", deadline=date(2019, 6, 30)
        ),
    ]
    rectification.open_interview(
        session,
        SYSTEM,
        InterviewCreate(
            official_id=secretaries[town.code].id,
            region_code=town.code,
            interviewer="连州市委书记",
            reason="遍访贫困户进度滞后",
            source="complaint",
            held_on=date(2019, 5, 6),
            issues=["部分贫困户一年内未遍访", "遍访台账不全"],
            items=items,
        ),
    )


def load_demo(settings: SupervisionSettings, households: int) -> str:
    """Load the demo county's supervision data once; say what was done."""
    db = Database(settings.resolved_database_url(), service_context("supervision", infra, settings))
    try:
        with db.transaction(write=False) as session:
            if session.execute(select(func.count()).select_from(Official)).scalar_one():
                return "demo data present"
        rng = random.Random(441882)
        with db.transaction() as session:
            towns, villages = _regions(session)
            if not towns:
                return "no demo county in the register replica yet; nothing loaded"
            secretaries = _officials(session, towns, villages)
            _work_teams(session, villages)
            places = {v.code: _place(rng) for v in villages}
            for code, (lat, lon) in places.items():
                flags.set_place(
                    session,
                    SYSTEM,
                    code,
                    None,
                    PlaceWrite(target_kind="village", latitude=lat, longitude=lon),
                )
            stored = _visits(session, secretaries, villages, places, rng)
            _interview(session, secretaries, towns)
        return f"loaded {len(secretaries)} secretaries, 3 work teams, {stored} visits and an interview"
    finally:
        db.dispose()
