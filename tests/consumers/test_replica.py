"""The register replica in funds, kept from identification's feed and replica endpoints."""

from __future__ import annotations

import importlib
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from services.cli import consuming_services
from services.funds.models import consumers, replica
from shared.consumers.core import Consumer
from shared.events.schemas import contracts as published_contracts
from shared.replica.handler import HOUSEHOLD_EVENTS, NO_REPLICA_EFFECT, REGION_EVENTS, RegisterReplica
from shared.replica.source import RegisterSource
from tests.conftest import harness_for
from tests.consumers.support import catch_up, service_token
from tests.identification.bulk_support import csv_bytes, csv_row, person, run_import
from tests.identification.procedure_flow import (
    VILLAGE,
    headers,
    identify,
    meet_village_conditions,
    record_village_income,
    start,
    walk,
)
from tests.identification.register_data import create, household, member


def _replica(ident, mode: str = "snapshot") -> RegisterReplica:
    return RegisterReplica(replica, RegisterSource(ident.client, service_token(ident)), bootstrap_mode=mode)


def _rows(funds, table) -> list[dict]:
    with funds.db.transaction(write=False) as session:
        return [dict(r) for r in session.execute(select(table)).mappings()]


def test_every_identification_event_type_has_a_replica_rule():
    emitted = set(published_contracts("identification"))
    assert emitted == set(HOUSEHOLD_EVENTS) | set(REGION_EVENTS) | set(NO_REPLICA_EFFECT)


def test_replay_from_position_zero_builds_the_replica_without_personal_data(ident, funds):
    created = create(ident, household([member(11), member(22, "spouse", "王小花")]))
    catch_up(funds.db, consumers, _replica(ident, "replay"), ident.client, service_token(ident))
    households = _rows(funds, replica.households)
    assert [(str(h["id"]), h["status"], h["household_no"]) for h in households] == [
        (created["id"], "candidate", created["household_no"])]
    members = _rows(funds, replica.members)
    assert len(members) == 2 and {m["relation"] for m in members} == {"head", "spouse"}
    assert all(len(m["id_number_hash"]) == 64 for m in members)
    assert members[0]["birth_date"] == date(1970, 5, 1)
    columns = {c.name for t in (replica.households, replica.members) for c in t.columns}
    assert not columns & {"name", "id_number", "phone", "address", "bank_account", "illness"}
    regions = {r["code"]: r for r in _rows(funds, replica.regions)}
    assert regions["441882100201"]["level"] == "village"


def test_a_removal_reaches_the_replica_and_the_consumer_reports_no_lag(ident, funds):
    token = service_token(ident)
    catch_up(funds.db, consumers, _replica(ident), ident.client, token)
    identified = identify(ident)
    proc = start(ident, identified["id"], "removal", date(2018, 9, 1), removal_reason="vehicle_owned",
                 documents=["部门比对：车辆登记"])
    walk(ident, proc["id"], [("notice", date(2018, 9, 2)), ("town_review", date(2018, 9, 9)),
                             ("county_approval", date(2018, 9, 10))])
    catch_up(funds.db, consumers, _replica(ident), ident.client, token)
    [row] = _rows(funds, replica.households)
    assert (row["status"], row["removed_on"], row["removal_reason"]) == ("removed", date(2018, 9, 10),
                                                                          "vehicle_owned")
    assert row["identified_on"] == date(2018, 3, 12)
    status = funds.client.get("/api/v1/consumers", headers=funds.headers(role="admin", region="44"))
    assert status.status_code == 200, status.text
    [item] = status.json()["items"]
    assert (item["name"], item["source"], item["lag_events"], item["lag_seconds"]) == (
        "register", "identification", 0, 0.0)
    assert item["applied"] > 0 and item["dead_lettered"] == 0


def test_snapshot_bootstrap_starts_after_the_position_it_reflects(ident, funds):
    for serial in (11, 13, 15):
        create(ident, household([member(serial)]))
    handler = _replica(ident)
    consumer = catch_up(funds.db, consumers, handler, ident.client, service_token(ident))
    checkpoint = consumer.checkpoint()
    assert checkpoint["bootstrapped_at"] is not None
    assert checkpoint["applied"] == 0  # the snapshot brought every row; no event needed replaying
    assert checkpoint["position"] == int(ident.client.get(
        "/api/v1/events", headers=ident.headers(role="province_official", region="44")).headers[
        "X-Feed-Head-Position"])
    assert len(_rows(funds, replica.households)) == 3
    assert len(_rows(funds, replica.members)) == 3


def test_member_changes_and_departures_are_replicated(ident, funds):
    token = service_token(ident)
    created = create(ident, household([member(11), member(22, "spouse", "王小花")]))
    catch_up(funds.db, consumers, _replica(ident), ident.client, token)
    spouse = next(m for m in created["members"] if m["relation"] == "spouse")
    etag = ident.client.get(f"/api/v1/households/{created['id']}", headers=ident.headers()).headers["etag"]
    r = ident.client.post(f"/api/v1/households/{created['id']}/members/{spouse['id']}/leave",
                          headers=ident.headers(**{"If-Match": etag}),
                          json={"left_on": "2019-06-01", "reason": "death"})
    assert r.status_code == 200, r.text
    catch_up(funds.db, consumers, _replica(ident), ident.client, token)
    left = next(m for m in _rows(funds, replica.members) if str(m["id"]) == spouse["id"])
    assert (left["active"], left["left_on"]) == (False, date(2019, 6, 1))


def test_replica_endpoints_need_the_replicate_scope_and_name_bad_fields(ident):
    official = ident.headers(role="province_official", region="44")
    assert ident.client.get("/api/v1/replica/regions", headers=official).status_code == 403
    token = service_token(ident)()
    service = {"Authorization": f"Bearer {token}"}
    bad = ident.client.post("/api/v1/replica/lookup", headers=service, json={"household_ids": ["nope"]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"].startswith("household_ids")
    for code in ("44x", "４４１８８２１００２０１"):  # the shared RegionCode: ASCII digits only
        bad = ident.client.post("/api/v1/replica/lookup", headers=service, json={"region_codes": [code]})
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"].startswith("region_codes")
    cursor = ident.client.get("/api/v1/replica/households", headers=service, params={"cursor": "garbage"})
    assert cursor.status_code == 422 and cursor.json()["errors"][0]["field"] == "cursor"
    unknown = ident.client.post("/api/v1/replica/lookup", headers=service,
                                json={"household_ids": [str(uuid.uuid4())]})
    assert unknown.status_code == 200 and unknown.json()["households"] == []


def test_paged_snapshot_walks_every_household_once(ident):
    for serial in (11, 13, 15, 17, 19):
        create(ident, household([member(serial)]))
    source = RegisterSource(ident.client, service_token(ident))
    seen, cursor = [], None
    while True:
        page = source.households_page(cursor, 2)
        seen += [h.id for h in page.households]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 5


def test_a_consumer_checkpoint_is_created_once(funds, ident):
    consumer = Consumer(funds.db, consumers, _replica(ident))
    consumer.ensure_checkpoint("http")
    consumer.ensure_checkpoint("nats")
    assert consumer.checkpoint()["transport"] == "http"


def test_a_bulk_import_reaches_the_replica_through_household_imported(ident, funds):
    token = service_token(ident)
    catch_up(funds.db, consumers, _replica(ident), ident.client, token)  # snapshot of an empty register
    rows = [csv_row("4418821002019001", "张三", person(11)),
            csv_row("4418821002019001", "李四", person(22), "配偶"),
            csv_row("4418821002019002", "王五", person(33))]
    job = run_import(ident, csv_bytes(rows))
    assert job["state"] == "succeeded", job
    consumer = catch_up(funds.db, consumers, _replica(ident), ident.client, token)
    households = _rows(funds, replica.households)
    assert sorted(h["household_no"] for h in households) == ["4418821002019001", "4418821002019002"]
    assert {h["identified_on"] for h in households} == {date(2016, 6, 30)}
    assert len(_rows(funds, replica.members)) == 3
    assert consumer.checkpoint()["applied"] >= 2  # two household.imported events and import.completed


def test_a_village_exit_reaches_the_replica_regions(ident, funds):
    token = service_token(ident)
    record_village_income(ident, "11290.80")  # 60% × 18,818 in 2019
    meet_village_conditions(ident)
    r = ident.client.post(f"/api/v1/villages/{VILLAGE}/procedures", headers=headers(ident, "village"),
                          json={"kind": "village_exit", "on": "2019-12-01", "year": 2019,
                                "documents": ["出列申请"]})
    assert r.status_code == 201, r.text
    walk(ident, r.json()["id"], [("verification", date(2019, 12, 2)), ("notice", date(2019, 12, 3)),
                                 ("town_review", date(2019, 12, 10))])
    catch_up(funds.db, consumers, _replica(ident), ident.client, token)
    before = {r["code"]: r for r in _rows(funds, replica.regions)}[VILLAGE]
    assert (before["relatively_poor"], before["exited_on"]) == (True, None)
    walk(ident, r.json()["id"], [("county_approval", date(2019, 12, 11))])  # only village.exited names it
    catch_up(funds.db, consumers, _replica(ident), ident.client, token)
    after = {r["code"]: r for r in _rows(funds, replica.regions)}[VILLAGE]
    assert (after["relatively_poor"], after["exited_on"]) == (True, date(2019, 12, 11))


@pytest.mark.parametrize("service", consuming_services())
def test_each_consuming_service_reports_no_lag_and_holds_every_household(ident, service):
    token = service_token(ident)
    for serial in (11, 13):
        create(ident, household([member(serial)]))
    harness = harness_for(service)
    models = importlib.import_module(f"services.{service}.models")
    handler = RegisterReplica(models.replica, RegisterSource(ident.client, token))
    catch_up(harness.db, models.consumers, handler, ident.client, token)  # the snapshot
    create(ident, household([member(15)]))  # and one through the feed
    catch_up(harness.db, models.consumers, handler, ident.client, token)
    r = harness.client.get("/api/v1/consumers", headers=harness.headers(role="admin", region="44"))
    assert r.status_code == 200, r.text
    [status] = r.json()["items"]
    assert (status["name"], status["source"], status["lag_events"], status["applied"]) == (
        "register", "identification", 0, 2)
    register = ident.client.get("/api/v1/households", params={"region": "44", "limit": 500},
                                headers=ident.headers(role="province_official", region="44")).json()["items"]
    with harness.db.transaction(write=False) as session:
        replicated = set(session.execute(select(models.replica.households.c.id)).scalars())
    assert {str(h) for h in replicated} == {h["id"] for h in register} and len(register) == 3
