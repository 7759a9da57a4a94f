"""The what-if queries: the household exit rule as SQL, evaluated for the whole register at once.

Each condition mirrors rules.evaluate_household_exit exactly, in integer fen: income per head
rounded half-up to the fen reaches a threshold T (fen) exactly when 2 × net >= size × (2T − 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    text,
    true,
    type_coerce,
)
from sqlalchemy.orm import Session

from services.identification.codes import UNSAFE_HOUSING, HouseholdStatus, RenovationState
from services.identification.models import Household, IncomeRecord, Member
from services.identification.policy.rules import LABOUR_CAPABLE, SAFETY_NET, Standard
from shared.pagination import prefix_upper_bound

IN_POVERTY = (HouseholdStatus.IDENTIFIED, HouseholdStatus.RETURNED)


def _fen(column: Any) -> ColumnElement[int]:
    """Read a Money column as the integer fen it is stored as."""
    return type_coerce(column, BigInteger)


def years_before(on: date, years: int) -> date:
    """Return the latest birth date that is `years` old on a day (29 February falls back to the 28th)."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


@dataclass(frozen=True)
class Sources:
    """The subqueries every what-if query joins: the year's newest income and member counts."""

    income: Any
    members: Any


def in_scope(prefix: str) -> ColumnElement[bool]:
    """Select the households in poverty inside a region prefix (a range an index serves)."""
    return and_(Household.status.in_(IN_POVERTY), Household.region_code >= prefix,
                Household.region_code < prefix_upper_bound(prefix))


def sources(year: int, on: date, prefix: str) -> Sources:
    """Build the newest income revision per household for a year and the active members' counts.

    Both aggregate only the households in scope, so a county's run does not read the province.
    """
    latest = (select(IncomeRecord.household_id, func.max(IncomeRecord.revision).label("revision"))
              .join(Household, Household.id == IncomeRecord.household_id)
              .where(IncomeRecord.year == year, in_scope(prefix))
              .group_by(IncomeRecord.household_id).subquery("latest"))
    net = (_fen(IncomeRecord.wages) + _fen(IncomeRecord.production_business)
           + _fen(IncomeRecord.property_income) + _fen(IncomeRecord.transfer_income)
           - _fen(IncomeRecord.production_costs))
    income = (select(IncomeRecord.household_id, net.label("net"), IncomeRecord.household_size.label("size"))
              .join(latest, and_(latest.c.household_id == IncomeRecord.household_id,
                                 latest.c.revision == IncomeRecord.revision))
              .where(IncomeRecord.year == year).subquery("income"))
    school_age = and_(Member.schooling == "dropped_out", Member.birth_date > years_before(on, 16),
                      Member.birth_date <= years_before(on, 6))
    members = (select(
        Member.household_id, func.count().label("people"),
        func.sum(case((Member.labour_capacity.in_(LABOUR_CAPABLE), 1), else_=0)).label("capable"),
        func.sum(case((Member.medical_insured.is_(True), 1), else_=0)).label("insured"),
        func.sum(case((school_age, 1), else_=0)).label("dropped"))
        .join(Household, Household.id == Member.household_id)
        .where(Member.active.is_(True), in_scope(prefix))
        .group_by(Member.household_id).subquery("people"))
    return Sources(income, members)


def tune_for_aggregates(session: Session) -> None:
    """On PostgreSQL, give this transaction room to hash-aggregate and keep it on one process.

    With the default 4 MB the planner walks members through the household index (random reads);
    and the aggregates sit on the inner side of the join, so each parallel worker would redo them.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL work_mem = '64MB'"))
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


def _by_region(standards: list[Standard], value: Any) -> ColumnElement[Any]:
    """Pick a standard's figure by the household's region: the most specific prefix first."""
    *specific, fallback = standards
    if not specific:
        return literal(value(fallback), type_=Integer)
    whens = [(and_(Household.region_code >= s.region_prefix,
                   Household.region_code < prefix_upper_bound(s.region_prefix)), value(s))
             for s in specific]
    return case(*whens, else_=value(fallback))


def _reaches(src: Sources, threshold_fen: ColumnElement[int]) -> ColumnElement[bool]:
    """Tell whether income per head, rounded half-up to the fen, reaches a threshold in fen."""
    inc = src.income.c
    return and_(inc.household_id.is_not(None), 2 * inc.net >= inc.size * (2 * threshold_fen - 1))


def conditions(src: Sources, standards: list[Standard]) -> dict[str, ColumnElement[bool]]:
    """Express each exit condition as SQL for the standards in force (most specific first)."""
    m = src.members.c
    exit_fen = _by_region(standards, lambda s: int(s.household_exit_threshold() * 100))
    line_fen = _by_region(standards, lambda s: int(s.identification_threshold() * 100))
    water_required = _by_region(standards, lambda s: 1 if s.safe_water_required else 0)
    safety = Household.category.in_(SAFETY_NET)
    capable = func.coalesce(m.capable, 0) > 0
    return {
        "income": or_(not_(capable), _reaches(src, exit_fen)),
        "safety_net": or_(capable, safety),
        "food_clothing": or_(safety, _reaches(src, line_fen)),
        "compulsory_education": func.coalesce(m.dropped, 0) == 0,
        "basic_medical": func.coalesce(m.insured, 0) >= func.coalesce(m.people, 0),
        "housing_safe": or_(Household.housing_grade.not_in(UNSAFE_HOUSING),
                            Household.renovation_state == RenovationState.COMPLETED),
        "safe_water": or_(water_required == 0, Household.safe_drinking_water.is_(True)),
    }


def all_of(conds: dict[str, ColumnElement[bool]]) -> ColumnElement[bool]:
    """Combine the conditions: the household passes when every one holds."""
    return and_(true(), *conds.values())


def _flag(expr: ColumnElement[bool]) -> ColumnElement[int]:
    return case((expr, 1), else_=0)


def base_query(src: Sources, prefix: str, columns: list[Any]) -> Select[Any]:
    """Select from the households in poverty inside a region prefix, joined to their sources."""
    return (select(*columns).select_from(Household)
            .outerjoin(src.income, src.income.c.household_id == Household.id)
            .outerjoin(src.members, src.members.c.household_id == Household.id)
            .where(in_scope(prefix)))


def tally_by_village(session: Session, src: Sources, prefix: str, draft: ColumnElement[bool],
                     current: ColumnElement[bool]) -> list[Any]:
    """Count households and people passing under the draft and the current standard, per village."""
    people = func.coalesce(src.members.c.people, 0)
    d, c = _flag(draft), _flag(current)
    cols = [Household.region_code, func.count().label("households"), func.sum(people).label("people"),
            func.sum(d).label("pass_households"), func.sum(d * people).label("pass_people"),
            func.sum(c).label("current_pass_households"), func.sum(c * people).label("current_pass_people"),
            func.sum(c * (1 - d)).label("changed_to_fail"), func.sum(d * (1 - c)).label("changed_to_pass")]
    stmt = base_query(src, prefix, cols).group_by(Household.region_code).order_by(Household.region_code)
    return list(session.execute(stmt).all())


def outcome_filter(outcome: str, draft: ColumnElement[bool], current: ColumnElement[bool]
                   ) -> ColumnElement[bool]:
    """Select the households behind one figure of the tally."""
    return {"pass": draft, "fail": not_(draft), "changed_to_fail": and_(current, not_(draft)),
            "changed_to_pass": and_(draft, not_(current)), "all": true()}.get(outcome, false())


def households_behind(session: Session, src: Sources, prefix: str, conds: dict[str, ColumnElement[bool]],
                      draft: ColumnElement[bool], current: ColumnElement[bool], outcome: str,
                      after_no: str | None, limit: int) -> list[Any]:
    """List the households behind a figure, in household-number order, with each condition's result."""
    cols = [Household.id, Household.household_no, Household.region_code,
            func.coalesce(src.members.c.people, 0).label("people"), src.income.c.net, src.income.c.size,
            _flag(draft).label("draft_passed"), _flag(current).label("current_passed"),
            *[_flag(expr).label(f"ok_{code}") for code, expr in conds.items()]]
    stmt = base_query(src, prefix, cols).where(outcome_filter(outcome, draft, current))
    if after_no is not None:
        stmt = stmt.where(Household.household_no > after_no)
    return list(session.execute(stmt.order_by(Household.household_no).limit(limit)).all())
