"""Sealing at commit: chain the queued audit entries, number the queued events, write both."""

from __future__ import annotations

from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import JSON, Table, insert, select, update
from sqlalchemy.orm import Session

from shared.bulk_copy import copy_rows
from shared.infra import InfraTables
from shared.journal.anchoring import AuditKey
from shared.journal.canonical import Payload, json_text, sealed_hash

COPY_THRESHOLD = 500  # rows; below it one executemany is as quick and simpler


def seal(session: Session, infra: InfraTables, key: AuditKey, audits: list[dict[str, Any]],
         events: list[dict[str, Any]]) -> tuple[int, str]:
    """Chain and seal audit entries and number events under the chain-head lock; return the new head.

    The lock serialises committing writers, so feed positions follow commit order
    and each audit entry's predecessor is the one committed just before it.
    """
    head_table = infra.chain_head
    head = session.execute(
        select(head_table).where(head_table.c.id == 1).with_for_update()
    ).one()
    seq, last_hash, position = head.audit_seq, head.audit_hash, head.event_position
    audit_rows = []
    for entry in audits:
        seq += 1
        row = {**entry, "seq": seq, "prev_hash": last_hash}
        row["hash"] = last_hash = sealed_hash(last_hash, row)
        row["seal"] = key.seal(seq, last_hash)
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
    return seq, last_hash


def _insert_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert journal rows; PostgreSQL takes a bulk import's thousands by binary COPY."""
    if len(rows) < COPY_THRESHOLD or session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), [
            {k: v.values() if isinstance(v, Payload) else v for k, v in row.items()} for row in rows])
        return
    columns = list(rows[0])
    json_columns = {c for c in columns if isinstance(table.c[c].type, JSON)}
    copy_rows(session, table, columns, ([_jsonb(row[c]) if c in json_columns and row[c] is not None
                                         else row[c] for c in columns] for row in rows))


def _jsonb(payload: Payload) -> Any:
    """Hand a payload to binary COPY as JSONB: its recorded text, or its values serialised."""
    if payload.text is not None:
        return Jsonb(payload.text, _as_is)
    return Jsonb(payload.value, json_text)


def _as_is(text: bytes) -> bytes:
    return text
