"""Issuing policy standards: a new version per change, by an administrator, never an edit (§24)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from services.identification.models import PolicyStandard
from services.identification.policy import repository as repo
from services.identification.policy.errors import StandardIncomplete, StandardVersionConflict
from services.identification.policy.rules import Standard
from services.identification.policy.schemas import StandardCreate, StandardValues
from services.identification.policy.service import current_standard
from shared.auth import Caller
from shared.db import ServiceSession
from shared.errors import FieldError, RegionOutOfScope, invalid, not_found
from shared.events.identification import PolicyStandardIssued
from shared.pagination import decode_cursor, encode_cursor

FIELDS = tuple(StandardValues.model_fields)
# A condition the plan does not contain: off unless a version switches it on with its source.
SHARE, SHARE_SOURCE = "village_remaining_poor_share_max", "village_remaining_poor_share_source"
REQUIRED = tuple(f for f in FIELDS if f not in (SHARE, SHARE_SOURCE))


def _switch(body: StandardCreate) -> dict[str, Any]:
    """Return the share condition as the body sets it: on with its source, off, or not mentioned."""
    share, source = body.village_remaining_poor_share_max, body.village_remaining_poor_share_source
    if share is not None and source is None:
        raise invalid(SHARE_SOURCE, "rule_source_required",
                      "The households-still-poor condition is not in the Guangdong plan; name the document "
                      "that sets it (title, issuer, date)",
                      "未脱贫户占比条件不在广东省三年行动方案中，启用时须注明依据文件（名称、发文机关、日期）")
    if source is not None and share is None:
        raise invalid(SHARE_SOURCE, "rule_source_without_condition",
                      "A source is recorded only with the share it switches on",
                      "只有启用未脱贫户占比上限时才能填写其依据")
    if share is not None or SHARE in body.model_fields_set:
        return {SHARE: share, SHARE_SOURCE: source}
    return {}


def _values(session: Session, body: StandardCreate) -> dict[str, Any]:
    """Take the figures given, the rest from the version in force for that year and prefix."""
    base = repo.applicable_standard(session, body.year, body.region_prefix)
    values = {f: getattr(base, f) for f in FIELDS} if base is not None else {SHARE: None, SHARE_SOURCE: None}
    values.update(body.model_dump(include=set(REQUIRED), exclude_none=True))
    values.update(_switch(body))
    missing = [f for f in REQUIRED if f not in values]
    if missing:
        raise StandardIncomplete(
            f"No earlier standard for {body.year}; give every figure: {', '.join(missing)}",
            f"{body.year}年尚无标准，须填写全部数值：{'、'.join(missing)}",
            errors=[FieldError(f, "missing", "required for a first version", "首个版本必填")
                    for f in missing])
    return values


def issue_standard(session: ServiceSession, caller: Caller, body: StandardCreate) -> PolicyStandard:
    """Store a new version of a year's standard for a region prefix; earlier versions stay."""
    if not caller.can_see(body.region_prefix):
        raise RegionOutOfScope("region_prefix", body.region_prefix)
    values = _values(session, body)
    version = repo.last_version(session, body.year, body.region_prefix) + 1
    row = PolicyStandard(year=body.year, region_prefix=body.region_prefix, version=version, **values,
                         reason=body.reason, created_by=caller.subject)
    session.flush_unique(lambda: StandardVersionConflict(
        "Another version of this standard was issued at the same time; read and retry",
        "同一标准的另一版本刚刚发布，请重新读取后重试"), row)
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


def list_standards(session: Session, year: int | None, region_prefix: str | None, cursor: str | None,
                   limit: int) -> tuple[list[PolicyStandard], str | None]:
    """List every version of the standards by year, region prefix and version."""
    after = decode_cursor(cursor, 3, (int, str, int))
    rows = repo.list_standards(session, year, region_prefix, tuple(after) if after else None, limit)
    last = rows[-1] if len(rows) == limit else None
    return rows, encode_cursor([last.year, last.region_prefix, last.version]) if last else None
