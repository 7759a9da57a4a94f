"""Issuing policy standards: a new version per change, by an administrator, never an edit (§24)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.identification.models import PolicyStandard
from services.identification.policy import repository as repo
from services.identification.policy.rules import Standard
from services.identification.policy.schemas import StandardCreate, StandardValues
from services.identification.policy.service import current_standard
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import AppError, FieldError, not_found
from shared.events.identification import PolicyStandardIssued

FIELDS = tuple(StandardValues.model_fields)


def _out_of_scope(prefix: str) -> AppError:
    return AppError(403, "region_out_of_scope", f"Region {prefix} is outside your scope",
                    f"区划 {prefix} 不在您的管辖范围内",
                    errors=[FieldError("region_prefix", "region_out_of_scope", "outside your scope",
                                       "不在管辖范围内")])


def _values(session: Session, body: StandardCreate) -> dict[str, Any]:
    """Take the figures given, the rest from the version in force for that year and prefix."""
    base = repo.applicable_standard(session, body.year, body.region_prefix)
    values = {f: getattr(base, f) for f in FIELDS} if base is not None else {}
    values.update(body.model_dump(include=set(FIELDS), exclude_none=True))
    missing = [f for f in FIELDS if f not in values]
    if missing:
        raise AppError(422, "standard_incomplete",
                       f"No earlier standard for {body.year}; give every figure: {', '.join(missing)}",
                       f"{body.year}年尚无标准，须填写全部数值：{'、'.join(missing)}",
                       errors=[FieldError(f, "missing", "required for a first version", "首个版本必填")
                               for f in missing])
    return values


def issue_standard(session: ServiceSession, caller: Caller, body: StandardCreate) -> PolicyStandard:
    """Store a new version of a year's standard for a region prefix; earlier versions stay."""
    if not caller.can_see(body.region_prefix):
        raise _out_of_scope(body.region_prefix)
    values = _values(session, body)
    version = repo.last_version(session, body.year, body.region_prefix) + 1
    row = PolicyStandard(year=body.year, region_prefix=body.region_prefix, version=version, **values,
                         reason=body.reason, created_by=caller.subject)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise AppError(409, "standard_version_conflict",
                       "Another version of this standard was issued at the same time; read and retry",
                       "同一标准的另一版本刚刚发布，请重新读取后重试") from None
    snapshot = {"year": row.year, "region_prefix": row.region_prefix, "version": version, **values}
    event = PolicyStandardIssued(standard_id=row.id, year=row.year, region_prefix=row.region_prefix,
                                 version=version, reason=body.reason)
    session.journal.record(event, actor=caller.subject, action="policy_standard.issue",
                           after=snapshot | {"reason": body.reason})
    return row


def get_standard(session: Session, standard_id: int) -> PolicyStandard:
    """Load one standard version (standards are public policy data)."""
    row = repo.get_standard(session, standard_id)
    if row is None:
        raise not_found("Policy standard", "政策标准", standard_id)
    return row


def draft_standard(session: Session, year: int, region_code: str, changes: StandardValues) -> Standard:
    """Apply a draft's figures to the standard in force, without storing anything."""
    base = current_standard(session, year, region_code)
    return replace(base, **changes.model_dump(exclude_none=True))
