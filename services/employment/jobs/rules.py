"""A position's terms that hold together: age range, period, public-welfare kind, openings (pure)."""

from __future__ import annotations

from datetime import date

from services.employment.codes import PositionKind
from shared.errors import FieldError


def terms_errors(kind: str, public_welfare_kind: str | None, min_age: int, max_age: int, starts_on: date,
                 ends_on: date | None, openings: int, filled: int) -> list[FieldError]:
    """Name each field whose value contradicts another (empty when the terms hold together)."""
    errors = []
    if min_age > max_age:
        errors.append(FieldError("max_age", "age_range_inverted", f"max_age {max_age} is below min_age "
                                 f"{min_age}", f"最高年龄{max_age}低于最低年龄{min_age}"))
    if ends_on is not None and ends_on < starts_on:
        errors.append(FieldError("ends_on", "period_inverted", "ends_on is before starts_on",
                                 "结束日期早于开始日期"))
    if (kind == PositionKind.PUBLIC_WELFARE) != (public_welfare_kind is not None):
        errors.append(FieldError("public_welfare_kind", "public_welfare_kind_mismatch",
                                 "A public-welfare position names its kind of work, and only it does",
                                 "公益性岗位须填写岗位类别，其他岗位不填"))
    if openings < filled:
        errors.append(FieldError("openings", "openings_below_filled",
                                 f"openings {openings} is below the {filled} already filled",
                                 f"岗位数{openings}少于已录用的{filled}人"))
    return errors
