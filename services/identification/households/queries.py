"""The register's read side: the household list and a household's history, in the caller's region."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from services.identification.filters import HouseholdFilter
from services.identification.households import repository as repo
from services.identification.households.service import load_in_scope
from services.identification.models import Household, HouseholdStatusChange, IncomeRecord
from shared.auth import Caller
from shared.pagination import decode_cursor, encode_cursor


def list_households(session: Session, f: HouseholdFilter, cursor: str | None,
                    limit: int) -> tuple[Sequence[Row[Any]], str | None]:
    """List households' summary rows (head's name, member count), by village then household number."""
    after = decode_cursor(cursor, 2, (str, str))
    rows = repo.list_households(session, f, (after[0], after[1]) if after else None, limit)
    last = rows[-1] if len(rows) == limit else None
    return rows, encode_cursor([last.region_code, last.household_no]) if last else None


def region_name(session: Session, household: Household) -> str:
    """Name the village a household lives in."""
    return repo.get_region(session, household.region_code).name


def status_history(session: Session, caller: Caller, household_id: uuid.UUID) -> list[HouseholdStatusChange]:
    """List every status transition of a household in scope, oldest first."""
    load_in_scope(session, caller, household_id)
    return repo.status_changes(session, household_id)


def incomes(session: Session, caller: Caller, household_id: uuid.UUID) -> list[IncomeRecord]:
    """List every revision of the income records of a household in scope."""
    load_in_scope(session, caller, household_id)
    return repo.income_records(session, household_id)
