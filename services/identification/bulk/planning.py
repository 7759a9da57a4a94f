"""Check a chunk of a file's households: schema, region, history, and in-file duplicates by claims."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from services.identification.bulk.parsers import Group, RowError
from services.identification.bulk.rules import Step, history_problem, steps_from_fields
from services.identification.bulk.schemas import ImportHousehold
from services.identification.models import MEMBER_ID_NUMBER
from shared.crypto import FieldCipher
from shared.errors import RegionOutOfScope
from shared.i18n import pydantic_message_zh


@dataclass
class Candidate:
    """A household that passed every check that needs no database."""

    group: Group
    data: ImportHousehold
    steps: list[Step]
    hashes: list[str]  # its members' ID-number lookup hashes, in order


@dataclass(frozen=True)
class Scope:
    """Where a job may write: the submitter's region and the level of each region inside it."""

    region: str
    levels: dict[str, str]


Claim = Callable[[dict[str, int]], dict[str, int]]  # repository.claim_keys bound to a job
HOUSEHOLD_NO_CLAIM = "import_claim:household_no"  # the lookup context of household numbers' claims


def check_groups(groups: list[Group], claim: Claim, cipher: FieldCipher, scope: Scope, today: date,
                 table: bool, schema: type[ImportHousehold] = ImportHousehold,
                 ) -> list[Candidate | list[RowError]]:
    """Validate a chunk of households read from the file, in file order: a Candidate or every reason.

    Each household number, then each person of a household that passed every other check, is
    claimed for its row; a key claimed by an earlier row (in this chunk or an earlier one) is an
    in-file duplicate. `schema` is ImportHousehold, or its NUL-free twin for a file without NUL.
    """
    keys = [cipher.lookup_hash(g.household_no, HOUSEHOLD_NO_CLAIM) if g.household_no else None
            for g in groups]
    first_household = _first_rows(claim, [(k, g.row) for k, g in zip(keys, groups, strict=True) if k])
    checked: list[Candidate | list[RowError]] = [
        _check_alone(g, first_household.get(k or "", g.row), cipher, scope, today, table, schema)
        for g, k in zip(groups, keys, strict=True)]
    people = [(h, c.group.row) for c in checked if isinstance(c, Candidate) for h in c.hashes]
    first_person = _first_rows(claim, people)
    return [_duplicates(c, first_person, table) if isinstance(c, Candidate) else c for c in checked]


def _first_rows(claim: Claim, keys: list[tuple[str, int]]) -> dict[str, int]:
    """Map each key to the row that first listed it in the file, claiming this chunk's keys."""
    firsts: dict[str, int] = {}
    for key, row in keys:
        firsts.setdefault(key, row)
    firsts.update(claim(firsts))
    return firsts


def _check_alone(group: Group, earlier: int, cipher: FieldCipher, scope: Scope, today: date,
                 table: bool, schema: type[ImportHousehold]) -> Candidate | list[RowError]:
    """Check a household on its own, and its number against `earlier`, the row that first used it."""
    errors = list(group.errors)
    no = group.household_no
    if no and earlier != group.row:
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
    hashes = [MEMBER_ID_NUMBER.hash(cipher, m.id_number) for m in data.members]
    return Candidate(group, data, steps, hashes)


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


def _duplicates(candidate: Candidate, first_person: dict[str, int],
                table: bool) -> Candidate | list[RowError]:
    """Reject a household listing a person an earlier household of the file listed."""
    group, errors = candidate.group, []
    for i, h in enumerate(candidate.hashes):
        earlier = first_person[h]
        if earlier != group.row:
            errors.append(RowError(_member_row(group, i), _member_field(i, "id_number", table),
                                   "person_repeated_in_file",
                                   f"This person is also listed in the household at row {earlier}",
                                   f"此人已列于第 {earlier} 行的家庭中", group.household_no))
    return errors or candidate


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
