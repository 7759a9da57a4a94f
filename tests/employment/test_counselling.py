"""One-to-one service: a counsellor for each labourer who wants work, a dated plan, contacts logged."""

from __future__ import annotations

from shared.concurrency import version_of
from tests.employment.support import Someone, import_households, register, sync


def _labourer(ident, emp, **fields) -> str:
    [family] = import_households(ident, [[Someone(35)]])
    sync(emp, ident)
    member = family["members"][0]["id"]
    register(emp, member, **fields)
    return member


def test_a_counsellor_is_assigned_to_a_labourer_who_wants_work(ident, emp):
    me = _labourer(ident, emp)
    url = f"/api/v1/labourers/{me}/counsellor"
    body = {"counsellor": "helper-0001", "counsellor_name": "张帮扶", "on": "2019-03-01"}
    r = emp.client.put(url, json=body, headers=emp.headers())
    assert r.status_code == 200, r.text
    assert (r.json()["counsellor"], version_of(r.headers["etag"])) == ("helper-0001", 1)
    change = {**body, "counsellor": "helper-0002", "counsellor_name": "李帮扶", "on": "2019-05-01"}
    assert emp.client.put(url, json=change, headers=emp.headers()).status_code == 428
    r = emp.client.put(url, json=change, headers=emp.headers(**{"If-Match": '"1"'}))
    assert (r.status_code, r.json()["counsellor"]) == (200, "helper-0002")
    assert emp.client.get(url, headers=emp.headers()).json()["counsellor_name"] == "李帮扶"

    unwilling = _labourer(ident, emp, wants_work=False)
    r = emp.client.put(f"/api/v1/labourers/{unwilling}/counsellor", json=body, headers=emp.headers())
    assert r.status_code == 409 and r.json()["code"] == "not_willing_to_work"
    assert r.json()["rule"] == "employment.counselling.one_to_one"


def test_the_personal_plan_has_dated_steps_done_once(ident, emp):
    me = _labourer(ident, emp)
    base = f"/api/v1/labourers/{me}/plan"
    steps = [{"kind": "guidance", "action": "职业指导：了解就业意向", "due_on": "2019-03-05"},
             {"kind": "training", "action": "参加家政服务培训", "due_on": "2019-04-01"}]
    made = [emp.client.post(f"{base}/steps", json=s, headers=emp.headers()).json() for s in reversed(steps)]
    plan = emp.client.get(base, headers=emp.headers()).json()
    assert [s["kind"] for s in plan] == ["guidance", "training"] and all(s["overdue"] for s in plan)
    guidance = made[1]
    url = f"{base}/steps/{guidance['id']}/done"
    r = emp.client.post(url, json={"done_on": "2019-03-04", "outcome": "愿意到县城就业"},
                        headers=emp.headers(**{"If-Match": '"1"'}))
    assert r.status_code == 200 and r.json()["overdue"] is False, r.text
    again = emp.client.post(url, json={"done_on": "2019-03-04", "outcome": "x"},
                            headers=emp.headers(**{"If-Match": '"2"'}))
    assert again.status_code == 409 and again.json()["code"] == "step_already_done"


def test_contacts_are_logged_newest_first(ident, emp):
    me = _labourer(ident, emp)
    url = f"/api/v1/labourers/{me}/contacts"
    for day in ("2019-03-01", "2019-03-15"):
        r = emp.client.post(url, json={"contacted_on": day, "channel": "visit", "summary": "入户了解情况",
                                       "next_contact_on": "2019-04-01"}, headers=emp.headers())
        assert r.status_code == 201, r.text
    bad = emp.client.post(url, json={"contacted_on": "2019-03-20", "channel": "phone", "summary": "电话",
                                     "next_contact_on": "2019-03-19"}, headers=emp.headers())
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "next_contact_on"
    log = emp.client.get(url, headers=emp.headers()).json()
    assert [c["contacted_on"] for c in log] == ["2019-03-15", "2019-03-01"]
    types = [e["type"] for e in emp.client.get("/api/v1/events", headers=emp.headers()).json()["items"]]
    assert types.count("contact.logged") == 2
