"""The transactional outbox and its change feed: commit order, cursors, region scope."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from shared.events.identification import HouseholdUpdated
from shared.journal import COPY_THRESHOLD
from tests.identification.register_data import create, household, member

PROVINCE = {"role": "province_official", "region": "44"}


def _feed(ident, params: dict | None = None, **caller) -> dict:
    r = ident.client.get("/api/v1/events", params=params or {}, headers=ident.headers(**(caller or PROVINCE)))
    assert r.status_code == 200, r.text
    return r.json()


def _walk(ident, limit: int, **caller) -> list[dict]:
    items, cursor, pages = [], None, 0
    while True:
        params = {"limit": limit} | ({"cursor": cursor} if cursor else {})
        page = _feed(ident, params, **caller)
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return items
        assert pages < 100


def test_create_emits_cloud_events_in_order(ident):
    created = create(ident, household([member(11), member(22, "spouse", "王小花")]))
    items = _feed(ident)["items"]
    assert [e["type"] for e in items] == ["household.created", "member.added", "member.added"]
    assert [e["sequence"] for e in items] == ["1", "2", "3"]
    first = items[0]
    assert first["specversion"] == "1.0"
    assert first["source"] == "/identification"
    assert first["subject"] == created["id"]
    assert first["data"]["household_no"] == created["household_no"]
    assert first["data"]["status"] == "candidate"
    assert first["data"]["member_count"] == 2
    assert len({e["id"] for e in items}) == 3
    assert {e["data"]["household_id"] for e in items[1:]} == {created["id"]}


def test_cursor_paging_returns_every_event_once_in_order(ident):
    for serial in (11, 13, 15, 17, 19):
        create(ident, household([member(serial)]))
    everything = _feed(ident, {"limit": 500})["items"]
    assert len(everything) == 10
    paged = _walk(ident, limit=4)
    assert [e["id"] for e in paged] == [e["id"] for e in everything]
    positions = [int(e["sequence"]) for e in paged]
    assert positions == list(range(1, 11))


def test_cursor_skips_what_was_processed(ident):
    create(ident)
    create(ident, household([member(13)]))
    items = _feed(ident, {"cursor": "2"})["items"]
    assert [e["sequence"] for e in items] == ["3", "4"]
    assert _feed(ident, {"cursor": "4"}) == {"items": [], "next_cursor": "4", "has_more": False}


def test_a_tail_page_says_where_to_continue(ident):
    create(ident)
    tail = _feed(ident, {"limit": 5})
    assert ([e["sequence"] for e in tail["items"]], tail["next_cursor"], tail["has_more"]) == (
        ["1", "2"], "2", False)
    create(ident, household([member(13)]))
    following = _feed(ident, {"cursor": tail["next_cursor"]})
    assert [e["sequence"] for e in following["items"]] == ["3", "4"]


def test_an_empty_feed_continues_from_its_start(ident):
    assert _feed(ident) == {"items": [], "next_cursor": "0", "has_more": False}


def test_a_full_page_has_more(ident):
    create(ident)
    page = _feed(ident, {"limit": 2})
    assert (page["next_cursor"], page["has_more"]) == ("2", True)
    assert _feed(ident, {"cursor": "2"}) == {"items": [], "next_cursor": "2", "has_more": False}


def test_type_filter(ident):
    create(ident)
    create(ident, household([member(13)]))
    items = _feed(ident, {"type": "household.created"})["items"]
    assert [e["sequence"] for e in items] == ["1", "3"]


def test_region_scope_filters_the_feed(ident):
    create(ident)  # 连州镇
    other = create(ident, household([member(13)], region="441882101201"))  # 星子镇
    town_items = _feed(ident, {}, role="town_official", region="441882101")["items"]
    assert {e["subject"] for e in town_items if e["type"] == "household.created"} == {other["id"]}
    assert len(town_items) == 2
    assert len(_feed(ident, {}, role="county_official", region="441882")["items"]) == 4
    assert _feed(ident, {}, role="county_official", region="441881")["items"] == []


def test_region_less_events_reach_only_province_callers(ident):
    with ident.db.transaction() as s:
        s.journal.emit(HouseholdUpdated(household_id="x", region_code="", version=1, changed=[]))
    assert len(_feed(ident)["items"]) == 1
    assert _feed(ident, {}, role="county_official", region="441882")["items"] == []


def test_failed_request_emits_nothing(ident):
    create(ident)
    r = ident.client.post("/api/v1/households", json=household(), headers=ident.headers())
    assert r.status_code == 409
    assert len(_feed(ident)["items"]) == 2


def test_rolled_back_transaction_emits_nothing(ident):
    try:
        with ident.db.transaction() as s:
            s.journal.emit(HouseholdUpdated(household_id="x", region_code="44", version=1, changed=[]))
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    assert _feed(ident)["items"] == []
    outbox = ident.app.state.infra.outbox
    with ident.db.transaction() as s:
        assert s.execute(select(outbox)).all() == []


def test_concurrent_commits_leave_no_gap(ident):
    # Distinct villages: households of one village also serialise on its number counter.
    bodies = [household([member(200 + 2 * i + 1)], region=f"44188210{i // 5}20{i % 5 + 1}")
              for i in range(10)]

    def post(body: dict) -> int:
        return ident.client.post("/api/v1/households", json=body, headers=ident.headers()).status_code

    with ThreadPoolExecutor(max_workers=5) as pool:
        assert list(pool.map(post, bodies)) == [201] * 10
    items = _walk(ident, limit=7)
    assert [int(e["sequence"]) for e in items] == list(range(1, 21))
    # Each household's own events are contiguous: one transaction's events commit together.
    subjects = [e["data"]["household_id"] for e in items]
    runs = [subjects[i:i + 2] for i in range(0, 20, 2)]
    assert all(len(set(run)) == 1 for run in runs)


def test_bad_cursor_is_a_field_error(ident):
    r = ident.client.get("/api/v1/events", params={"cursor": "abc"}, headers=ident.headers(**PROVINCE))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "cursor"


@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/audit"])
def test_cursor_beyond_bigint_is_a_field_error(ident, path):
    r = ident.client.get(path, params={"cursor": "9" * 19}, headers=ident.headers(**PROVINCE))
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "cursor")


@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/audit"])
def test_the_old_after_parameter_is_refused_by_name(ident, path):
    r = ident.client.get(path, params={"after": "2"}, headers=ident.headers(**PROVINCE))
    assert (r.status_code, r.json()["code"]) == (422, "unknown_parameter")
    assert r.json()["errors"][0]["field"] == "after"


def test_limit_out_of_range_is_a_field_error(ident):
    r = ident.client.get("/api/v1/events", params={"limit": 0}, headers=ident.headers(**PROVINCE))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "limit"


def test_feed_needs_events_read(ident):
    r = ident.client.get("/api/v1/events", headers=ident.headers("helper"))
    assert r.status_code == 403
    r = ident.client.get("/api/v1/events", headers=ident.headers("service", scopes=["events:read"]))
    assert r.status_code == 200


def test_events_written_in_bulk_keep_their_data(ident):
    """Above the journal's COPY threshold events go by binary COPY; their data reads back alike."""
    outbox = ident.app.state.infra.outbox
    with ident.db.transaction() as s:
        for i in range(COPY_THRESHOLD + 5):
            s.journal.emit(HouseholdUpdated(household_id=f"h-{i}", region_code="441882100201", version=i,
                                            changed=["address", "联系电话"]))
    with ident.db.transaction(write=False) as s:
        rows = s.execute(select(outbox.c.data).order_by(outbox.c.position)).scalars().all()
    assert len(rows) == COPY_THRESHOLD + 5
    assert rows[-1] == {"household_id": f"h-{COPY_THRESHOLD + 4}", "region_code": "441882100201",
                        "version": COPY_THRESHOLD + 4, "changed": ["address", "联系电话"]}
