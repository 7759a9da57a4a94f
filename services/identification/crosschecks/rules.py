"""Cross-check rules as plain functions: what a match suggests, and when two matches are one case."""

from __future__ import annotations

import hashlib
import json
import uuid

from services.identification.codes import CaseKind, CrossCheckKind

# A department match never changes the register by itself; it suggests what a cadre should verify.
SUGGESTED_KIND: dict[str, CaseKind] = {
    CrossCheckKind.DEATH: CaseKind.CORRECTION,  # the member leaves (减员); a whole household → removal
    CrossCheckKind.PUBLIC_PAYROLL: CaseKind.REMOVAL,
    CrossCheckKind.VEHICLE: CaseKind.REMOVAL,
    CrossCheckKind.PROPERTY: CaseKind.REMOVAL,
    CrossCheckKind.COMPANY: CaseKind.REMOVAL,
    CrossCheckKind.INSURANCE_MISSING: CaseKind.CORRECTION,  # enrol the person, correct the flags
}


def suggested_case_kind(check_kind: str) -> CaseKind:
    """Return the case kind a department match suggests."""
    return SUGGESTED_KIND[check_kind]


def match_key(check_kind: str, member_id: uuid.UUID, details: dict[str, str]) -> str:
    """Identify a finding: the same kind, person and details make the same case, whoever sends it again."""
    canonical = json.dumps(details, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(f"{check_kind}|{member_id}|{canonical}".encode()).hexdigest()
    return f"crosscheck:{digest}"
