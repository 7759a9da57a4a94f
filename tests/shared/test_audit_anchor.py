"""An insider with the database cannot rewrite the audit trail alone: seals and checkpoints outside it."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import delete, select, update

from shared.journal.canonical import entry_hash
from tests.identification.register_data import create, household, member

AUDITOR = {"role": "province_official", "region": "44"}


def _verify(ident, full: bool = False) -> dict:
    r = ident.client.get("/api/v1/audit/verify", params={"full": str(full).lower()},
                         headers=ident.headers(**AUDITOR))
    assert r.status_code == 200, r.text
    return r.json()


def _entries(ident, count: int, first: int = 11) -> None:
    for serial in range(first, first + 2 * count, 2):
        create(ident, household([member(serial)]))


def _rows(ident) -> list[dict]:
    t = ident.app.state.infra.audit
    with ident.db.transaction() as s:
        return [dict(r) for r in s.execute(select(t).order_by(t.c.seq)).mappings()]


def _rewrite(ident, rows: list[dict]) -> None:
    """Do what an insider with the database can: write entries, recompute every hash, move the head."""
    t, head = ident.app.state.infra.audit, ident.app.state.infra.chain_head
    prev = rows[0]["prev_hash"]
    with ident.db.transaction() as s:
        for row in rows:
            row["prev_hash"] = prev
            row["hash"] = prev = entry_hash(prev, row)
            s.execute(update(t).where(t.c.seq == row["seq"]).values(
                **{k: row[k] for k in ("actor", "after", "prev_hash", "hash")}))
        s.execute(update(head).where(head.c.id == 1).values(audit_seq=rows[-1]["seq"], audit_hash=prev))


def _truncate(ident, keep: int) -> None:
    """Delete the entries after `keep` and rewind the chain head to the last one kept."""
    t, head = ident.app.state.infra.audit, ident.app.state.infra.chain_head
    last = _rows(ident)[keep - 1]
    with ident.db.transaction() as s:
        s.execute(delete(t).where(t.c.seq > keep))
        s.execute(update(head).where(head.c.id == 1).values(audit_seq=keep, audit_hash=last["hash"]))


def test_entries_are_sealed_with_a_key_the_database_does_not_hold(ident):
    _entries(ident, 2)
    anchor = ident.db.context.anchor
    rows = _rows(ident)
    assert [r["seal"] for r in rows] == [anchor.key.seal(r["seq"], r["hash"]) for r in rows]
    assert _verify(ident)["ok"] is True


def test_an_altered_entry_with_the_whole_chain_recomputed_is_detected(ident):
    _entries(ident, 4)
    rows = _rows(ident)
    rows[1]["after"] = {**rows[1]["after"], "address": "伪造地址"}
    _rewrite(ident, rows[1:])
    report = _verify(ident)
    assert (report["ok"], report["first_bad_seq"], report["reason"]) == (False, 2, "entry altered")


def test_recomputing_after_a_verification_is_detected_where_it_started(ident):
    _entries(ident, 3)
    assert _verify(ident)["ok"] is True
    rows = _rows(ident)
    rows[0]["actor"] = "someone-else"
    _rewrite(ident, rows)
    report = _verify(ident)
    assert (report["ok"], report["first_bad_seq"], report["reason"]) == (False, 3, "entry altered")


def test_a_deleted_middle_entry_is_detected(ident):
    _entries(ident, 4)
    t = ident.app.state.infra.audit
    with ident.db.transaction() as s:
        s.execute(delete(t).where(t.c.seq == 2))
    report = _verify(ident)
    assert (report["ok"], report["first_bad_seq"], report["reason"]) == (False, 2, "entry missing")


def test_a_deleted_tail_with_the_head_rewound_is_detected(ident):
    _entries(ident, 4)
    _truncate(ident, keep=2)
    report = _verify(ident)
    assert report == {"ok": False, "entries_checked": 2, "head_seq": 2, "first_bad_seq": 3,
                      "reason": "entries missing at the end"}


def test_a_tail_deleted_after_verification_is_detected(ident):
    _entries(ident, 4)
    assert _verify(ident)["ok"] is True
    _truncate(ident, keep=2)
    report = _verify(ident)
    assert (report["ok"], report["first_bad_seq"], report["reason"]) == (False, 4, "entry missing")


def test_a_tail_rewritten_by_new_writes_after_rewinding_is_detected(ident):
    _entries(ident, 3)
    _truncate(ident, keep=1)
    _entries(ident, 2, first=41)  # seq 2 and 3 again, with other contents
    report = _verify(ident)
    assert (report["ok"], report["first_bad_seq"]) == (False, 2)
    assert report["reason"] == "entry differs from its published checkpoint"


def test_verification_checks_only_what_is_new(ident):
    _entries(ident, 3)
    assert _verify(ident)["entries_checked"] == 3
    _entries(ident, 2, first=41)
    assert _verify(ident) == {"ok": True, "entries_checked": 2, "head_seq": 5, "first_bad_seq": None,
                              "reason": None}
    assert _verify(ident)["entries_checked"] == 0
    assert _verify(ident, full=True)["entries_checked"] == 5


def test_a_full_verification_finds_what_changed_behind_the_verified_point(ident):
    _entries(ident, 3)
    assert _verify(ident)["ok"] is True
    t = ident.app.state.infra.audit
    with ident.db.transaction() as s:
        s.execute(update(t).where(t.c.seq == 1).values(actor="someone-else"))
    assert _verify(ident)["ok"] is True  # incremental: entry 1 was verified already
    report = _verify(ident, full=True)
    assert (report["ok"], report["first_bad_seq"], report["reason"]) == (False, 1, "entry altered")


def test_four_inspectors_at_once_share_the_work(ident):
    _entries(ident, 6)
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda _: _verify(ident), range(4)))
    assert all(r["ok"] for r in reports)
    assert sorted(r["entries_checked"] for r in reports) == [0, 0, 0, 6]


def test_a_stripped_seal_is_detected(ident):
    _entries(ident, 3)
    t = ident.app.state.infra.audit
    with ident.db.transaction() as s:
        s.execute(update(t).where(t.c.seq == 2).values(seal=None))
    report = _verify(ident)
    assert (report["ok"], report["first_bad_seq"], report["reason"]) == (False, 2, "entry altered")


def test_entries_from_before_sealing_verify_and_are_anchored(ident):
    """Entries written before the upgrade have no seal; the first checkpoint after it anchors them."""
    _entries(ident, 2)
    t = ident.app.state.infra.audit
    with ident.db.transaction() as s:  # as the v2 migration leaves entries written before it
        s.execute(update(t).values(seal=None))
    checkpoints = ident.db.context.anchor.checkpoints
    checkpoints.heads_path.unlink()  # no checkpoint was published before the upgrade
    _entries(ident, 2, first=41)
    assert json.loads(checkpoints.heads_path.read_text().splitlines()[0])["first"] == 3
    assert _verify(ident) == {"ok": True, "entries_checked": 4, "head_seq": 4, "first_bad_seq": None,
                              "reason": None}
    rows = _rows(ident)
    rows[0]["actor"] = "someone-else"
    _rewrite(ident, rows[:2])  # the unsealed part recomputed: its head no longer links to entry 3
    report = _verify(ident, full=True)
    assert (report["ok"], report["first_bad_seq"]) == (False, 3)


def test_a_forged_checkpoint_line_is_detected(ident):
    _entries(ident, 2)
    checkpoints = ident.db.context.anchor.checkpoints
    with checkpoints.heads_path.open("a") as handle:
        handle.write(json.dumps({"service": "identification", "seq": 9, "hash": "0" * 64, "first": 9,
                                 "sig": "f" * 64}) + "\n")
    report = _verify(ident)
    assert (report["ok"], report["reason"]) == (False, "checkpoint file altered")


def test_a_checkpoint_that_cannot_be_written_leaves_the_commit_and_says_so(ident, caplog):
    directory = ident.db.context.anchor.checkpoints.directory
    shutil.rmtree(directory, ignore_errors=True)
    directory.write_text("")  # the checkpoint directory cannot be made
    try:
        create(ident, household([member(11)]))
    finally:
        directory.unlink()
    assert "audit checkpoint not written" in caplog.text
    assert _verify(ident)["ok"] is True
