"""Verification: recompute the audit chain and report the first entry altered, removed or inserted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.infra import InfraTables
from shared.journal.canonical import GENESIS_HASH, entry_hash


@dataclass(frozen=True)
class ChainReport:
    """The outcome of re-checking the audit chain."""

    ok: bool
    entries_checked: int
    head_seq: int
    first_bad_seq: int | None = None
    reason: str | None = None


def _audit_rows(session: Session, infra: InfraTables, batch: int = 5000) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        rows = session.execute(
            select(infra.audit).where(infra.audit.c.seq > last).order_by(infra.audit.c.seq).limit(batch)
        ).mappings().all()
        if not rows:
            return
        for row in rows:
            yield dict(row)
        last = rows[-1]["seq"]


def verify_chain(session: Session, infra: InfraTables) -> ChainReport:
    """Recompute every audit hash; report the first entry altered, removed or inserted."""
    head = session.execute(select(infra.chain_head).where(infra.chain_head.c.id == 1)).one()
    expected_seq, prev, checked = 1, GENESIS_HASH, 0
    for row in _audit_rows(session, infra):
        if row["seq"] != expected_seq:
            return ChainReport(False, checked, head.audit_seq, expected_seq, "entry missing")
        if row["seq"] > head.audit_seq:
            return ChainReport(False, checked, head.audit_seq, row["seq"], "entry beyond the chain head")
        if row["prev_hash"] != prev or entry_hash(prev, row) != row["hash"]:
            return ChainReport(False, checked, head.audit_seq, row["seq"], "entry altered")
        prev, expected_seq, checked = row["hash"], expected_seq + 1, checked + 1
    if checked != head.audit_seq or prev != head.audit_hash:
        return ChainReport(False, checked, head.audit_seq, checked + 1, "entries missing at the end")
    return ChainReport(True, checked, head.audit_seq)
