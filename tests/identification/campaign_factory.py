"""Register households straight through the service layer, for campaign, cross-check and monitoring tests."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from services.identification.demo import SYSTEM, compose_id_number
from services.identification.households import service
from services.identification.households.schemas import HouseholdCreate, IncomeCreate, MemberCreate

_serials = itertools.count(1)


def new_id_number(birth: date | None = None) -> str:
    """Return a fresh valid ID number (unique within a test run)."""
    n = next(_serials)
    born = birth or date(1960, 1, 1) + timedelta(days=n)
    return compose_id_number("441882", born, 2 * (n % 400) + 1)


@dataclass
class Person:
    """A member to register."""

    relation: str = "head"
    health_status: str = "healthy"
    id_number: str = field(default_factory=new_id_number)
    name: str = "张三"


def make_household(db: Any, village: str = "441882100201", *, status: str = "identified",
                   category: str = "general", cause: str = "illness", exited_on: date | None = None,
                   pathway: str | None = None, people: list[Person] | None = None,
                   incomes: dict[int, tuple[str, int]] | None = None) -> uuid.UUID:
    """Register a household, move it to a status, and record incomes {year: (net yuan, size)}."""
    people = people or [Person()]
    body = HouseholdCreate(
        region_code=village, address="测试村1号", category=category, primary_cause=cause,
        safe_drinking_water=True,
        members=[MemberCreate(name=p.name, id_number=p.id_number, relation=p.relation,
                              labour_capacity="normal", health_status=p.health_status,
                              disability_grade=2 if p.health_status == "disabled" else None)
                 for p in people])
    with db.transaction() as session:
        household, _ = service.create_household(session, SYSTEM, body)
        if status != "candidate":
            service.record_status(session, household, "identified", SYSTEM.subject, date(2016, 6, 30))
            household.identified_on = date(2016, 6, 30)
        if status in ("exited", "returned", "removed"):
            exit_day = exited_on or date(2019, 12, 20)
            service.record_status(session, household, "exited", SYSTEM.subject, exit_day)
            household.exited_on, household.exit_pathway = exit_day, pathway or "industry"
        if status in ("returned", "removed"):
            service.record_status(session, household, status, SYSTEM.subject, date(2020, 6, 1))
        for year, (net, size) in (incomes or {}).items():
            service.add_income(session, SYSTEM, household.id, IncomeCreate(
                year=year, wages=Decimal(net), production_business=Decimal(0), property_income=Decimal(0),
                transfer_income=Decimal(0), production_costs=Decimal(0), household_size=size))
        return household.id
