"""The demo county (连州市): its towns and villages, and households with valid ID numbers."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum.cn import ric

from services.identification.codes import (
    Education,
    Employment,
    ExitPathway,
    HealthStatus,
    HouseholdCategory,
    HouseholdStatus,
    HousingGrade,
    LabourCapacity,
    PovertyCause,
    Relation,
    RenovationState,
    Schooling,
)
from services.identification.households import service
from services.identification.households.schemas import HouseholdCreate, IncomeCreate, MemberCreate
from services.identification.models import Household, NaturalVillage, Region, infra
from services.identification.policy import service as policy_service
from services.identification.policy.schemas import VillageIncomeCreate
from services.identification.regions import service as regions_service
from services.identification.regions.reference import read_csv
from services.identification.settings import IdentificationSettings
from shared.auth import Caller, permissions_for
from shared.concurrency import etag_for
from shared.db import Database, ServiceSession, service_context

DEMO_COUNTY = "441882"
SYSTEM = Caller(subject="demo-loader", roles=frozenset({"admin"}), region="44",
                permissions=permissions_for({"admin"}, set()))


def compose_id_number(area: str, birth: date, serial: int) -> str:
    """Build a valid 18-character ID number (odd serial: male, even: female)."""
    body = f"{area}{birth:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum ignores the last character


def load_demo_regions(session: Session) -> None:
    """Insert the demo county's towns, villages and natural villages (idempotent)."""
    if session.get(Region, "441882100000") is not None:
        return
    flag = {"true": True, "false": False}
    for row in read_csv("demo_villages.csv"):
        session.add(Region(
            code=row["code"], name=row["name"], level=row["level"], parent_code=row["parent_code"],
            relatively_poor=flag[row["relatively_poor"]],
            old_revolutionary_base=flag[row["old_revolutionary_base"]],
            central_soviet_area=flag[row["central_soviet_area"]],
            ethnic_minority_area=flag[row["ethnic_minority_area"]], tidy_village=False,
            next_household_serial=1))
        session.flush()
    for row in read_csv("demo_natural_villages.csv"):
        session.add(NaturalVillage(village_code=row["village_code"], name=row["name"],
                                   households=int(row["households"]),
                                   hardened_road=flag[row["hardened_road"]]))


class _People:
    """Draws plausible people with unique, valid ID numbers."""

    def __init__(self, rng: random.Random) -> None:
        from faker import Faker

        self.rng = rng
        self.faker = Faker("zh_CN")
        self.faker.seed_instance(rng.randint(0, 2**31))
        self.used: set[str] = set()

    def id_number(self, birth: date, male: bool) -> str:
        while True:
            serial = self.rng.randrange(1 if male else 0, 999, 2)
            number = compose_id_number(DEMO_COUNTY, birth, serial)
            if number not in self.used:
                self.used.add(number)
                return number

    def person(self, relation: Relation, age: int, male: bool, surname: str | None) -> MemberCreate:
        birth = date.today() - timedelta(days=age * 365 + self.rng.randrange(365))
        given = self.faker.first_name_male() if male else self.faker.first_name_female()
        name = (surname or self.faker.last_name()) + given
        labour = (LabourCapacity.NONE if age < 16 else LabourCapacity.LOST if age > 75
                  else self.rng.choice([LabourCapacity.NORMAL] * 6 + [LabourCapacity.WEAK] * 2
                                       + [LabourCapacity.LOST]))
        health = self.rng.choice([HealthStatus.HEALTHY] * 7 + [HealthStatus.CHRONIC_ILLNESS,
                                                               HealthStatus.SERIOUS_ILLNESS,
                                                               HealthStatus.DISABLED])
        school_age = 6 <= age <= 15
        return MemberCreate(
            name=name, id_number=self.id_number(birth, male), relation=relation,
            education=Education.PRIMARY if age >= 6 else Education.PRESCHOOL,
            schooling=Schooling.ENROLLED if school_age else Schooling.NOT_SCHOOL_AGE,
            health_status=health, disability_grade=self.rng.randint(1, 4) if health == "disabled" else None,
            illness="高血压" if health == HealthStatus.CHRONIC_ILLNESS else None,
            labour_capacity=labour, pension_insured=age >= 16, medical_insured=True,
            critical_illness_insured=True,
            employment=(Employment.NOT_APPLICABLE if labour in ("none", "lost")
                        else self.rng.choice(list(Employment)[:5])),
            phone=f"13{self.rng.randrange(10**8, 10**9)}" if relation == Relation.HEAD else None,
        )

    def household(self, village: str) -> HouseholdCreate:
        surname = self.faker.last_name()
        head_age = self.rng.randint(28, 80)
        members = [self.person(Relation.HEAD, head_age, True, surname)]
        if self.rng.random() < 0.8:
            members.append(self.person(Relation.SPOUSE, head_age - self.rng.randint(0, 5), False, None))
        for _ in range(self.rng.choice([0, 1, 1, 2, 2, 3])):
            male = self.rng.random() < 0.5
            child_age = max(0, head_age - self.rng.randint(22, 35))
            members.append(self.person(Relation.SON if male else Relation.DAUGHTER, child_age, male, surname))
        grade = self.rng.choice([HousingGrade.GRADE_A] * 5 + [HousingGrade.GRADE_B] * 3
                                + [HousingGrade.GRADE_C, HousingGrade.GRADE_D])
        return HouseholdCreate(
            region_code=village, address=f"{self.faker.street_name()}{self.rng.randint(1, 99)}号",
            category=self.rng.choice([HouseholdCategory.GENERAL] * 6
                                     + [HouseholdCategory.MINIMUM_LIVING_GUARANTEE] * 3
                                     + [HouseholdCategory.EXTREME_POVERTY_SUPPORT]),
            primary_cause=self.rng.choice(list(PovertyCause)),
            housing_grade=grade,
            renovation_state=(RenovationState.IN_PROGRESS if grade in ("grade_c", "grade_d")
                              else RenovationState.NOT_NEEDED),
            safe_drinking_water=self.rng.random() < 0.9,
            helper_name=self.faker.name(), phone=members[0].phone,
            bank_name="连州农村商业银行",
            bank_account=f"6228{self.rng.randrange(10**14, 10**15)}", members=members,
        )


def _history(session: Session, household: object, rng: random.Random) -> None:
    """Give a demo household a plausible past: identified in 2016, maybe exited since."""
    service.record_status(session, household, HouseholdStatus.IDENTIFIED, SYSTEM.subject,  # type: ignore[arg-type]
                          date(2016, 6, 30), reason="2016 精准识别", reference="demo-import")
    household.identified_on = date(2016, 6, 30)  # type: ignore[attr-defined]
    if rng.random() < 0.55:
        year = rng.choice([2018, 2019, 2020])
        service.record_status(session, household, HouseholdStatus.EXITED, SYSTEM.subject,  # type: ignore[arg-type]
                              date(year, 12, 20), reason=f"{year} 年度脱贫", reference="demo-import")
        household.exited_on = date(year, 12, 20)  # type: ignore[attr-defined]
        household.exit_pathway = rng.choice(list(ExitPathway))  # type: ignore[attr-defined]


def _income(rng: random.Random, year: int) -> IncomeCreate:
    def yuan(low: int, high: int) -> Decimal:
        return Decimal(rng.randrange(low * 100, high * 100)) / 100

    return IncomeCreate(year=year, wages=yuan(3000, 30000), production_business=yuan(0, 8000),
                        property_income=yuan(0, 1500), transfer_income=yuan(500, 6000),
                        production_costs=yuan(0, 3000), note="demo")


def load_demo_village_progress(session: ServiceSession) -> None:
    """Record some relatively poor villages' incomes for 2018–2020 and tidy-village standard (idempotent).

    东塘村 and 江夏村 meet the plan's three exit conditions in 2020 (60% of 20,143 = 12,085.80 a head,
    hardened roads to every natural village of 20+ households, tidy village) while some of their
    households are still poor; 麻步村 is not yet tidy and 瑶安村's income is below the line.
    """
    for row in read_csv("demo_village_progress.csv"):
        code = row["village_code"]
        if policy_service.village_incomes(session, SYSTEM, code):
            continue
        if row["tidy_village"] == "true":
            region = session.get(Region, code)
            regions_service.update_village(session, SYSTEM, code, etag_for(region.version),  # type: ignore[union-attr]
                                           {"tidy_village": True})
        for year in (2018, 2019, 2020):
            policy_service.record_village_income(session, SYSTEM, code, VillageIncomeCreate(
                year=year, income_per_head=Decimal(row[f"income_{year}"]), source="demo: 村级统计"))


def load_demo_households(db: Database, count: int = 2000, seed: int = 20181) -> int:
    """Register `count` demo households across the demo villages; return how many were added."""
    with db.transaction() as session:
        load_demo_regions(session)
        load_demo_village_progress(session)
        villages = list(session.execute(
            select(Region.code).where(Region.level == "village", Region.code.startswith(DEMO_COUNTY))
        ).scalars())
    rng = random.Random(seed)
    people = _People(rng)
    added = 0
    while added < count:
        with db.transaction() as session:
            for _ in range(min(200, count - added)):
                draft = people.household(rng.choice(villages))
                household, _name = service.create_household(session, SYSTEM, draft)
                _history(session, household, rng)
                for year in (2017, 2018, 2019, 2020):
                    service.add_income(session, SYSTEM, household.id, _income(rng, year))
                added += 1
    return added


def load_demo(settings: IdentificationSettings, households: int) -> str:
    """Load the demo county into an empty register; say what was done (`python -m services demo`)."""
    db = Database(settings.resolved_database_url(), service_context("identification", infra, settings))
    try:
        with db.transaction(write=False) as session:
            existing = session.execute(select(func.count()).select_from(Household)).scalar_one()
        if existing:
            return f"demo data present ({existing} households)"
        started = time.perf_counter()
        added = load_demo_households(db, households)
        return f"loaded {added} demo households in {time.perf_counter() - started:.0f}s"
    finally:
        db.dispose()
