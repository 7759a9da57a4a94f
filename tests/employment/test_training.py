"""Training: enrolment by wish and capacity, attendance to complete, free appraisal, subsidies paid once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from tests.employment.support import Someone, employer, import_households, position, register, sync

PROGRAMME = {
    "name": "2019年家政服务培训班",
    "kind": "domestic_service",
    "skill": "domestic_service",
    "provider": "连州市职业技术学校",
    "region_code": "441882",
    "starts_on": "2019-04-01",
    "ends_on": "2019-04-30",
    "sessions": 10,
    "sessions_to_complete": 8,
    "capacity": 30,
    "training_subsidy": "1200.00",
    "appraisal_subsidy": "300.00",
}


def _labourers(ident, emp, count: int = 1, **fields) -> list[str]:
    households = import_households(ident, [[Someone(35)] for _ in range(count)])
    sync(emp, ident)
    ids = [h["members"][0]["id"] for h in households]
    for member in ids:
        register(emp, member, places=["anywhere"], **fields)
    return ids


def _programme(emp, **extra) -> dict:
    r = emp.client.post("/api/v1/programmes", json={**PROGRAMME, **extra}, headers=emp.headers())
    assert r.status_code == 201, r.text
    return r.json()


def _enrol(emp, programme: dict, member: str, expect: int = 201) -> dict:
    r = emp.client.post(
        f"/api/v1/programmes/{programme['id']}/enrolments",
        json={"member_id": member, "on": "2019-03-20"},
        headers=emp.headers(),
    )
    assert r.status_code == expect, r.text
    return r.json()


def _post(emp, enrolment: dict, action: str, expect: int = 200, **body) -> dict:
    r = emp.client.post(
        f"/api/v1/enrolments/{enrolment['id']}/{action}",
        json=body,
        headers=emp.headers(**{"If-Match": f'"{enrolment["version"]}"'}),
    )
    assert r.status_code == expect, r.text
    return r.json()


def _attend(emp, enrolment: dict, sessions: range) -> dict:
    for n in sessions:
        enrolment = _post(emp, enrolment, "attendance", session=n, on=f"2019-04-{n + 1:02d}")
    return enrolment


def test_a_trainee_completes_is_certified_for_free_and_is_paid_each_subsidy_once(ident, emp):
    [me] = _labourers(ident, emp)
    programme = _programme(emp)
    enrolment = _enrol(emp, programme, me)
    enrolment = _attend(emp, enrolment, range(1, 8))
    short = _post(emp, enrolment, "complete", expect=409, on="2019-04-30")
    assert short["code"] == "attendance_short" and "7" in short["detail"]
    assert short["rule"] == "employment.training.completion"
    twice = _post(emp, enrolment, "attendance", expect=409, session=7, on="2019-04-09")
    assert twice["errors"][0]["field"] == "session"
    too_early = emp.client.post(
        f"/api/v1/enrolments/{enrolment['id']}/subsidies",
        headers=emp.headers(),
        json={"kind": "training", "on": "2019-05-01"},
    )
    assert too_early.status_code == 409 and too_early.json()["code"] == "subsidy_not_earned"
    assert too_early.json()["rule"] == "employment.training.subsidy"
    enrolment = _attend(emp, enrolment, range(8, 9))
    enrolment = _post(emp, enrolment, "complete", on="2019-04-30")
    assert (enrolment["state"], enrolment["sessions_attended"]) == ("completed", 8)
    enrolment = _post(
        emp, enrolment, "appraisal", on="2019-05-10", result="passed", certificate_level="level_5"
    )
    labourer = emp.client.get(f"/api/v1/labourers/{me}", headers=emp.headers()).json()
    assert labourer["certificates"] == [
        {
            "skill": "domestic_service",
            "level": "level_5",
            "issued_on": "2019-05-10",
            "programme_id": programme["id"],
        }
    ]
    for kind, amount in (("training", "1200.00"), ("appraisal", "300.00")):
        r = emp.client.post(
            f"/api/v1/enrolments/{enrolment['id']}/subsidies",
            headers=emp.headers(),
            json={"kind": kind, "on": "2019-05-20"},
        )
        assert r.status_code == 200, r.text
        assert {(s["kind"], s["amount"]) for s in r.json()["subsidies"]} >= {(kind, amount)}
        again = emp.client.post(
            f"/api/v1/enrolments/{enrolment['id']}/subsidies",
            headers=emp.headers(),
            json={"kind": kind, "on": "2019-05-21"},
        )
        assert again.status_code == 409 and again.json()["code"] == "subsidy_already_granted"
        assert (again.json()["errors"][0]["field"], again.json()["rule"]) == (
            "kind",
            "employment.training.subsidy",
        )
    feed = [
        e["type"]
        for e in emp.client.get("/api/v1/events", params={"limit": 100}, headers=emp.headers()).json()[
            "items"
        ]
    ]
    assert (
        feed.count("subsidy.granted") == 2 and "training.completed" in feed and "training.appraised" in feed
    )


def test_a_subsidy_claimed_twice_at_once_is_granted_once(ident, emp):
    [me] = _labourers(ident, emp)
    enrolment = _attend(emp, _enrol(emp, _programme(emp), me), range(1, 9))
    enrolment = _post(emp, enrolment, "complete", on="2019-04-30")
    barrier = threading.Barrier(4)

    def claim():
        barrier.wait()
        return emp.client.post(
            f"/api/v1/enrolments/{enrolment['id']}/subsidies",
            headers=emp.headers(),
            json={"kind": "training", "on": "2019-05-20"},
        )

    with ThreadPoolExecutor(4) as pool:
        answers = [f.result() for f in [pool.submit(claim) for _ in range(4)]]
    assert sorted(r.status_code for r in answers) == [200, 409, 409, 409]
    final = emp.client.get(f"/api/v1/enrolments/{enrolment['id']}", headers=emp.headers()).json()
    assert [(s["kind"], s["amount"]) for s in final["subsidies"]] == [("training", "1200.00")]


def test_enrolment_needs_the_wish_to_train_and_a_place_left(ident, emp):
    willing, also, unwilling = _labourers(ident, emp, 2) + _labourers(ident, emp, wants_training=False)
    programme = _programme(emp, capacity=1)
    refused = _enrol(emp, programme, unwilling, expect=409)
    assert (refused["code"], refused["rule"]) == ("not_willing_to_train", "employment.training.willing")
    _enrol(emp, programme, willing)
    assert _enrol(emp, programme, willing, expect=409)["code"] in ("already_enrolled", "programme_full")
    full = _enrol(emp, programme, also, expect=409)
    assert (full["code"], full["rule"]) == ("programme_full", "employment.training.willing")
    assert (
        emp.client.get(f"/api/v1/programmes/{programme['id']}", headers=emp.headers()).json()["enrolled"] == 1
    )


def test_a_failed_appraisal_earns_no_appraisal_subsidy_and_inconsistent_input_names_the_field(ident, emp):
    [me] = _labourers(ident, emp)
    bad = emp.client.post(
        "/api/v1/programmes", json={**PROGRAMME, "sessions_to_complete": 11}, headers=emp.headers()
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "sessions_to_complete"
    enrolment = _attend(emp, _enrol(emp, _programme(emp), me), range(1, 9))
    enrolment = _post(emp, enrolment, "complete", on="2019-04-30")
    mismatch = _post(
        emp, enrolment, "appraisal", expect=422, on="2019-05-10", result="failed", certificate_level="level_5"
    )
    assert mismatch["errors"][0]["field"] == "certificate_level"
    enrolment = _post(emp, enrolment, "appraisal", on="2019-05-10", result="failed")
    once = _post(
        emp, enrolment, "appraisal", expect=409, on="2019-05-11", result="passed", certificate_level="level_5"
    )
    assert (once["code"], once["rule"]) == ("training_step_not_allowed", "employment.training.free_appraisal")
    r = emp.client.post(
        f"/api/v1/enrolments/{enrolment['id']}/subsidies",
        headers=emp.headers(),
        json={"kind": "appraisal", "on": "2019-05-20"},
    )
    assert r.status_code == 409 and r.json()["code"] == "subsidy_not_earned"


def test_jobs_are_recommended_after_training_and_the_certificate_counts(ident, emp):
    [me] = _labourers(ident, emp)
    job = position(emp, employer(emp)["id"], title="家政服务员", required_skills=["domestic_service"])
    enrolment = _enrol(emp, _programme(emp), me)
    early = emp.client.get(f"/api/v1/enrolments/{enrolment['id']}/recommendations", headers=emp.headers())
    assert (early.status_code, early.json()["rule"]) == (409, "employment.training.recommendation")
    enrolment = _post(emp, _attend(emp, enrolment, range(1, 9)), "complete", on="2019-04-30")
    before = emp.client.get(f"/api/v1/enrolments/{enrolment['id']}/recommendations", headers=emp.headers())
    assert [(m["position_id"], m["score"]) for m in before.json()["items"]] == [(job["id"], 60)]
    _post(emp, enrolment, "appraisal", on="2019-05-10", result="passed", certificate_level="level_5")
    after = emp.client.get(f"/api/v1/enrolments/{enrolment['id']}/recommendations", headers=emp.headers())
    assert [(m["position_id"], m["score"]) for m in after.json()["items"]] == [(job["id"], 100)]
