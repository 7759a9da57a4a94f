"""Who belongs to the labour force: register status, labour capacity and working age (pure functions)."""

from __future__ import annotations

from datetime import date

from services.employment.catalogue import LABOUR_CAPACITY, WORKING_AGE

IN_REGISTER = ("identified", "returned")  # household statuses whose members the plan's targets count
ABLE = ("normal", "weak")  # labour capacities that can work
MIN_AGE = int(WORKING_AGE.parameters[0].default or 16)
MAX_AGE = int(WORKING_AGE.parameters[1].default or 59)


def years_before(day: date, years: int) -> date:
    """Return the same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(birth: date, day: date) -> int:
    """Return the age in whole years on a day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def born_between(day: date) -> tuple[date, date]:
    """Return the earliest exclusive and latest inclusive birth dates of working age on a day."""
    return years_before(day, MAX_AGE + 1), years_before(day, MIN_AGE)


def exclusion(household_status: str, member_active: bool, labour_capacity: str, birth: date,
              day: date) -> tuple[str, str, str, str] | None:
    """Say why a member is outside the labour force on a day (rule, code, English, Chinese), or None."""
    if household_status not in IN_REGISTER:
        return (LABOUR_CAPACITY.code, "household_not_in_register",
                f"the household is {household_status}, not in the register",
                f"该户状态为{household_status}，不在册")
    if not member_active:
        return LABOUR_CAPACITY.code, "member_left", "the member has left the household", "该成员已减员"
    if labour_capacity not in ABLE:
        return (LABOUR_CAPACITY.code, "no_labour_capacity", f"labour capacity is {labour_capacity}",
                f"劳动能力为{labour_capacity}")
    age = age_on(birth, day)
    if not MIN_AGE <= age <= MAX_AGE:
        return (WORKING_AGE.code, "outside_working_age",
                f"aged {age}, outside working age {MIN_AGE}–{MAX_AGE}",
                f"{age}周岁，不在劳动年龄{MIN_AGE}至{MAX_AGE}周岁内")
    return None
