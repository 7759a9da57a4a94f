"""The audit trail (hash-chained) and the outbox (change feed), sealed at commit."""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

import orjson
from psycopg.types.json import Jsonb
from pydantic_core import to_json, to_jsonable_python
from sqlalchemy import JSON, Table, insert, select, update
from sqlalchemy.orm import Session

from shared.bulk_copy import copy_rows
from shared.context import request_id_var
from shared.ids import RandomIds
from shared.infra import InfraTables
from shared.types import utcnow

GENESIS_HASH = "0" * 64
_AUDIT_FIELDS = ("seq", "at", "actor", "action", "entity_type", "entity_id", "region_code",
                 "before", "after", "request_id")


class _Json(NamedTuple):
    """A payload as recorded: its JSON values, or, for a plain one, only its sorted JSON text."""

    value: Any
    text: bytes | None
    floats: bool

    def values(self) -> Any:
        """Return the JSON values (parsed from the text when only that was made)."""
        if self.text is None:
            return self.value
        try:
            return orjson.loads(self.text)
        except orjson.JSONDecodeError:  # event data with NaN, which only json reads back
            return json.loads(self.text)


def _audited(value: Any) -> _Json | None:
    """Make an audit payload JSON now, so later changes to the caller's dict cannot reach it.

    A plain payload (strings, integers, booleans, null) is written once, by orjson with
    sorted keys: that text is both its part of the hashed body and its JSONB. Anything
    else takes pydantic's conversion, whose Decimals, dates and UUIDs hash the same after a
    round trip through the database.
    """
    if value is None:
        return None
    if _is_plain(value):
        try:
            return _Json(None, orjson.dumps(value, option=orjson.OPT_SORT_KEYS), False)
        except TypeError:  # an integer beyond 64 bits
            pass
    plain = to_jsonable_python(value)
    # Checking is ~5x cheaper than rebuilding, and most payloads hold no float at all.
    if _has_float(plain):
        return _Json(_big_floats_as_ints(plain), None, True)
    return _Json(plain, None, False)


def _is_plain(value: Any) -> bool:
    """Tell whether a value is made only of dicts with str keys, lists, str, int, bool and None.

    A str subclass (a code's StrEnum member) counts as str: orjson and json.dumps both
    write its text, and it reads back as that text. (The leaf test is written out in both
    loops: this runs for every value of every audited payload.)
    """
    kind = type(value)
    if kind is dict:
        for key, item in value.items():
            kind = type(item)
            if type(key) is not str:
                return False
            if not (kind is str or kind is int or kind is bool or item is None
                    or _is_plain(item) or isinstance(item, str)):
                return False
        return True
    if kind is list:
        for item in value:
            kind = type(item)
            if not (kind is str or kind is int or kind is bool or item is None
                    or _is_plain(item) or isinstance(item, str)):
                return False
        return True
    return False


def _has_float(value: Any) -> bool:
    """Tell whether a JSON value holds a float anywhere."""
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return isinstance(value, float)
    for item in value:
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue  # the common leaves, decided without a call
        if _has_float(item):
            return True
    return False


def _big_floats_as_ints(value: Any) -> Any:
    # JSONB gives a float from 1e16 up back as an integer (1e+20 -> 100000000000000000000),
    # which would change the entry's hash; store the integer JSONB will return.
    if isinstance(value, float) and abs(value) >= 1e16 and math.isfinite(value):
        return int(Decimal(repr(value)))
    if isinstance(value, dict):
        return {k: _big_floats_as_ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_big_floats_as_ints(v) for v in value]
    return value


def record_audit(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: object,
    region_code: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Queue an audit entry; it is chained and written when the transaction commits."""
    entry = {
        "at": utcnow(),
        "actor": actor,
        "action": action,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "region_code": region_code,
        "before": _audited(before),
        "after": _audited(after),
        "request_id": request_id_var.get(),
    }
    session.info.setdefault("pending_audit", []).append(entry)


_ids = threading.local()


def _forget_ids() -> None:
    """Give a forked child its own pool, so parent and child never hand out the same ids."""
    global _ids
    _ids = threading.local()


os.register_at_fork(after_in_child=_forget_ids)


def _new_event_id() -> str:
    """Return a random (version 4) UUID from this thread's pool (one system call per 1,024)."""
    ids = getattr(_ids, "pool", None)
    if ids is None:
        ids = _ids.pool = RandomIds()
    return ids.new_text()


def record_event(
    session: Session,
    *,
    type: str,
    subject: object,
    data: object,
    region_code: str | None = None,
    version: int = 1,
) -> str:
    """Queue a CloudEvent for the outbox; it gets its feed position at commit.

    `data` is a dict or a pydantic model (an event contract), serialised now, in one pass.
    """
    event_id = _new_event_id()
    session.info.setdefault("pending_events", []).append(
        {
            "event_id": event_id,
            "type": type,
            "source": session.info["source"],
            "subject": str(subject),
            "region_code": region_code,
            "time": utcnow(),
            "data": _Json(None, _json_text(data), False),
            "data_version": version,
        }
    )
    return event_id


_ORJSON_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
                   | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS)


def canonical_json(body: dict[str, Any], may_hold_floats: bool = True) -> bytes:
    """Serialise a hashed body: sorted keys, no spaces, UTF-8, other values as str().

    orjson writes a body without floats byte for byte as the standard library does, ~8x
    faster; floats (whose exponents it spells differently) and anything it would write in
    its own way take the standard library, so the bytes never depend on the encoder.
    """
    if not may_hold_floats:
        try:
            return orjson.dumps(body, default=_not_plain, option=_ORJSON_OPTIONS)
        except TypeError:  # an integer beyond 64 bits, a key that is no string, a str subclass
            pass
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode()


def _not_plain(value: Any) -> Any:
    raise TypeError(type(value).__name__)


def _canonical(entry: dict[str, Any]) -> bytes:
    body = {k: entry[k] for k in _AUDIT_FIELDS}
    at = body["at"]
    body["at"] = at.isoformat() if isinstance(at, datetime) else at
    return canonical_json(body)


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    """Hash an audit entry (as stored) together with the hash of the one before it."""
    return hashlib.sha256(prev_hash.encode() + _canonical(entry)).hexdigest()


def _sealed_hash(prev_hash: str, row: dict[str, Any]) -> str:
    """Hash an entry being sealed, as entry_hash will hash it once stored.

    Plain payloads enter the body as the sorted text they were recorded as; a body
    with any other payload is rebuilt from values and serialised as entry_hash does.
    """
    payloads: list[_Json | None] = [row["before"], row["after"]]
    body = {k: row[k] for k in _AUDIT_FIELDS}
    body["at"] = body["at"].isoformat()
    if all(p is None or p.text is not None for p in payloads):
        body["before"], body["after"] = (None if p is None else orjson.Fragment(p.text)
                                         for p in payloads)
        try:
            canonical = orjson.dumps(body, default=_not_plain, option=_ORJSON_OPTIONS)
            return hashlib.sha256(prev_hash.encode() + canonical).hexdigest()
        except TypeError:  # a str subclass among the entry's own fields
            pass
    body["before"], body["after"] = (None if p is None else p.values() for p in payloads)
    floats = any(p is not None and p.floats for p in payloads)
    return hashlib.sha256(prev_hash.encode() + canonical_json(body, floats)).hexdigest()


def seal_pending(session: Session) -> None:
    """Chain queued audit entries and number queued events under the chain-head lock.

    The lock serialises committing writers, so feed positions follow commit order
    and each audit entry's predecessor is the one committed just before it.
    """
    audits = session.info.pop("pending_audit", [])
    events = session.info.pop("pending_events", [])
    if not audits and not events:
        return
    infra: InfraTables = session.info["infra"]
    head_table = infra.chain_head
    head = session.execute(
        select(head_table).where(head_table.c.id == 1).with_for_update()
    ).one()
    seq, last_hash, position = head.audit_seq, head.audit_hash, head.event_position
    audit_rows = []
    for entry in audits:
        seq += 1
        row = {**entry, "seq": seq, "prev_hash": last_hash}
        row["hash"] = last_hash = _sealed_hash(last_hash, row)
        audit_rows.append(row)
    event_rows = []
    for ev in events:
        position += 1
        event_rows.append({**ev, "position": position})
    if audit_rows:
        _insert_many(session, infra.audit, audit_rows)
    if event_rows:
        _insert_many(session, infra.outbox, event_rows)
    session.execute(
        update(head_table)
        .where(head_table.c.id == 1)
        .values(audit_seq=seq, audit_hash=last_hash, event_position=position)
    )


COPY_THRESHOLD = 500  # rows; below it one executemany is as quick and simpler


def _insert_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert journal rows; PostgreSQL takes a bulk import's thousands by binary COPY."""
    if len(rows) < COPY_THRESHOLD or session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), [
            {k: v.values() if isinstance(v, _Json) else v for k, v in row.items()} for row in rows])
        return
    columns = list(rows[0])
    json_columns = {c for c in columns if isinstance(table.c[c].type, JSON)}
    copy_rows(session, table, columns, ([_jsonb(row[c]) if c in json_columns and row[c] is not None
                                         else row[c] for c in columns] for row in rows))


def _jsonb(payload: _Json) -> Any:
    """Hand a payload to binary COPY as JSONB: its recorded text, or its values serialised."""
    if payload.text is not None:
        return Jsonb(payload.text, _as_is)
    return Jsonb(payload.value, _json_text)


def _as_is(text: bytes) -> bytes:
    return text


def _json_text(value: Any) -> bytes:
    """Serialise a value (a pydantic model too) in Rust, ~4x json.dumps; NaN fails as it did."""
    return to_json(value, inf_nan_mode="constants")


def discard_pending(session: Session) -> None:
    """Forget queued entries of a transaction that rolled back."""
    session.info.pop("pending_audit", None)
    session.info.pop("pending_events", None)


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

