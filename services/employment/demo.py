"""The demo county's employment data: employers, positions of every kind, registered labourers, a
training programme with trainees, counsellors and placements at every step (`make run`, idempotent).

It builds on the register replica, so `make run` loads it once employment's consumers have caught up.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from stdnum.cn import uscc

from services.employment.codes import Skill
from services.employment.counselling import service as counselling
from services.employment.counselling.schemas import ContactCreate, CounsellorAssign
from services.employment.jobs import service as jobs
from services.employment.jobs.schemas import EmployerCreate, PositionCreate
from services.employment.labour import service as labour
from services.employment.labour.repository import get_labourer, labour_force_page
from services.employment.labour.schemas import LabourerCreate
from services.employment.matching.service import jobs_for
from services.employment.models import Employer, infra
from services.employment.placements import service as placements
from services.employment.placements.schemas import FollowUpCreate, PlacementCreate
from services.employment.settings import EmploymentSettings
from services.employment.training import service as training
from services.employment.training.schemas import (
    AppraisalCreate,
    AttendanceCreate,
    EnrolmentCreate,
    ProgrammeCreate,
    SubsidyCreate,
)
from shared.auth import Caller, permissions_for
from shared.db import Database, ServiceSession, service_context

SYSTEM = Caller(
    subject="demo-loader",
    roles=frozenset({"admin"}),
    region="44",
    permissions=permissions_for({"admin"}, set()),
)
COUNTY = "441882"
SKILLS = [s.value for s in Skill]
# Employers: (credit code stem of 17 characters, name, kind, region).
EMPLOYERS = [
    ("91441882MA4W1XQ32", "连州市巧手制衣扶贫车间有限公司", "enterprise", "441882100"),
    ("93441882MA51R2K7X", "连州市星子镇茶叶专业合作社", "cooperative", "441882101"),
    ("11441882007023881", "连州市公路事务中心", "public_institution", "441882"),
    ("91441900MA4UJ9Q85", "东莞市长安精密电子有限公司", "enterprise", "441900"),
    ("91440606MA52GFC4X", "佛山市顺德区美家家政服务有限公司", "enterprise", "440606"),
]
# Positions: (employer index, title, kind, public-welfare kind, place, wage, skills, openings, extra).
POSITIONS = [
    (0, "缝纫工", "workshop", None, "441882100", "2800.00", ["sewing"], 20, {}),
    (0, "来料加工（居家）", "home_based", None, "441882", "1500.00", ["handicraft"], 30, {"health": "any"}),
    (
        1,
        "茶园管护工",
        "employment_base",
        None,
        "441882101",
        "2600.00",
        ["tea_processing", "crop_farming"],
        15,
        {},
    ),
    (2, "乡村道路养护员", "public_welfare", "road_upkeep", "441882", "1800.00", [], 12, {"max_age": 65}),
    (
        2,
        "生态护林员",
        "public_welfare",
        "forest_ranger",
        "441882",
        "1700.00",
        ["forestry"],
        10,
        {"max_age": 65},
    ),
    (2, "村庄保洁员", "public_welfare", "cleaning", "441882", "1600.00", ["cleaning"], 25, {"max_age": 65}),
    (
        3,
        "电子装配普工",
        "ordinary",
        None,
        "441900",
        "4800.00",
        ["electronics_assembly"],
        60,
        {"max_age": 45, "health": "healthy", "min_education": "junior_secondary", "target_regions": ["4418"]},
    ),
    (
        4,
        "家政服务员",
        "ordinary",
        None,
        "440606",
        "5200.00",
        ["domestic_service"],
        20,
        {"min_age": 20, "max_age": 55, "health": "no_serious_illness"},
    ),
]
PROGRAMME = ProgrammeCreate(
    name="2019年连州市家政服务免费培训班",
    kind="domestic_service",
    skill="domestic_service",
    provider="连州市职业技术学校",
    region_code=COUNTY,
    starts_on=date(2019, 4, 1),
    ends_on=date(2019, 4, 30),
    sessions=10,
    sessions_to_complete=8,
    capacity=40,
    training_subsidy=Decimal("1200.00"),
    appraisal_subsidy=Decimal("300.00"),
)


def _employers_and_positions(session: ServiceSession) -> None:
    ids = []
    for stem, name, kind, region in EMPLOYERS:
        code = stem + uscc.calc_check_digit(stem)
        ids.append(
            jobs.register_employer(
                session, SYSTEM, EmployerCreate(credit_code=code, name=name, kind=kind, region_code=region)
            ).id
        )
    for owner, title, kind, work, place, wage, skills, openings, extra in POSITIONS:
        jobs.post_position(
            session,
            SYSTEM,
            PositionCreate(
                employer_id=ids[owner],
                title=title,
                kind=kind,
                public_welfare_kind=work,
                region_code=place,
                monthly_wage=Decimal(wage),
                required_skills=skills,
                openings=openings,
                starts_on=date(2019, 3, 1),
                **extra,
            ),
        )


def _register_labourers(session: ServiceSession, rng: random.Random, count: int, today: date) -> list:
    people = [p for p, _ in labour_force_page(session, today, COUNTY, None, None, count)]
    for person in people:
        labour.register(
            session,
            SYSTEM,
            LabourerCreate(
                member_id=person.member_id,
                skills=rng.sample(SKILLS, rng.randrange(0, 3)),
                education=rng.choice(["primary", "junior_secondary", "junior_secondary", "senior_secondary"]),
                wants_work=rng.random() < 0.85,
                wants_training=rng.random() < 0.6,
                places=rng.sample(
                    ["home_county", "home_city", "pearl_river_delta", "anywhere"], rng.randrange(1, 3)
                ),
                wage_expectation=Decimal(rng.randrange(20, 50) * 100),
            ),
            today,
        )
    return people


def _train(session: ServiceSession, members: list, today: date) -> None:
    programme = training.create_programme(session, SYSTEM, PROGRAMME)
    for n, member in enumerate(members[:12]):
        enrolment = training.enrol(
            session, SYSTEM, programme.id, EnrolmentCreate(member_id=member, on=date(2019, 3, 20)), today
        )
        if n >= 9:
            continue  # three still in training
        for session_no in range(1, 10):
            enrolment = training.attend(
                session,
                SYSTEM,
                enrolment.id,
                f'"{enrolment.version}"',
                AttendanceCreate(session=session_no, on=date(2019, 4, 1 + session_no)),
            )
        enrolment = training.complete(
            session, SYSTEM, enrolment.id, f'"{enrolment.version}"', date(2019, 4, 30)
        )
        training.grant_subsidy(
            session, SYSTEM, enrolment.id, SubsidyCreate(kind="training", on=date(2019, 5, 15))
        )
        if n < 6:
            enrolment = training.appraise(
                session,
                SYSTEM,
                enrolment.id,
                f'"{enrolment.version}"',
                AppraisalCreate(on=date(2019, 5, 10), result="passed", certificate_level="level_5"),
            )
            training.grant_subsidy(
                session, SYSTEM, enrolment.id, SubsidyCreate(kind="appraisal", on=date(2019, 5, 15))
            )


def _counsel_and_place(session: ServiceSession, members: list, today: date) -> int:
    placed = 0
    for n, member in enumerate(members[:40]):
        counselling.assign(
            session,
            SYSTEM,
            member,
            None,
            CounsellorAssign(
                counsellor=f"helper-{n % 5:04d}",
                counsellor_name=["张丽", "陈伟", "李强", "黄敏", "吴芳"][n % 5],
                on=date(2019, 3, 1),
            ),
        )
        counselling.log_contact(
            session,
            SYSTEM,
            member,
            ContactCreate(
                contacted_on=date(2019, 3, 5),
                channel="visit",
                summary="入户了解就业意向，讲解就业扶持政策",
                next_contact_on=date(2019, 4, 5),
            ),
        )
        best = jobs_for(session, SYSTEM, member, 1, today).items
        if not best:
            continue
        p = placements.recommend(
            session,
            SYSTEM,
            PlacementCreate(member_id=member, position_id=best[0].position_id, on=date(2019, 3, 10)),
            today,
        )
        steps = n % 4  # 0: recommended, 1: applied, 2: hired, 3: employed and followed up
        if steps >= 1:
            p = placements.apply(session, SYSTEM, p.id, f'"{p.version}"', date(2019, 3, 12))
        if steps >= 2:
            p = placements.hire(session, SYSTEM, p.id, f'"{p.version}"', date(2019, 3, 15), today)
        if steps >= 3:
            p = placements.start(session, SYSTEM, p.id, f'"{p.version}"', date(2019, 3, 20))
            p = placements.follow_up(
                session,
                SYSTEM,
                p.id,
                f'"{p.version}"',
                FollowUpCreate(month=3, on=date(2019, 6, 21), still_employed=True),
            )
        placed += 1
    return placed


def _wants(session: ServiceSession, member: object, what: str) -> bool:
    labourer = get_labourer(session, member)  # type: ignore[arg-type]
    return labourer is not None and bool(getattr(labourer, f"wants_{what}"))


def load_demo(settings: EmploymentSettings, households: int) -> str:
    """Load the demo county's employment data once; say what was done (`python -m services run`)."""
    db = Database(settings.resolved_database_url(), service_context("employment", infra, settings))
    today = date.today()
    try:
        with db.transaction(write=False) as session:
            if session.execute(select(func.count()).select_from(Employer)).scalar_one():
                return "demo data present"
        rng = random.Random(2019)
        with db.transaction() as session:
            _employers_and_positions(session)
            people = _register_labourers(session, rng, min(300, households), today)  # type: ignore[arg-type]
        willing = [p.member_id for p in people]
        with db.transaction() as session:
            trainees = [m for m in willing if _wants(session, m, "training")]
            _train(session, trainees, today)
        with db.transaction() as session:
            workers = [m for m in willing if _wants(session, m, "work")]
            placed = _counsel_and_place(session, workers, today)
        return (
            f"loaded {len(EMPLOYERS)} employers, {len(POSITIONS)} positions, {len(people)} labourers, "
            f"1 programme, {placed} placements"
        )
    finally:
        db.dispose()
