"""Set-based writes and reads: insert_rows writes all rows or none, one_of matches many values."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import JSON, Column, Integer, MetaData, Table, Uuid, func, select
from sqlalchemy.exc import IntegrityError

from shared.bulk_copy import insert_rows, one_of

ROWS = 600  # above a batch of 500, as the visit batches and the journal write them


@pytest.fixture
def probe(ident):
    """A scratch table of ids, JSON and numbers in the identification database."""
    table = Table(
        "bulk_probe",
        MetaData(),
        Column("id", Uuid, primary_key=True),
        Column("tags", JSON),
        Column("n", Integer),
    )
    table.create(ident.db.engine)
    yield table
    table.drop(ident.db.engine)


def test_rows_go_in_together_or_not_at_all_and_come_back_by_many_ids(ident, probe):
    rows = [{"id": uuid.uuid4(), "tags": ["连州", i, None], "n": i} for i in range(ROWS)]
    with ident.db.transaction() as session:
        insert_rows(session, probe, rows)
    with pytest.raises(IntegrityError), ident.db.transaction() as session:
        insert_rows(session, probe, [{"id": uuid.uuid4(), "tags": [], "n": -1}, rows[0]])
    with ident.db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(probe)) == ROWS  # nothing of the second
        wanted = [r["id"] for r in rows[::2]]
        matched = one_of(session, probe.c.id, wanted)
        found = session.execute(select(probe.c.n, probe.c.tags).where(matched)).all()
        assert session.execute(select(probe.c.n).where(one_of(session, probe.c.id, []))).all() == []
    assert sorted(found) == [(i, ["连州", i, None]) for i in range(0, ROWS, 2)]
