"""A labourer's whole path through the API: registered from identification's register, counselled
(the counsellor reading their phone from identification, served over HTTP), trained and certified,
matched, hired, started and followed up, every step in the change feed."""

from __future__ import annotations

from tests.employment.support import Someone, employer, import_households, position, recommend, step, sync
from tests.employment.test_training import _attend, _enrol, _post, _programme


def test_from_the_register_to_a_job_followed_up(ident, emp, register_server):
    [family] = import_households(ident, [[Someone(32, relation="head", phone="13500135000")]])
    sync(emp, ident)  # identification's household.imported reaches employment's replica
    me = family["members"][0]["id"]
    [listed] = emp.client.get("/api/v1/labour-force", headers=emp.headers()).json()["items"]
    assert (listed["member_id"], listed["registered"]) == (me, False)

    r = emp.client.post(
        "/api/v1/labourers",
        headers=emp.headers(),
        json={
            "member_id": me,
            "skills": ["cooking"],
            "education": "junior_secondary",
            "wants_work": True,
            "wants_training": True,
            "places": ["pearl_river_delta"],
            "wage_expectation": "4500.00",
        },
    )
    assert r.status_code == 201, r.text
    r = emp.client.put(
        f"/api/v1/labourers/{me}/counsellor",
        headers=emp.headers(),
        json={"counsellor": "helper-0001", "counsellor_name": "张丽", "on": "2019-03-01"},
    )
    assert r.status_code == 200, r.text
    counsellor = {"Authorization": f"Bearer {emp.token(role='helper', subject='helper-0001')}"}
    r = emp.client.get(f"/api/v1/labourers/{me}/contact-details", headers=counsellor,
                       params={"purpose": "employment_counselling"})
    assert (r.status_code, r.json()["phone"]) == (200, "13500135000"), r.text
    for body in (
        {"kind": "training", "action": "参加家政服务培训", "due_on": "2019-04-30"},
        {"kind": "job_recommendation", "action": "推荐珠三角家政岗位", "due_on": "2019-05-31"},
    ):
        assert (
            emp.client.post(
                f"/api/v1/labourers/{me}/plan/steps", json=body, headers=emp.headers()
            ).status_code
            == 201
        )
    assert (
        emp.client.post(
            f"/api/v1/labourers/{me}/contacts",
            headers=emp.headers(),
            json={"contacted_on": "2019-03-02", "channel": "visit", "summary": "入户商定个性化就业方案"},
        ).status_code
        == 201
    )

    job = position(
        emp,
        employer(emp, region="440606")["id"],
        title="家政服务员",
        region_code="440606",
        monthly_wage="5200.00",
        required_skills=["domestic_service"],
        health="no_serious_illness",
    )
    before = emp.client.get(f"/api/v1/labourers/{me}/matches", headers=emp.headers()).json()
    assert [(m["position_id"], m["score"]) for m in before["items"]] == [(job["id"], 48)]

    enrolment = _enrol(emp, _programme(emp), me)
    enrolment = _post(emp, _attend(emp, enrolment, range(1, 10)), "complete", on="2019-04-30")
    enrolment = _post(
        emp, enrolment, "appraisal", on="2019-05-10", result="passed", certificate_level="level_5"
    )
    for kind in ("training", "appraisal"):
        assert (
            emp.client.post(
                f"/api/v1/enrolments/{enrolment['id']}/subsidies",
                headers=emp.headers(),
                json={"kind": kind, "on": "2019-05-15"},
            ).status_code
            == 200
        )
    after = emp.client.get(
        f"/api/v1/enrolments/{enrolment['id']}/recommendations", headers=emp.headers()
    ).json()
    [top] = after["items"]
    skills = next(x for x in top["reasons"] if x["rule"] == "employment.match.skills")
    assert (top["position_id"], top["score"], skills["points"]) == (job["id"], 88, 40)

    placement = recommend(emp, me, job["id"], on="2019-05-20")
    placement = step(emp, placement, "apply", on="2019-05-21")
    placement = step(emp, placement, "hire", on="2019-05-25")
    placement = step(emp, placement, "start", started_on="2019-06-01")
    placement = step(emp, placement, "follow-ups", month=3, on="2019-09-02", still_employed=True)
    placement = step(emp, placement, "follow-ups", month=6, on="2019-12-02", still_employed=True)
    assert (placement["state"], [f["month"] for f in placement["follow_ups"]]) == ("employed", [3, 6])
    labourer = emp.client.get(f"/api/v1/labourers/{me}", headers=emp.headers()).json()
    assert labourer["employment"] == "migrant" and labourer["certificates"][0]["skill"] == "domestic_service"

    feed = [
        e["type"]
        for e in emp.client.get("/api/v1/events", params={"limit": 200}, headers=emp.headers()).json()[
            "items"
        ]
    ]
    for expected in (
        "labourer.registered",
        "labourer.counsellor_assigned",
        "plan.step_added",
        "contact.logged",
        "training.enrolled",
        "training.attended",
        "training.completed",
        "training.appraised",
        "subsidy.granted",
        "placement.recommended",
        "placement.applied",
        "placement.hired",
        "placement.employed",
        "placement.followed_up",
    ):
        assert expected in feed, expected
    assert feed.index("training.completed") < feed.index("placement.hired") < feed.index("placement.employed")
