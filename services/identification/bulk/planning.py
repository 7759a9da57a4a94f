"""Check one household of a file on its own: schema, region, in-file duplicates, history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from services.identification.bulk.parsers import Group, RowError
from services.identification.bulk.rules import InFileIndex, Step, history_problem, steps_from_fields
from services.identification.bulk.schemas import ImportHousehold
from shared.errors import RegionOutOfScope
from shared.i18n import pydantic_message_zh


@dataclass
class Candidate:
    """A household that passed every check that needs no database."""

    group: Group
    data: ImportHousehold
    steps: list[Step]


@dataclass(frozen=True)
class Scope:
    """Where a job may write: the submitter's region and the level of each region inside it."""

    region: str
    levels: dict[str, str]


def check_group(group: Group, index: InFileIndex, scope: Scope, today: date, table: bool,
                schema: type[ImportHousehold] = ImportHousehold) -> Candidate | list[RowError]:
    """Validate a household read from the file, or return every reason it is rejected.

    `schema` is ImportHousehold, or its NUL-free twin for a file known to hold no NUL.
    """
    errors = list(group.errors)
    no = group.household_no
    if no:
        earlier = index.claim_household(no, group.row)
        if earlier is not None:
            errors.append(RowError(group.row, "household_no", "household_no_repeated",
                                   f"Household {no} already appeared at row {earlier}; list a "
                                   "household's members together",
                                   f"户编号 {no} 已在第 {earlier} 行出现；同一户的成员须连续排列", no))
    if errors:
        return errors
    try:
        data = schema.model_validate({**group.household, "members": group.members})
    except ValidationError as exc:
        return [_schema_error(group, err, table) for err in exc.errors()]
    errors = _region_errors(group, data, scope)
    steps = _steps(data, today)
    problem = history_problem(None, steps)
    if problem is not None:
        errors.append(RowError(group.row, "history", "history_invalid",
                               f"The status history is not a valid lifecycle ({problem})",
                               f"状态变更历史不符合生命周期（{problem}）", no))
    if errors:
        return errors
    errors = _duplicates(group, data, index, table)
    return errors or Candidate(group, data, steps)


def _steps(data: ImportHousehold, today: date) -> list[Step]:
    if data.history:
        return [Step(h.to_status, h.effective_on, h.reason, h.reference) for h in data.history]
    return steps_from_fields(data.status, data.identified_on, data.exited_on, today)


def _region_errors(group: Group, data: ImportHousehold, scope: Scope) -> list[RowError]:
    code = data.region_code
    level = scope.levels.get(code)
    if level == "village":
        return []
    if code.startswith(scope.region) and level is None:
        return [RowError(group.row, "region_code", "region_unknown", f"Region {code} does not exist",
                         f"区划代码 {code} 不存在", group.household_no)]
    if code.startswith(scope.region):
        return [RowError(group.row, "region_code", "region_not_village",
                         f"Region {code} is not a village", f"区划代码 {code} 不是行政村",
                         group.household_no)]
    refused = RegionOutOfScope("region_code", code)  # the API's words for the same refusal
    return [RowError(group.row, "region_code", refused.code, refused.message, refused.message_zh,
                     group.household_no)]


def _duplicates(group: Group, data: ImportHousehold, index: InFileIndex,
                table: bool) -> list[RowError]:
    errors = []
    for i, member in enumerate(data.members):
        earlier = index.claim_person(member.id_number, group.row)
        if earlier is not None:
            errors.append(RowError(_member_row(group, i), _member_field(i, "id_number", table),
                                   "person_repeated_in_file",
                                   f"This person is also listed in the household at row {earlier}",
                                   f"此人已列于第 {earlier} 行的家庭中", group.household_no))
    return errors


def _member_row(group: Group, i: int) -> int:
    return group.member_rows[i] if i < len(group.member_rows) else group.row


def _member_field(i: int, name: str, table: bool) -> str:
    return name if table else f"members[{i}].{name}"


def _schema_error(group: Group, err: Any, table: bool) -> RowError:
    """Place a pydantic error on the file row and column it came from."""
    loc: Sequence[Any] = err.get("loc", ())
    row, field = group.row, ".".join(str(p) for p in loc) or "household"
    if len(loc) >= 2 and loc[0] == "members" and isinstance(loc[1], int):
        row = _member_row(group, loc[1])
        rest = ".".join(str(p) for p in loc[2:])
        field = (rest or "member") if table else f"members[{loc[1]}]" + (f".{rest}" if rest else "")
    code = "missing_field" if err.get("type") == "missing" else err.get("type", "invalid")
    return RowError(row, field, code, err.get("msg", "invalid value"), pydantic_message_zh(err),
                    group.household_no)
