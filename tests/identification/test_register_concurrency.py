"""Races: one person in two households at once, two updates of one version, enforced by the database."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from services.identification.households import repository
from services.identification.models import Household, Member
from tests.identification.register_data import OTHER_VILLAGE, create, household, id_number, member


def _race(calls: list) -> list:
    """Run the calls at the same moment on their own threads and return their results."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [f.result() for f in [pool.submit(run, c) for c in calls]]


def _active_memberships(ident, number: str) -> int:
    digest = ident.app.state.cipher.lookup_hash(number, "id_number")
    with ident.db.transaction() as s:
        return s.execute(select(func.count()).select_from(Member)
                         .where(Member.id_number_hash == digest, Member.active.is_(True))).scalar_one()


@pytest.mark.parametrize("round_", range(3))
def test_same_person_in_two_new_households_at_once(ident, round_):
    person = 301 + 2 * round_
    bodies = [household([member(person)]), household([member(person)], region=OTHER_VILLAGE)]
    responses = _race([lambda b=b: ident.client.post("/api/v1/households", json=b, headers=ident.headers())
                       for b in bodies])
    assert sorted(r.status_code for r in responses) == [201, 409]
    winner = next(r.json() for r in responses if r.status_code == 201)
    loser = next(r.json() for r in responses if r.status_code == 409)
    assert loser["code"] == "person_in_other_household"
    assert loser["other_household_no"] == winner["household_no"]
    assert loser["other_household_id"] == winner["id"]
    assert loser["errors"][0]["field"] == "members[0].id_number"
    assert _active_memberships(ident, id_number(person)) == 1
    with ident.db.transaction() as s:
        assert s.execute(select(func.count()).select_from(Household)).scalar_one() == 1


def test_same_person_added_to_two_households_at_once(ident):
    first = create(ident)
    second = create(ident, household([member(13)], region=OTHER_VILLAGE))
    responses = _race([
        lambda h=h: ident.client.post(f"/api/v1/households/{h['id']}/members", json=member(44, "son"),
                                      headers=ident.headers(**{"If-Match": '"1"'}))
        for h in (first, second)])
    assert sorted(r.status_code for r in responses) == [201, 409]
    assert _active_memberships(ident, id_number(44)) == 1


def test_database_constraint_catches_what_the_check_missed(ident, monkeypatch):
    """Even when the pre-check sees nothing (the other request had not committed), the index refuses."""
    first = create(ident)
    real = repository.active_memberships
    calls = {"n": 0}

    def blind_first(session, hashes):
        calls["n"] += 1
        return {} if calls["n"] == 1 else real(session, hashes)

    monkeypatch.setattr(repository, "active_memberships", blind_first)
    r = ident.client.post("/api/v1/households", json=household([member(11)], region=OTHER_VILLAGE),
                          headers=ident.headers())
    assert r.status_code == 409
    assert r.json()["other_household_no"] == first["household_no"]
    assert r.json()["errors"][0]["field"] == "members[0].id_number"
    assert calls["n"] == 2
    assert _active_memberships(ident, id_number(11)) == 1


def test_unique_index_refuses_a_second_active_membership(ident):
    created = create(ident)
    with pytest.raises(IntegrityError), ident.db.transaction() as s:
        original = s.execute(select(Member)).scalar_one()
        other = create_household_row(s, original.household.region_code)
        s.add(Member(id=uuid.uuid4(), household_id=other.id, seq=1, name="冒名", id_number_enc=b"x",
                     id_number_hash=original.id_number_hash, sex="male", birth_date=original.birth_date,
                     relation="head", education="primary", schooling="not_school_age",
                     health_status="healthy", labour_capacity="normal", pension_insured=False,
                     medical_insured=False, critical_illness_insured=False, employment="not_applicable",
                     active=True))
    assert _active_memberships(ident, id_number(11)) == 1
    assert created["member_count"] == 1


def create_household_row(session, region_code: str) -> Household:
    """Insert a bare household row for constraint tests."""
    row = Household(id=uuid.uuid4(), household_no=f"T{uuid.uuid4().hex[:10]}", region_code=region_code,
                    county_code=region_code[:6], address="测试", status="candidate", category="general",
                    primary_cause="illness", other_causes=[], housing_grade="unassessed",
                    renovation_state="not_needed", safe_drinking_water=True)
    session.add(row)
    session.flush()
    return row


def test_inactive_memberships_may_repeat(ident):
    create(ident)
    with ident.db.transaction() as s:
        original = s.execute(select(Member)).scalar_one()
        other = create_household_row(s, original.household.region_code)
        s.add(Member(id=uuid.uuid4(), household_id=other.id, seq=1, name="旧户", id_number_enc=b"x",
                     id_number_hash=original.id_number_hash, sex="male", birth_date=original.birth_date,
                     relation="head", education="primary", schooling="not_school_age",
                     health_status="healthy", labour_capacity="normal", pension_insured=False,
                     medical_insured=False, critical_illness_insured=False, employment="not_applicable",
                     active=False))
    assert _active_memberships(ident, id_number(11)) == 1


@pytest.mark.parametrize("round_", range(3))
def test_two_patches_with_one_if_match(ident, round_):
    created = create(ident)
    responses = _race([
        lambda a=a: ident.client.patch(f"/api/v1/households/{created['id']}", json={"address": a},
                                       headers=ident.headers(**{"If-Match": '"1"'}))
        for a in ("甲地址", "乙地址")])
    assert sorted(r.status_code for r in responses) == [200, 412]
    winner = next(r.json() for r in responses if r.status_code == 200)
    loser = next(r for r in responses if r.status_code == 412)
    assert loser.headers["content-type"] == "application/problem+json"
    now = ident.client.get(f"/api/v1/households/{created['id']}", headers=ident.headers()).json()
    assert (now["version"], now["address"]) == (2, winner["address"])
    audit = ident.client.get("/api/v1/audit", headers=ident.headers("province_official", "44")).json()
    assert [e["action"] for e in audit["items"]] == ["household.create", "household.update"]


def test_version_column_refuses_a_stale_flush(ident):
    created = create(ident)
    hid = uuid.UUID(created["id"])
    session = ident.db.new_session(write=False)
    try:
        stale = session.get(Household, hid)
        session.commit()  # ends the read, keeping the loaded version 1
        with ident.db.transaction() as other:
            other.execute(update(Household).where(Household.id == hid).values(version=2))
        stale.address = "过期的修改"
        with pytest.raises(StaleDataError):
            session.flush()
    finally:
        session.rollback()
        session.close()
