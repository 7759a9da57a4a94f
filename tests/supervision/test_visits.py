"""Visits from phones in offline batches, their checks against the register, and coverage (plan §25)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from services.supervision.models import Visit, replica
from services.supervision.visits.schemas import BATCH_MAX
from shared.journal import COPY_THRESHOLD, verify_chain
from tests.supervision.register import OTHER_VILLAGE, POOR_VILLAGES, TOWN, household, load_households
from tests.supervision.support import ADMIN, headers_of, official

LIANZHOU = (24.7805, 112.3822)  # 连州市区


def _record(official_id, target, when="2019-05-12T10:30:00+08:00", **changes):
    record = {
        "client_id": str(uuid.uuid4()),
        "official_id": official_id,
        "target_kind": "household",
        "household_id": str(target),
        "visited_at": when,
        "latitude": LIANZHOU[0],
        "longitude": LIANZHOU[1],
        "findings": "住房安全，子女在校。",
        "follow_ups": ["协助申请产业奖补"],
        "photos": ["photos/2019/05/12/0001.jpg"],
    }
    return record | changes


def _secretary(sup, level="town", region=TOWN, subject="town-secretary"):
    return official(sup, level, region, subject=subject)


def test_a_batch_sent_twice_with_bad_records_stores_each_good_visit_once(sup):
    homes = load_households(sup, [household(POOR_VILLAGES[0], n) for n in (1, 2, 3)])
    secretary = _secretary(sup)
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    batch = [
        _record(secretary["id"], homes[0].id),
        _record(secretary["id"], homes[1].id),
        _record(secretary["id"], homes[2].id, latitude=48.8566, longitude=2.3522),  # Paris
        _record(secretary["id"], homes[2].id, when=future),
        _record(secretary["id"], uuid.uuid4()),  # not in the register
        {"client_id": "not-a-uuid", "official_id": secretary["id"]},
    ]
    headers = headers_of(sup, "town-secretary", "town_official", "441882100")
    first = sup.client.post("/api/v1/visits/batches", json={"visits": batch}, headers=headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["received"], body["created"], body["duplicates"], body["rejected"]) == (6, 2, 0, 4)
    outcomes = [r["outcome"] for r in body["results"]]
    assert outcomes == ["created", "created", "rejected", "rejected", "rejected", "rejected"]
    reasons = [{(e["field"], e["code"]) for e in r["errors"]} for r in body["results"][2:]]
    assert reasons[0] == {("longitude", "outside_china")}  # Paris lies within China's latitudes
    assert reasons[1] == {("visited_at", "visit_in_future")}
    assert reasons[2] == {("household_id", "target_unknown")}
    assert ("client_id", "uuid_parsing") in reasons[3]

    again = sup.client.post("/api/v1/visits/batches", json={"visits": batch}, headers=headers).json()
    assert (again["created"], again["duplicates"], again["rejected"]) == (0, 2, 4)
    assert [r["visit_id"] for r in again["results"][:2]] == [r["visit_id"] for r in body["results"][:2]]
    with sup.db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 2
    feed = sup.client.get("/api/v1/events", params={"limit": 500}, headers=sup.headers(**ADMIN))
    assert [e["type"] for e in feed.json()["items"]].count("visit.recorded") == 2


def test_reasons_come_in_chinese_when_asked(sup):
    homes = load_households(sup, [household(POOR_VILLAGES[0], 1)])
    secretary = _secretary(sup)
    headers = headers_of(sup, "town-secretary", "town_official", "441882100", **{"Accept-Language": "zh-CN"})
    bad = _record(secretary["id"], homes[0].id, longitude=150.0)
    result = sup.client.post("/api/v1/visits/batches", json={"visits": [bad]}, headers=headers).json()
    assert result["results"][0]["errors"] == [
        {
            "field": "longitude",
            "code": "outside_china",
            "message": "经度不在我国境内",
            "rule": "supervision.visit.plausible",
        }
    ]


def test_a_client_id_reused_for_another_visit_is_refused(sup):
    homes = load_households(sup, [household(POOR_VILLAGES[0], n) for n in (1, 2)])
    secretary = _secretary(sup)
    headers = headers_of(sup, "town-secretary", "town_official", "441882100")
    first = _record(secretary["id"], homes[0].id)
    sup.client.post("/api/v1/visits/batches", json={"visits": [first]}, headers=headers)
    other = _record(secretary["id"], homes[1].id, client_id=first["client_id"])
    result = sup.client.post("/api/v1/visits/batches", json={"visits": [other]}, headers=headers).json()
    assert result["results"][0]["errors"][0]["code"] == "client_id_reused"


def test_an_official_records_only_their_own_visits_and_inside_their_area(sup):
    homes = load_households(sup, [household(POOR_VILLAGES[0], 1), household("441882101201", 1)])
    secretary = _secretary(sup)
    stranger = headers_of(sup, "someone-else", "town_official", "441882100")
    result = sup.client.post(
        "/api/v1/visits/batches", json={"visits": [_record(secretary["id"], homes[0].id)]}, headers=stranger
    ).json()
    assert result["results"][0]["errors"][0]["code"] == "official_unknown"
    own = headers_of(sup, "town-secretary", "town_official", "441882100")
    outside = sup.client.post(
        "/api/v1/visits/batches", json={"visits": [_record(secretary["id"], homes[1].id)]}, headers=own
    ).json()
    assert outside["results"][0]["errors"][0]["code"] == "target_outside_area"
    assert outside["results"][0]["errors"][0]["rule"] == "supervision.visit.target_in_area"


def test_a_batch_over_the_limit_is_refused_whole(sup):
    record = _record(str(uuid.uuid4()), uuid.uuid4())
    r = sup.client.post(
        "/api/v1/visits/batches", json={"visits": [record] * 501}, headers=sup.headers(**ADMIN)
    )
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "visits")


def _direct_household_coverage(sup, level_unit_length, start, end):
    """Count poor households and those visited by their unit's secretary, straight from the tables."""
    with sup.db.transaction(write=False) as session:
        homes = session.execute(
            select(replica.households.c.id, replica.households.c.region_code).where(
                replica.households.c.status.in_(("identified", "returned"))
            )
        ).all()
        visits = session.execute(
            select(Visit.household_id, Visit.official_region, Visit.visited_at).where(
                Visit.official_post == "party_secretary", Visit.official_level == "town"
            )
        ).all()
    visited = {
        v.household_id
        for v in visits
        if start <= v.visited_at < end
        and any(
            h.id == v.household_id and h.region_code[:level_unit_length] == v.official_region[:9]
            for h in homes
        )
    }
    return len(homes), len(visited)


def test_coverage_and_not_visited_agree_with_a_direct_count(sup):
    homes = load_households(
        sup,
        [household(POOR_VILLAGES[0], n) for n in range(1, 6)]
        + [household(POOR_VILLAGES[1], n) for n in range(1, 4)]
        + [household(OTHER_VILLAGE, 1, status="exited"), household(POOR_VILLAGES[1], 9, status="removed")],
    )
    secretary = _secretary(sup)
    cadre = official(sup, "town", TOWN, post="cadre", subject="town-cadre", name="干部")
    own = headers_of(sup, "town-secretary", "town_official", "441882100")
    visits = [
        _record(secretary["id"], homes[0].id),
        _record(secretary["id"], homes[0].id),
        _record(secretary["id"], homes[5].id),
        _record(secretary["id"], homes[6].id, when="2018-06-01T09:00:00+08:00"),
    ]  # another year
    assert (
        sup.client.post("/api/v1/visits/batches", json={"visits": visits}, headers=own).json()["created"] == 4
    )
    cadre_visit = [_record(cadre["id"], homes[1].id)]  # not the secretary: does not count
    sup.client.post(
        "/api/v1/visits/batches",
        json={"visits": cadre_visit},
        headers=headers_of(sup, "town-cadre", "town_official", "441882100"),
    )
    params = {"level": "town", "start": "2019-01-01", "end": "2019-12-31", "region": "441882"}
    report = sup.client.get("/api/v1/visits/coverage", params=params, headers=sup.headers(**ADMIN)).json()
    start = datetime(2018, 12, 31, 16, tzinfo=UTC)
    targets, visited = _direct_household_coverage(sup, 9, start, start + timedelta(days=365))
    assert (report["targets"], report["visited"]) == (targets, visited) == (8, 2)
    assert report["rows"] == [{"region_code": TOWN, "targets": 8, "visited": 2, "not_visited": 6}]
    missing = sup.client.get(
        "/api/v1/visits/not-visited", params=params | {"limit": 4}, headers=sup.headers(**ADMIN)
    ).json()
    rest = sup.client.get(
        "/api/v1/visits/not-visited",
        params=params | {"limit": 4, "cursor": missing["next_cursor"]},
        headers=sup.headers(**ADMIN),
    ).json()
    listed = {item["target_id"] for item in missing["items"] + rest["items"]}
    assert listed == {str(h.id) for h in homes[:8]} - {str(homes[0].id), str(homes[5].id)}


def test_county_coverage_counts_poor_villages_visited_by_the_county_secretary(sup):
    secretary = official(sup, "county", "441882000000", subject="county-secretary")
    own = headers_of(sup, "county-secretary", "county_official", "441882")
    visit = _record(
        secretary["id"], None, target_kind="village", household_id=None, target_code=POOR_VILLAGES[0]
    )
    result = sup.client.post("/api/v1/visits/batches", json={"visits": [visit]}, headers=own).json()
    assert result["created"] == 1, result
    params = {"level": "county", "start": "2019-01-01", "end": "2019-12-31"}
    report = sup.client.get("/api/v1/visits/coverage", params=params, headers=own).json()
    with sup.db.transaction(write=False) as session:
        poor = session.scalar(
            select(func.count())
            .select_from(replica.regions)
            .where(replica.regions.c.level == "village", replica.regions.c.relatively_poor.is_(True))
        )
    assert (report["targets"], report["visited"]) == (poor, 1)


def test_a_level_with_visit_targets_only_and_periods_that_end_before_they_start(sup):
    params = {"level": "town", "start": "2019-12-31", "end": "2019-01-01"}
    r = sup.client.get("/api/v1/visits/coverage", params=params, headers=sup.headers(**ADMIN))
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "end")


def test_findings_are_sealed_and_shown_only_with_pii_read(sup):
    homes = load_households(sup, [household(POOR_VILLAGES[0], 1)])
    secretary = _secretary(sup)
    own = headers_of(sup, "town-secretary", "town_official", "441882100")
    sup.client.post(
        "/api/v1/visits/batches", json={"visits": [_record(secretary["id"], homes[0].id)]}, headers=own
    )
    masked = sup.client.get("/api/v1/visits", headers=sup.headers(**ADMIN)).json()["items"][0]
    assert masked["findings"] is None
    clear = sup.client.get("/api/v1/visits", headers=sup.headers(**ADMIN, scopes=["pii:read"])).json()
    assert clear["items"][0]["findings"] == "住房安全，子女在校。"
    with sup.db.transaction(write=False) as session:
        stored = session.scalar(select(Visit.findings_enc))
    assert "住房".encode() not in stored


def test_a_full_batch_is_journalled_a_visit_an_entry_and_an_event_and_the_chain_verifies(sup):
    homes = load_households(sup, [household(POOR_VILLAGES[0], n) for n in range(1, BATCH_MAX + 1)])
    secretary = _secretary(sup)
    start = datetime(2019, 5, 12, 8, tzinfo=UTC)
    batch = [
        _record(secretary["id"], h.id, (start + timedelta(minutes=i)).isoformat())
        for i, h in enumerate(homes)
    ]
    headers = headers_of(sup, "town-secretary", "town_official", "441882100")
    r = sup.client.post("/api/v1/visits/batches", json={"visits": batch}, headers=headers)
    assert r.status_code == 200 and r.json()["created"] == BATCH_MAX, r.text
    infra = sup.app.state.infra
    with sup.db.transaction(write=False) as session:
        assert verify_chain(session, infra, sup.db.context.anchor).ok
        audited = session.scalar(
            select(func.count()).select_from(infra.audit).where(infra.audit.c.action == "visit.record")
        )
        positions = session.execute(
            select(infra.outbox.c.position, infra.outbox.c.type).order_by(infra.outbox.c.position)
        ).all()
    assert audited == BATCH_MAX
    assert [p for p, _ in positions] == list(range(1, len(positions) + 1))  # gapless
    recorded = [t for _, t in positions].count("visit.recorded")
    assert recorded == BATCH_MAX and recorded >= COPY_THRESHOLD  # the journal's bulk path wrote them
