"""Placements: recommended → applied → hired → employed → followed up → left; openings never exceeded."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import select

from services.employment.models import Position
from tests.employment.support import (
    OTHER_TOWN_VILLAGE,
    Someone,
    employer,
    import_households,
    position,
    recommend,
    register,
    step,
    sync,
)
from tests.identification.procedure_flow import start, walk

PROVINCE = {"role": "province_official", "region": "44"}


def _labourers(ident, emp, count: int = 1, region: str | None = None, **fields) -> list[str]:
    households = import_households(ident, [[Someone(35)] for _ in range(count)],
                                   **({"region": region} if region else {}))
    sync(emp, ident)
    ids = [h["members"][0]["id"] for h in households]
    for member in ids:
        register(emp, member, skills=["sewing"], places=["home_county"], **fields)
    return ids


def _labourer(emp, member: str) -> dict:
    return emp.client.get(f"/api/v1/labourers/{member}", headers=emp.headers()).json()


def test_a_placement_runs_from_recommendation_to_follow_ups_and_leaving(ident, emp):
    [me] = _labourers(ident, emp)
    job = position(emp, employer(emp)["id"], kind="workshop", required_skills=["sewing"])
    placement = recommend(emp, me, job["id"])
    assert (placement["state"], placement["score"], placement["follow_ups_due"]) == ("recommended", 100, {})
    placement = step(emp, placement, "apply", on="2019-03-02")
    placement = step(emp, placement, "hire", on="2019-03-05")
    assert emp.client.get(f"/api/v1/positions/{job['id']}", headers=emp.headers()).json()["filled"] == 1
    placement = step(emp, placement, "start", started_on="2019-03-31")
    assert placement["follow_ups_due"] == {"3": "2019-06-30", "6": "2019-09-30"}
    assert _labourer(emp, me)["employment"] == "local_job"
    early = step(emp, placement, "follow-ups", expect=409, month=3, on="2019-06-29", still_employed=True)
    assert early["code"] == "follow_up_not_due"
    skipped = step(emp, placement, "follow-ups", expect=409, month=6, on="2019-10-01", still_employed=True)
    assert skipped["code"] == "follow_up_not_due"
    placement = step(emp, placement, "follow-ups", month=3, on="2019-06-30", still_employed=True)
    twice = step(emp, placement, "follow-ups", expect=409, month=3, on="2019-07-01", still_employed=True)
    assert twice["code"] == "follow_up_not_due"
    no_reason = step(emp, placement, "follow-ups", expect=422, month=6, on="2019-10-02", still_employed=False)
    assert no_reason["errors"][0]["field"] == "reason"
    placement = step(emp, placement, "follow-ups", month=6, on="2019-10-02", still_employed=False,
                     reason="wage", note="回乡务农")
    assert (placement["state"], placement["ended_on"], placement["end_reason"]) == (
        "left", "2019-10-02", "wage")
    assert [(f["month"], f["still_employed"]) for f in placement["follow_ups"]] == [(3, True), (6, False)]
    assert _labourer(emp, me)["employment"] == "unemployed"
    events = emp.client.get("/api/v1/events", params={"limit": 100}, headers=emp.headers()).json()["items"]
    assert [e["type"] for e in events if e["type"].startswith("placement.")] == [
        "placement.recommended", "placement.applied", "placement.hired", "placement.employed",
        "placement.followed_up", "placement.followed_up", "placement.left"]


def test_steps_keep_their_order_and_dates(ident, emp):
    [me] = _labourers(ident, emp)
    job = position(emp, employer(emp)["id"])
    placement = recommend(emp, me, job["id"])
    early = step(emp, placement, "start", expect=409, started_on="2019-04-01")
    assert (early["code"], early["rule"]) == ("step_not_allowed", "employment.placement.steps")
    before = step(emp, placement, "apply", expect=422, on="2019-02-01")
    assert (before["errors"][0]["field"], before["errors"][0]["code"], before["rule"]) == (
        "on", "date_before_previous_step", "employment.placement.steps")
    stale = step(emp, {**placement, "version": 9}, "apply", expect=412, on="2019-03-02")
    assert stale["code"] == "version_stale"
    future = step(emp, placement, "apply", expect=422, on=date.today().replace(year=date.today().year + 1)
                  .isoformat())
    assert future["errors"][0]["field"] == "on"
    assert recommend(emp, me, job["id"], expect=409)["code"] == "placement_exists"


def test_only_eligible_people_of_the_callers_region_and_labour_force_are_recommended(ident, emp):
    [me] = _labourers(ident, emp)
    [far] = _labourers(ident, emp, region=OTHER_TOWN_VILLAGE)
    owner = employer(emp)["id"]
    old_only = position(emp, owner, min_age=45)
    excluded = recommend(emp, me, old_only["id"], expect=422)
    assert excluded["code"] == "pair_excluded"
    assert [(e["field"], e["code"]) for e in excluded["errors"]] == [("position_id", "age_outside_limits")]
    job = position(emp, owner)
    town = emp.headers(role="town_official", region="441882100")
    r = emp.client.post("/api/v1/placements", headers=town,
                        json={"member_id": far, "position_id": job["id"], "on": "2019-03-01"})
    assert r.status_code == 404
    household = ident.client.get("/api/v1/households", params={"region": "441882100201"},
                                 headers=ident.headers()).json()["items"][0]
    proc = start(ident, household["id"], "removal", date(2019, 9, 1), removal_reason="vehicle_owned",
                 documents=["部门比对：车辆登记"])
    walk(ident, proc["id"], [("notice", date(2019, 9, 2)), ("town_review", date(2019, 9, 9)),
                             ("county_approval", date(2019, 9, 10))])
    sync(emp, ident)
    outside = recommend(emp, me, job["id"], expect=422)
    assert outside["code"] == "not_in_labour_force" and outside["errors"][0]["field"] == "member_id"
    assert emp.client.get("/api/v1/placements", headers=emp.headers()).json()["items"] == []


def _race(calls: list) -> list:
    """Run the calls at the same moment on their own threads and return their results."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [f.result() for f in [pool.submit(run, c) for c in calls]]


def test_concurrent_hires_never_exceed_the_openings(ident, emp):
    people = _labourers(ident, emp, 6)
    job = position(emp, employer(emp)["id"], openings=2)
    applied = [step(emp, recommend(emp, member, job["id"]), "apply", on="2019-03-02") for member in people]

    def hire(placement):
        return emp.client.post(f"/api/v1/placements/{placement['id']}/hire", json={"on": "2019-03-05"},
                               headers=emp.headers(**{"If-Match": f'"{placement["version"]}"'}))

    answers = _race([lambda p=p: hire(p) for p in applied])
    assert sorted(r.status_code for r in answers) == [200, 200, 409, 409, 409, 409]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"no_openings_left"}
    with emp.db.transaction(write=False) as session:
        filled = session.execute(select(Position.filled)
                                 .where(Position.id == uuid.UUID(job["id"]))).scalar_one()
    assert filled == 2
    hired = [r.json() for r in answers if r.status_code == 200]
    assert len(emp.client.get("/api/v1/placements", params={"state": "hired"},
                              headers=emp.headers()).json()["items"]) == 2
    current = emp.client.get(f"/api/v1/positions/{job['id']}", headers=emp.headers())
    lower = emp.client.patch(f"/api/v1/positions/{job['id']}", json={"openings": 1},
                             headers=emp.headers(**PROVINCE, **{"If-Match": current.headers["etag"]}))
    assert lower.status_code == 422 and lower.json()["errors"][0]["field"] == "openings"
    closed = step(emp, hired[0], "close", on="2019-03-06", reason="no_show")
    assert closed["state"] == "closed"
    assert emp.client.get(f"/api/v1/positions/{job['id']}", headers=emp.headers()).json()["filled"] == 1


def test_a_race_for_the_last_opening_between_two_positions_edits_and_a_hire(ident, emp):
    [me] = _labourers(ident, emp)
    job = position(emp, employer(emp)["id"], openings=1)
    placement = step(emp, recommend(emp, me, job["id"]), "apply", on="2019-03-02")
    answers = _race([
        lambda: emp.client.post(f"/api/v1/placements/{placement['id']}/hire", json={"on": "2019-03-05"},
                                headers=emp.headers(**{"If-Match": f'"{placement["version"]}"'})),
        lambda: emp.client.patch(f"/api/v1/positions/{job['id']}", json={"state": "closed"},
                                 headers=emp.headers(**PROVINCE, **{"If-Match": '"1"'}))])
    codes = sorted(r.status_code for r in answers)
    assert codes in ([200, 409], [200, 412]), [r.text for r in answers]
    final = emp.client.get(f"/api/v1/positions/{job['id']}", headers=emp.headers()).json()
    assert final["filled"] <= final["openings"]
    assert (final["state"], final["filled"]) in (("closed", 0), ("open", 1))
