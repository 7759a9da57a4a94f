"""Verification: re-check the audit chain against its seals and checkpoints, from where it last ended."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.infra import InfraTables
from shared.journal.anchoring import AuditAnchor, Published, Verified
from shared.journal.canonical import GENESIS_HASH, entry_hash
from shared.journal.jetstream import StreamHeads, StreamUnreachable


@dataclass(frozen=True)
class ChainReport:
    """The outcome of re-checking the audit chain, and how much of it is anchored outside the database."""

    ok: bool
    entries_checked: int
    head_seq: int
    first_bad_seq: int | None = None
    reason: str | None = None
    # On success: the newest entry a published checkpoint holds, and where the entries not yet
    # anchored begin (None when every entry is); unknown (None) on a failure.
    anchored_seq: int | None = None
    unanchored_from: int | None = None


def _audit_rows(session: Session, infra: InfraTables, after: int,
                batch: int = 5000) -> Iterator[dict[str, Any]]:
    last = after
    while True:
        rows = session.execute(
            select(infra.audit).where(infra.audit.c.seq > last).order_by(infra.audit.c.seq).limit(batch)
        ).mappings().all()
        if not rows:
            return
        for row in rows:
            yield dict(row)
        last = rows[-1]["seq"]


def _entry(session: Session, infra: InfraTables, seq: int) -> dict[str, Any] | None:
    row = session.execute(select(infra.audit).where(infra.audit.c.seq == seq)).mappings().one_or_none()
    return None if row is None else dict(row)


@dataclass
class _Walk:
    """The state of one verification walking the chain."""

    anchor: AuditAnchor
    sealed_from: int | None
    published: dict[int, str]
    head_seq: int
    head_hash: str
    checked: int = 0
    sealing_seen: bool = False

    def fault(self, row: dict[str, Any], prev: str) -> str | None:
        """Name what is wrong with an entry given the hash before it, or None."""
        if row["prev_hash"] != prev or entry_hash(prev, row) != row["hash"]:
            return "entry altered"
        seal = row.get("seal")
        if seal is None:
            # Unsealed entries are those written before sealing began, and only those.
            if self.sealing_seen or (self.sealed_from is not None and row["seq"] >= self.sealed_from):
                return "entry altered"
        elif not hmac.compare_digest(seal, self.anchor.key.seal(row["seq"], row["hash"])):
            return "entry altered"
        else:
            self.sealing_seen = True
        if self.published.get(row["seq"], row["hash"]) != row["hash"]:
            return "entry differs from its published checkpoint"
        return None

    def report(self, bad_seq: int, reason: str) -> ChainReport:
        """Report a fault found at a seq."""
        return ChainReport(False, self.checked, self.head_seq, bad_seq, reason)


def verify_chain(session: Session, infra: InfraTables, anchor: AuditAnchor,
                 full: bool = False) -> ChainReport:
    """Check the entries added since the last verification (all of them when full) and the head.

    Each entry must follow from the one before, carry its seal under the audit key, and match any
    checkpoint published for its place; the head must reach every published checkpoint. One
    verification runs at a time, so verifiers who wait start from where the one before ended.
    """
    checkpoints = anchor.checkpoints
    with checkpoints.exclusive():
        verified = None if full else checkpoints.verified()
        head = session.execute(select(infra.chain_head).where(infra.chain_head.c.id == 1)).one()
        try:
            streamed = anchor.stream_heads(verified.stream_seq if verified else 0)
        except StreamUnreachable:
            return ChainReport(False, 0, head.audit_seq, None, "checkpoint stream unreachable")
        if not all(anchor.key.signed(record) for record in streamed.records):
            return ChainReport(False, 0, head.audit_seq, (verified.seq if verified else 0) + 1,
                               "checkpoint stream altered")
        published = _merged(checkpoints.published(verified.offset if verified else 0), streamed)
        walk = _Walk(anchor, checkpoints.sealed_from(), published.heads, head.audit_seq,
                     head.audit_hash)
        report = _check(session, infra, walk, verified, published)
        if not report.ok:
            return report
        anchored = max(published.heads, default=verified.anchored if verified else 0)
        checkpoints.mark_verified(Verified(head.audit_seq, head.audit_hash, published.offset,
                                           streamed.last_seq, anchored))
        return replace(report, anchored_seq=anchored,
                       unanchored_from=anchored + 1 if head.audit_seq > anchored else None)


def _merged(published: Published, streamed: StreamHeads) -> Published:
    """Add the stream's signed checkpoints to the file's: a head the two disagree on was rewritten."""
    heads, conflicts = dict(published.heads), [published.conflict]
    for record in streamed.records:
        if heads.setdefault(record["seq"], record["hash"]) != record["hash"]:
            conflicts.append(record["seq"])
    return Published(heads, published.offset, published.forged,
                     min((c for c in conflicts if c is not None), default=None))


def _check(session: Session, infra: InfraTables, walk: _Walk, verified: Verified | None,
           published: Published) -> ChainReport:
    start, prev = (verified.seq, verified.hash) if verified else (0, GENESIS_HASH)
    if published.forged:
        return walk.report(start + 1, "checkpoint file altered")
    if published.conflict is not None:
        return walk.report(published.conflict, "entry differs from its published checkpoint")
    if start:
        row = _entry(session, infra, start)
        if row is None or row["hash"] != prev:
            return walk.report(start, "entry missing" if row is None else "entry altered")
        walk.sealing_seen = row.get("seal") is not None
    for seq in sorted(s for s in walk.published if s < start):
        # a checkpoint appended after a verification that already passed its place
        row = _entry(session, infra, seq)
        if row is None or row["hash"] != walk.published[seq]:
            return walk.report(seq, "entry differs from its published checkpoint")
    expected = start + 1
    for row in _audit_rows(session, infra, start):
        if row["seq"] != expected:
            return walk.report(expected, "entry missing")
        if row["seq"] > walk.head_seq:
            return walk.report(row["seq"], "entry beyond the chain head")
        fault = walk.fault(row, prev)
        if fault:
            return walk.report(row["seq"], fault)
        prev, expected, walk.checked = row["hash"], expected + 1, walk.checked + 1
    last = start + walk.checked
    if last != walk.head_seq or prev != walk.head_hash:
        return walk.report(last + 1, "entries missing at the end")
    if walk.published and max(walk.published) > walk.head_seq:
        # the newest entries were deleted and the head rewound behind a published checkpoint
        return walk.report(walk.head_seq + 1, "entries missing at the end")
    return ChainReport(True, walk.checked, walk.head_seq)
