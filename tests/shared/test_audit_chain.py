"""The audit log: every change recorded with who/when/what/before/after, hash-chained, verifiable."""

from __future__ import annotations

import json
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update

from shared.db import new_metadata
from shared.infra import infrastructure_tables
from shared.journal import GENESIS_HASH, AuditAnchor, AuditKey, CheckpointFile, Journal
from shared.journal.canonical import canonical_json, entry_hash, sealed_hash
from shared.settings import DEV_AUDIT_KEY
from tests.identification.register_data import create, household, member

AUDITOR = {"role": "province_official", "region": "44"}
_KEY = AuditKey(DEV_AUDIT_KEY, "identification")
ANCHOR = AuditAnchor(_KEY, CheckpointFile(_KEY, Path(tempfile.mkdtemp())))


def _verify(ident) -> dict:
    r = ident.client.get("/api/v1/audit/verify", headers=ident.headers(**AUDITOR))
    assert r.status_code == 200, r.text
    return r.json()


def _three_entries(ident) -> None:
    for serial in (11, 13, 15):
        create(ident, household([member(serial)]))


def _audit_rows(ident) -> list[dict]:
    t = ident.app.state.infra.audit
    with ident.db.transaction() as s:
        return [dict(r) for r in s.execute(select(t).order_by(t.c.seq)).mappings()]


def test_untouched_chain_verifies(ident):
    _three_entries(ident)
    assert _verify(ident) == {"ok": True, "entries_checked": 3, "head_seq": 3,
                              "first_bad_seq": None, "reason": None, "anchored_seq": 3,
                              "unanchored_from": None}


def test_empty_chain_verifies(ident):
    assert _verify(ident)["ok"] is True
    assert _verify(ident)["entries_checked"] == 0


def test_altered_after_is_detected_at_its_seq(ident):
    _three_entries(ident)
    t = ident.app.state.infra.audit
    row = _audit_rows(ident)[1]
    forged = {**row["after"], "address": "伪造地址"}
    with ident.db.transaction() as s:
        s.execute(update(t).where(t.c.seq == 2).values(after=forged))
    report = _verify(ident)
    assert report["ok"] is False
    assert report["first_bad_seq"] == 2
    assert report["reason"] == "entry altered"


def test_altered_actor_is_detected(ident):
    _three_entries(ident)
    t = ident.app.state.infra.audit
    with ident.db.transaction() as s:
        s.execute(update(t).where(t.c.seq == 1).values(actor="someone-else"))
    report = _verify(ident)
    assert (report["ok"], report["first_bad_seq"]) == (False, 1)


def test_altered_time_is_detected(ident):
    _three_entries(ident)
    t = ident.app.state.infra.audit
    at = _audit_rows(ident)[2]["at"]
    with ident.db.transaction() as s:
        s.execute(update(t).where(t.c.seq == 3).values(at=at - timedelta(days=1)))
    assert (_verify(ident)["ok"], _verify(ident)["first_bad_seq"]) == (False, 3)


def test_deleted_middle_entry_is_detected(ident):
    _three_entries(ident)
    t = ident.app.state.infra.audit
    with ident.db.transaction() as s:
        s.execute(delete(t).where(t.c.seq == 2))
    report = _verify(ident)
    assert report["ok"] is False
    assert report["first_bad_seq"] == 2
    assert report["reason"] == "entry missing"


def test_deleted_last_entry_is_detected(ident):
    _three_entries(ident)
    t = ident.app.state.infra.audit
    with ident.db.transaction() as s:
        s.execute(delete(t).where(t.c.seq == 3))
    report = _verify(ident)
    assert report["ok"] is False
    assert report["first_bad_seq"] == 3


def test_renumbered_chain_is_detected(ident):
    """Deleting an entry and shifting the later ones down breaks the prev_hash link."""
    _three_entries(ident)
    t = ident.app.state.infra.audit
    with ident.db.transaction() as s:
        s.execute(delete(t).where(t.c.seq == 2))
        s.execute(update(t).where(t.c.seq == 3).values(seq=2))
    report = _verify(ident)
    assert (report["ok"], report["first_bad_seq"]) == (False, 2)


def test_forged_entry_appended_is_detected(ident):
    """Even with a correctly computed hash, an entry written around the chain head is found."""
    _three_entries(ident)
    t = ident.app.state.infra.audit
    last = _audit_rows(ident)[-1]
    forged = {**last, "seq": 4, "action": "household.forged", "prev_hash": last["hash"]}
    forged["hash"] = entry_hash(last["hash"], forged)
    with ident.db.transaction() as s:
        s.execute(t.insert().values(**forged))
    report = _verify(ident)
    assert report == {"ok": False, "entries_checked": 3, "head_seq": 3, "first_bad_seq": 4,
                      "reason": "entry beyond the chain head", "anchored_seq": None, "unanchored_from": None}


def test_entries_link_by_hash(ident):
    _three_entries(ident)
    rows = _audit_rows(ident)
    assert [r["seq"] for r in rows] == [1, 2, 3]
    assert rows[0]["prev_hash"] == GENESIS_HASH
    for before, row in zip([None, *rows], rows, strict=False):
        prev = GENESIS_HASH if before is None else before["hash"]
        assert row["prev_hash"] == prev
        assert row["hash"] == entry_hash(prev, row)


def test_entry_records_who_when_what_before_after(ident):
    created = create(ident)
    headers = ident.headers(**{"If-Match": created_etag(created)})
    r = ident.client.patch(f"/api/v1/households/{created['id']}", json={"address": "新地址88号"},
                           headers=headers)
    assert r.status_code == 200, r.text
    r = ident.client.get("/api/v1/audit", params={"entity_id": created["id"]},
                         headers=ident.headers(**AUDITOR))
    entries = r.json()["items"]
    assert [e["action"] for e in entries] == ["household.create", "household.update"]
    update_entry = entries[1]
    assert update_entry["actor"] == "county_official-441882"
    assert update_entry["entity_type"] == "household"
    assert update_entry["region_code"] == created["region_code"]
    assert update_entry["before"]["address"] == "三古滩村1号"
    assert update_entry["after"]["address"] == "新地址88号"
    at = datetime.fromisoformat(update_entry["at"])
    assert at.tzinfo is not None
    assert abs(datetime.now(UTC) - at) < timedelta(minutes=5)
    assert entries[0]["before"] is None
    assert entries[0]["after"]["members"][0]["name"] == "李大山"


def created_etag(created: dict) -> str:
    """Return the ETag of a household as created."""
    return f'"{created["version"]}"'


def test_failed_request_writes_no_audit_entry(ident):
    create(ident)
    # Same person again: refused with 409 after the household was staged in the session.
    r = ident.client.post("/api/v1/households", json=household(), headers=ident.headers())
    assert r.status_code == 409
    assert len(_audit_rows(ident)) == 1
    assert _verify(ident)["ok"] is True


def test_concurrent_writers_keep_one_unbroken_chain(ident):
    # Distinct villages: households of one village also serialise on its number counter.
    bodies = [household([member(100 + 2 * i + 1)], region=f"44188210{i // 6}20{i % 6 + 1}")
              for i in range(12)]

    def post(body: dict) -> int:
        return ident.client.post("/api/v1/households", json=body, headers=ident.headers()).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(post, bodies))
    assert statuses == [201] * 12
    rows = _audit_rows(ident)
    assert [r["seq"] for r in rows] == list(range(1, 13))
    assert _verify(ident) == {"ok": True, "entries_checked": 12, "head_seq": 12,
                              "first_bad_seq": None, "reason": None, "anchored_seq": 12,
                              "unanchored_from": None}


def test_transaction_outside_http_is_chained_too(ident):
    with ident.db.transaction() as s:
        s.journal.audit(actor="job", action="x.test", entity_type="x", entity_id=1, after={"a": 1})
    with ident.db.transaction() as s:
        s.journal.audit(actor="job", action="x.test", entity_type="x", entity_id=2, after={"a": 2})
    t = ident.app.state.infra.audit
    with ident.db.transaction() as s:
        assert s.execute(select(func.count()).select_from(t)).scalar_one() == 2
    assert _verify(ident)["ok"] is True


def test_values_survive_the_json_round_trip(ident):
    """A value the database stores differently than Python wrote it must not look like tampering."""
    after = {"big": 1e20, "odd": 1.2345678901234567e19, "small": 1.5e-7, "one": 1.0, "zh": "连州",
             "nested": [{"n": 3e16}], "money": Decimal("12.50"), "day": date(2020, 1, 2)}
    with ident.db.transaction() as s:
        s.journal.audit(actor="job", action="x.test", entity_type="x", entity_id=1, after=after)
    assert _verify(ident)["ok"] is True
    stored = _audit_rows(ident)[0]["after"]
    assert (stored["big"], stored["money"], stored["day"]) == (10**20, "12.50", "2020-01-02")


def test_an_entry_with_a_small_float_verifies(ident):
    """orjson spells 1.5e-7 as 1.5e-7 and the standard library as 1.5e-07: hashes must agree."""
    with ident.db.transaction() as s:
        s.journal.audit(actor="job", action="x.test", entity_type="x", entity_id=1,
                        after={"small": 1.5e-7, "share": 0.25})
    assert _verify(ident)["ok"] is True


def test_audit_needs_audit_read(ident):
    r = ident.client.get("/api/v1/audit/verify", headers=ident.headers("county_official"))
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"


def test_audit_list_is_limited_to_the_callers_region(ident):
    create(ident)
    create(ident, household([member(31)], region="441882101201"))
    r = ident.client.get("/api/v1/audit", headers=ident.headers("inspector", "441882101"))
    assert [e["region_code"] for e in r.json()["items"]] == ["441882101201"]


TEXT = st.text(st.characters(exclude_categories=("Cs",)))  # lone surrogates cannot be UTF-8
LEAVES = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | TEXT
          | st.datetimes() | st.uuids() | st.decimals(allow_nan=False))
JSON_VALUES = st.recursive(
    LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                    st.dictionaries(TEXT, inner, max_size=4),
                                    st.dictionaries(st.integers(), inner, max_size=4)),
    max_leaves=25)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(TEXT, JSON_VALUES, max_size=6))
def test_canonical_bytes_of_a_body_without_floats_are_the_standard_librarys(body):
    # Entries hashed before the orjson path must still verify: the bytes may never change.
    assert canonical_json(body, may_hold_floats=False) == json.dumps(
        body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def test_an_entrys_hash_is_pinned():
    entry = {"seq": 7, "at": datetime(2020, 6, 30, 8, 0, tzinfo=UTC), "actor": "county-441882",
             "action": "household.create", "entity_type": "household", "entity_id": "h-1",
             "region_code": "441882100001", "before": None,
             "after": {"address": "连州市保安镇", "members": [{"name": "李大山", "seq": 1}],
                       "safe_drinking_water": True}, "request_id": None}
    assert entry_hash(GENESIS_HASH, entry) == (
        "926b97ab27d09ebe8bd064e53ac22d9b7779b52f8fcb2c1651ef39abb0b7a5b5")


def test_a_payload_changed_after_recording_is_audited_as_it_was(ident):
    after = {"address": "保安村1号", "members": [{"name": "李大山"}]}
    with ident.db.transaction() as s:
        s.journal.audit(actor="job", action="x.test", entity_type="x", entity_id=1, after=after)
        after["address"] = "改过的地址"
        after["members"][0]["name"] = "改过的名字"
    assert _verify(ident)["ok"] is True
    assert _audit_rows(ident)[0]["after"] == {"address": "保安村1号", "members": [{"name": "李大山"}]}


class Relation(StrEnum):
    """A code as the services spell them (a str subclass)."""

    HEAD = "head"
    SPOUSE = "spouse"


PAYLOADS = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | TEXT
    | st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(list(Relation)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(TEXT, PAYLOADS, max_size=5), st.none() | st.dictionaries(TEXT, PAYLOADS))
def test_a_sealed_entry_hashes_as_verification_will_hash_it_once_stored(after, before):
    journal = Journal("identification", infrastructure_tables(new_metadata()), ANCHOR)
    journal.audit(actor="job", action="x.test", entity_type="x", entity_id=1, before=before, after=after)
    [entry] = journal.audits
    row = {**entry, "seq": 1, "prev_hash": GENESIS_HASH}
    stored = {**row, **{k: None if row[k] is None else json.loads(json.dumps(row[k].values()))
                        for k in ("before", "after")}}
    assert sealed_hash(GENESIS_HASH, row) == entry_hash(GENESIS_HASH, stored)
