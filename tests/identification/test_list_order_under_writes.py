"""Keyset pages, the change feed and the export skip nothing and repeat nothing while writers commit."""

from __future__ import annotations

import threading
from itertools import count, pairwise

import pytest

from services.identification.bulk import export
from services.identification.filters import HouseholdFilter
from shared.personal import PersonalView
from tests.identification.register_data import create, household, member

VILLAGES = ("441882100201", "441882100202", "441882100203")
_serials = count(100)


def _new(ident, village: str, key: str = "id") -> str:
    return create(ident, household([member(next(_serials))], region=village))[key]


def _page(ident, cursor: str | None, limit: int) -> dict:
    params = {"region": "441882", "limit": limit, **({"cursor": cursor} if cursor else {})}
    r = ident.client.get("/api/v1/households", params=params, headers=ident.headers())
    assert r.status_code == 200, r.text
    return r.json()


def _check(before: list[str], seen: list[str], keys: list[tuple[str, str]]) -> None:
    """Nothing repeated, everything that existed throughout seen, keys strictly increasing."""
    assert len(seen) == len(set(seen))
    assert set(before) <= set(seen)
    assert all(a < b for a, b in pairwise(keys))


def _change(ident, household_id: str) -> None:
    """Change a household (a new version, the same key)."""
    url = f"/api/v1/households/{household_id}"
    etag = ident.client.get(url, headers=ident.headers()).headers["etag"]
    r = ident.client.patch(url, json={"address": "改过的地址"}, headers=ident.headers(**{"If-Match": etag}))
    assert r.status_code == 200, r.text


def test_list_pages_while_households_are_added_and_changed_between_pages(ident):
    before = [_new(ident, VILLAGES[i % 3]) for i in range(9)]
    seen, keys, cursor, pages = [], [], None, 0
    while True:
        page = _page(ident, cursor, 2)
        seen += [h["id"] for h in page["items"]]
        keys += [(h["region_code"], h["household_no"]) for h in page["items"]]
        cursor, pages = page["next_cursor"], pages + 1
        if cursor is None:
            break
        if pages <= 6:  # a household behind the cursor, one ahead, and a change of one already read
            for village in VILLAGES:
                _new(ident, village)
            _change(ident, seen[0])
    _check(before, seen, keys)
    assert len(seen) > len(before)  # those added ahead of the cursor were reached


def test_list_pages_while_a_writer_commits_concurrently(ident):
    before = [_new(ident, VILLAGES[i % 3]) for i in range(6)]
    done = threading.Event()

    def write() -> None:
        for i in range(30):
            if done.is_set():
                return
            _new(ident, VILLAGES[i % 3])

    writer = threading.Thread(target=write)
    writer.start()
    try:
        seen, keys, cursor = [], [], None
        while True:
            page = _page(ident, cursor, 3)
            seen += [h["id"] for h in page["items"]]
            keys += [(h["region_code"], h["household_no"]) for h in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
    finally:
        done.set()
        writer.join()
    _check(before, seen, keys)


def test_the_change_feed_read_while_writers_commit_gives_every_position_once_in_order(ident):
    writing = [threading.Thread(target=lambda v=v: [_new(ident, v) for _ in range(8)]) for v in VILLAGES]
    for thread in writing:
        thread.start()
    positions, after = [], "0"

    def read_page() -> list[int]:
        nonlocal after
        r = ident.client.get("/api/v1/events", params={"cursor": after, "limit": 3}, headers=ident.headers())
        assert r.status_code == 200, r.text
        got = [int(e["sequence"]) for e in r.json()["items"]]
        if got:
            after = str(got[-1])
        return got

    while any(t.is_alive() for t in writing):
        positions += read_page()
    for thread in writing:
        thread.join()
    while page := read_page():
        positions += page
    with ident.db.transaction(write=False) as session:
        outbox = session.infra.outbox
        stored = list(session.execute(outbox.select().with_only_columns(outbox.c.position)
                                      .order_by(outbox.c.position)).scalars())
    assert positions == stored  # in order, none skipped, none repeated
    assert len(stored) >= 3 * 8


@pytest.fixture
def small_export_pages(monkeypatch):
    monkeypatch.setattr(export, "PAGE", 2)


def test_the_export_pages_while_households_are_added_between_pages(ident, small_export_pages):
    before = [_new(ident, VILLAGES[i % 3], "household_no") for i in range(7)]
    view = PersonalView(ident.app.state.cipher, unmasked=False)
    seen, keys = [], []
    for n, page in enumerate(export.pages(export.open_snapshot(ident.db), HouseholdFilter("441882"), view)):
        seen += [h["household_no"] for h in page]
        keys += [(h["region_code"], h["household_no"]) for h in page]
        if n < 4:
            for village in VILLAGES:
                _new(ident, village)
    _check(before, seen, keys)
