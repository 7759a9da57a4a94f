"""Objections during the publicity period (公示期异议) suspend a procedure until resolved."""

from __future__ import annotations

from datetime import date

from tests.identification.procedure_flow import (
    create_household,
    events,
    headers,
    household_status,
    read,
    record_income,
    start,
    take,
    walk,
)


def _in_notice(ident, posted=date(2018, 3, 10)):
    household = create_household(ident)
    record_income(ident, household["id"], 2017, "6000.00")
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    walk(ident, proc["id"], [("survey", date(2018, 3, 2)), ("appraisal", date(2018, 3, 3)),
                             ("notice", posted)])
    return household, proc


def _object(ident, proc_id, on, level="village", content="该户有家庭成员在县城经商"):
    return ident.client.post(f"/api/v1/procedures/{proc_id}/objections",
                             json={"on": on.isoformat(), "content": content, "documents": ["异议登记表"]},
                             headers=headers(ident, level))


def _resolve(ident, objection_id, outcome, on, level="town"):
    return ident.client.post(f"/api/v1/objections/{objection_id}/resolution",
                             json={"outcome": outcome, "on": on.isoformat(), "resolution": "经核实"},
                             headers=headers(ident, level))


def test_an_objection_suspends_until_dismissed_then_the_procedure_resumes(ident):
    _household, proc = _in_notice(ident)
    r = _object(ident, proc["id"], date(2018, 3, 12))
    assert r.status_code == 201, r.text
    objection = r.json()
    assert (objection["state"], objection["raised_on"]) == ("open", "2018-03-12")
    suspended = read(ident, proc["id"])
    assert suspended["state"] == "suspended_by_objection"
    blocked = take(ident, proc["id"], "town_review", date(2018, 3, 20))
    assert (blocked.status_code, blocked.json()["code"]) == (409, "procedure_suspended")
    assert blocked.json()["open_objections"] == [objection["id"]]
    dismissed = _resolve(ident, objection["id"], "dismissed", date(2018, 3, 15))
    assert dismissed.status_code == 200, dismissed.text
    assert (dismissed.json()["state"], dismissed.json()["resolved_by"]) == \
        ("dismissed", "town_official-441882100")
    resumed = read(ident, proc["id"])
    assert resumed["state"] == "open"
    assert resumed["objections"][0]["resolution"] == "经核实"
    assert take(ident, proc["id"], "town_review", date(2018, 3, 16)).json()["code"] == "notice_period_running"
    assert take(ident, proc["id"], "town_review", date(2018, 3, 17)).status_code == 200
    types = [e["data"]["outcome"] for e in events(ident, "procedure.objection_resolved")]
    assert types == ["dismissed"]


def test_an_upheld_objection_refuses_the_procedure(ident):
    household, proc = _in_notice(ident)
    objection = _object(ident, proc["id"], date(2018, 3, 16)).json()
    upheld = _resolve(ident, objection["id"], "upheld", date(2018, 3, 20), level="county")
    assert upheld.status_code == 200, upheld.text
    closed = read(ident, proc["id"])
    assert (closed["state"], closed["closed_on"], closed["close_reason"]) == \
        ("refused", "2018-03-20", "异议成立：经核实")
    assert household_status(ident, household["id"])["status"] == "rejected"
    again = _resolve(ident, objection["id"], "dismissed", date(2018, 3, 21))
    assert (again.status_code, again.json()["code"]) == (409, "objection_already_resolved")


def test_two_objections_both_need_resolving(ident):
    _household, proc = _in_notice(ident)
    first = _object(ident, proc["id"], date(2018, 3, 11)).json()
    second = _object(ident, proc["id"], date(2018, 3, 12), content="另一村民反映").json()
    _resolve(ident, first["id"], "dismissed", date(2018, 3, 13))
    assert read(ident, proc["id"])["state"] == "suspended_by_objection"
    _resolve(ident, second["id"], "dismissed", date(2018, 3, 13))
    assert read(ident, proc["id"])["state"] == "open"


def test_objections_are_heard_only_during_the_notice(ident):
    _household, proc = _in_notice(ident, posted=date(2018, 3, 10))  # 10th to 16th inclusive
    late = _object(ident, proc["id"], date(2018, 3, 17))
    assert (late.status_code, late.json()["code"]) == (409, "outside_notice_period")
    assert (late.json()["notice_posted_on"], late.json()["objections_end_on"]) == ("2018-03-10", "2018-03-16")
    early = _object(ident, proc["id"], date(2018, 3, 9))
    assert early.json()["code"] == "outside_notice_period"
    assert _object(ident, proc["id"], date(2018, 3, 16)).status_code == 201


def test_no_objection_before_the_notice_is_posted(ident):
    household = create_household(ident)
    record_income(ident, household["id"], 2017, "6000.00")
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017)
    r = _object(ident, proc["id"], date(2018, 3, 2))
    assert (r.status_code, r.json()["code"]) == (409, "no_notice_period")


def test_no_objection_once_the_next_step_is_taken(ident):
    _household, proc = _in_notice(ident, posted=date(2018, 3, 10))
    walk(ident, proc["id"], [("town_review", date(2018, 3, 17))])
    r = _object(ident, proc["id"], date(2018, 3, 16))
    assert (r.status_code, r.json()["code"]) == (409, "no_notice_period")


def test_a_village_cadre_cannot_resolve_an_objection(ident):
    _household, proc = _in_notice(ident)
    objection = _object(ident, proc["id"], date(2018, 3, 12)).json()
    r = _resolve(ident, objection["id"], "dismissed", date(2018, 3, 13), level="village")
    assert (r.status_code, r.json()["code"]) == (403, "resolver_level_mismatch")
    other_town = ident.client.post(f"/api/v1/objections/{objection['id']}/resolution",
                                   json={"outcome": "dismissed", "resolution": "经核实"},
                                   headers=ident.headers("town_official", "441882101"))
    assert other_town.status_code == 404
    assert read(ident, proc["id"])["state"] == "suspended_by_objection"


def test_an_upheld_objection_to_an_exit_leaves_the_household_in_help(ident):
    from tests.identification.procedure_flow import identify

    household = identify(ident)
    record_income(ident, household["id"], 2019, "18000.00")
    proc = start(ident, household["id"], "exit", date(2019, 12, 1), year=2019, exit_pathway="industry")
    walk(ident, proc["id"], [("verification", date(2019, 12, 2)), ("appraisal", date(2019, 12, 3)),
                             ("notice", date(2019, 12, 4))])
    objection = _object(ident, proc["id"], date(2019, 12, 5), content="该户收入含一次性补偿").json()
    _resolve(ident, objection["id"], "upheld", date(2019, 12, 9))
    assert read(ident, proc["id"])["state"] == "refused"
    assert household_status(ident, household["id"])["status"] == "identified"


def _issue_periods(ident, notice_days, objection_days):
    r = ident.client.post("/api/v1/policy/standards",
                          json={"year": 2017, "region_prefix": "441882", "notice_days": notice_days,
                                "objection_days": objection_days, "reason": "县定公示期和异议期"},
                          headers=ident.headers("admin", "44"))
    assert r.status_code == 201, r.text


def test_a_longer_objection_period_holds_the_next_step_and_hears_objections(ident):
    _issue_periods(ident, notice_days=5, objection_days=10)
    _household, proc = _in_notice(ident, posted=date(2018, 3, 10))  # notice to 14th, objections to 19th
    assert read(ident, proc["id"])["notice_ends_on"] == "2018-03-19"
    assert take(ident, proc["id"], "town_review", date(2018, 3, 19)).json()["notice_ends_on"] == "2018-03-19"
    assert _object(ident, proc["id"], date(2018, 3, 19)).status_code == 201
    late = _object(ident, proc["id"], date(2018, 3, 20))
    assert (late.json()["code"], late.json()["objections_end_on"]) == ("outside_notice_period", "2018-03-19")


def test_a_shorter_objection_period_closes_objections_before_the_notice_ends(ident):
    _issue_periods(ident, notice_days=7, objection_days=3)
    _household, proc = _in_notice(ident, posted=date(2018, 3, 10))  # objections 10th to 12th
    assert _object(ident, proc["id"], date(2018, 3, 12)).status_code == 201
    late = _object(ident, proc["id"], date(2018, 3, 13))
    assert (late.json()["code"], late.json()["objections_end_on"]) == ("outside_notice_period", "2018-03-12")
    assert read(ident, proc["id"])["notice_ends_on"] == "2018-03-16"
