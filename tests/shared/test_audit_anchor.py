"""An insider with the database cannot rewrite the audit trail alone: seals and checkpoints outside it."""

from __future__ import annotations

import asyncio
import json
import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from nats.js.errors import APIError
from sqlalchemy import delete, select, update

from shared.db import service_context
from shared.journal import AuditAnchor, ChainReport, CheckpointStream, Journal, verify_chain
from shared.journal.canonical import entry_hash
from shared.relay import anchor_pass, jetstream
from tests.conftest import delete_stream
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
                      "reason": "entries missing at the end", "anchored_seq": None, "unanchored_from": None}


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
                              "reason": None, "anchored_seq": 5, "unanchored_from": None}
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
                              "reason": None, "anchored_seq": 4, "unanchored_from": None}
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


@pytest.fixture
def audit_stream(nats_url):
    """A checkpoint stream of this test alone, deleted afterwards."""
    tag = uuid.uuid4().hex[:12]
    stream = CheckpointStream(nats_url, "identification", name=f"AUDITTEST_{tag}",
                              subject_prefix=f"audittest_{tag}")
    yield stream
    delete_stream(nats_url, stream.name)


def _anchor(ident, stream: CheckpointStream | None = None) -> AuditAnchor:
    """The service's key and checkpoint file, with a checkpoint stream."""
    base = ident.db.context.anchor
    return AuditAnchor(base.key, base.checkpoints, stream)


def _verify_against(ident, anchor: AuditAnchor, full: bool = False) -> ChainReport:
    with ident.db.transaction(write=False) as s:
        return verify_chain(s, ident.app.state.infra, anchor, full)


def _relay_anchors(ident, anchor: AuditAnchor) -> None:
    """One relay pass's anchoring of the chain head."""
    asyncio.run(anchor_pass(ident.db, anchor, None))


def test_a_commit_whose_checkpoint_was_lost_is_reported_and_anchored_by_the_relay(ident, monkeypatch):
    _entries(ident, 1)
    with monkeypatch.context() as crash:  # the process dies between the commit and its checkpoint
        crash.setattr(Journal, "publish", lambda self: None)
        _entries(ident, 2, first=41)
    report = _verify(ident)
    assert (report["ok"], report["anchored_seq"], report["unanchored_from"]) == (True, 1, 2)
    _relay_anchors(ident, _anchor(ident))
    assert json.loads(_anchor(ident).checkpoints.heads_path.read_text().splitlines()[-1])["seq"] == 3
    report = _verify(ident)
    assert (report["ok"], report["anchored_seq"], report["unanchored_from"]) == (True, 3, None)


def test_the_relay_publishes_signed_heads_the_stream_keeps(ident, audit_stream):
    _entries(ident, 2)
    anchor = _anchor(ident, audit_stream)
    _relay_anchors(ident, anchor)
    _relay_anchors(ident, anchor)  # the same head again is kept once
    records = audit_stream.read(0).records
    assert [(r["seq"], r["hash"]) for r in records] == [(2, _rows(ident)[-1]["hash"])]
    assert anchor.key.signed(records[0])
    assert asyncio.run(_delete_message(audit_stream, 1)) == "refused"
    report = _verify_against(ident, anchor)
    assert (report.ok, report.anchored_seq, report.unanchored_from) == (True, 2, None)
    assert anchor.checkpoints.verified().stream_seq == 1  # the next run reads only what is newer


async def _delete_message(stream: CheckpointStream, seq: int) -> str:
    async with jetstream(stream.url) as js:
        try:
            await js.delete_msg(stream.name, seq)
        except APIError:
            return "refused"
    return "deleted"


def test_a_tail_deleted_with_the_head_rewound_and_the_file_wiped_is_caught_by_the_stream(ident, audit_stream):
    _entries(ident, 4)
    anchor = _anchor(ident, audit_stream)
    _relay_anchors(ident, anchor)
    _truncate(ident, keep=2)
    shutil.rmtree(anchor.checkpoints.directory)  # the insider also holds the checkpoint directory
    assert _verify_against(ident, _anchor(ident)).ok is True  # the file alone no longer knows
    shutil.rmtree(anchor.checkpoints.directory)
    report = _verify_against(ident, anchor)
    assert (report.ok, report.first_bad_seq, report.reason) == (False, 3, "entries missing at the end")


def test_a_tail_written_again_differs_from_the_stream(ident, audit_stream):
    _entries(ident, 3)
    anchor = _anchor(ident, audit_stream)
    _relay_anchors(ident, anchor)
    _truncate(ident, keep=1)
    shutil.rmtree(anchor.checkpoints.directory)
    _entries(ident, 2, first=41)  # seq 2 and 3 again, with other contents, checkpointed in a new file
    report = _verify_against(ident, anchor)
    assert (report.ok, report.first_bad_seq) == (False, 3)
    assert report.reason == "entry differs from its published checkpoint"


def test_a_forged_stream_checkpoint_is_detected(ident, audit_stream):
    _entries(ident, 2)
    audit_stream.publish({"service": "identification", "seq": 2, "hash": "0" * 64, "first": 1,
                          "sig": "f" * 64})
    report = _verify_against(ident, _anchor(ident, audit_stream))
    assert (report.ok, report.reason) == (False, "checkpoint stream altered")


def test_an_unreachable_stream_fails_verification_and_says_why(ident):
    _entries(ident, 1)
    report = _verify_against(ident, _anchor(ident, CheckpointStream("nats://127.0.0.1:1", "identification",
                                                                    timeout=1.0)))
    assert (report.ok, report.reason) == (False, "checkpoint stream unreachable")
    assert _anchor(ident).checkpoints.verified() is None  # nothing marked verified


def test_a_service_checks_the_stream_its_settings_name(ident):
    settings = ident.settings.model_copy(update={"audit_nats_url": "nats://nats.example:4222"})
    stream = service_context("identification", ident.app.state.infra, settings).anchor.stream
    assert (stream.url, stream.subject) == ("nats://nats.example:4222", "audit.identification.checkpoint")
    assert ident.db.context.anchor.stream is None  # the tests' own settings name none
