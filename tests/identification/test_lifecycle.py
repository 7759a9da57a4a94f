"""Whole lives through the API: a household from application to return to poverty, and a village's exit."""

from __future__ import annotations

from datetime import date

from services.identification.demo import compose_id_number
from tests.identification.procedure_flow import (
    VILLAGE,
    create_household,
    headers,
    household_status,
    identify,
    meet_village_conditions,
    read,
    record_income,
    record_village_income,
    start,
    switch_on_remaining_poor_share,
    take,
    walk,
)

HOUSEHOLD_EVENTS = {"household.created", "member.added", "household.identified", "household.exited",
                    "household.returned", "household.removed", "household.status_changed"}


def _feed(ident, subject_ids):
    r = ident.client.get("/api/v1/events?limit=500", headers=ident.headers())
    assert r.status_code == 200, r.text
    return [e for e in r.json()["items"]
            if e["type"] in HOUSEHOLD_EVENTS and e["data"].get("household_id") in subject_ids]


def _household_patch(ident, hid, path, body, method="patch"):
    version = household_status(ident, hid)["version"]
    call = getattr(ident.client, method)
    r = call(f"/api/v1/households/{hid}{path}", json=body,
             headers={**ident.headers(), "If-Match": f'"{version}"'})
    assert r.status_code in (200, 201), r.text
    return r.json()


def test_the_life_of_a_household(ident):
    # Application: the household enters the register as a candidate with its 2017 income.
    household = create_household(ident, serial=21)
    hid = household["id"]
    record_income(ident, hid, 2017, "6000.00")  # 3,000.00 a head, below the 4,000.00 line

    # Identification, with an objection heard and dismissed during the notice.
    ident_proc = start(ident, hid, "identification", date(2018, 3, 1), year=2017, comment="农户申请")
    walk(ident, ident_proc["id"], [("survey", date(2018, 3, 2)), ("appraisal", date(2018, 3, 5)),
                                   ("notice", date(2018, 3, 6))])
    objection = ident.client.post(f"/api/v1/procedures/{ident_proc['id']}/objections",
                                  json={"on": "2018-03-08", "content": "反映该户有外出务工收入"},
                                  headers=headers(ident, "village")).json()
    assert take(ident, ident_proc["id"], "town_review", date(2018, 3, 13)).json()["code"] == \
        "procedure_suspended"
    ident.client.post(f"/api/v1/objections/{objection['id']}/resolution",
                      json={"outcome": "dismissed", "on": "2018-03-10", "resolution": "务工收入已计入"},
                      headers=headers(ident, "town"))
    walk(ident, ident_proc["id"], [("town_review", date(2018, 3, 13)),
                                   ("county_approval", date(2018, 3, 20))])
    assert household_status(ident, hid)["identified_on"] == "2018-03-20"

    # Help: a helper is assigned and a child is born into the household.
    _household_patch(ident, hid, "", {"helper_name": "王帮扶"})
    baby = {"name": "新生儿", "id_number": compose_id_number("441882", date(2019, 1, 10), 22),
            "relation": "grandchild", "labour_capacity": "none", "medical_insured": True}
    assert _household_patch(ident, hid, "/members", baby, method="post")["member_count"] == 3

    # A failed exit attempt: 24,000.00 for three people is 8,000.00 a head, under 8,468.10.
    record_income(ident, hid, 2019, "24000.00")
    exit_proc = start(ident, hid, "exit", date(2019, 12, 1), year=2019, exit_pathway="employment")
    refused = take(ident, exit_proc["id"], "verification", date(2019, 12, 2))
    assert refused.status_code == 409
    assert [(c["code"], c["value"], c["threshold"]) for c in refused.json()["unmet"]] == \
        [("income", "8000.00", "8468.10")]

    # The income is corrected with the year's last wages: 25,404.30 / 3 = 8,468.10, exactly the line.
    record_income(ident, hid, 2019, "25404.30", note="补录12月工资")
    exit_done = walk(ident, exit_proc["id"], [
        ("verification", date(2019, 12, 9)), ("appraisal", date(2019, 12, 10)),
        ("notice", date(2019, 12, 11)),
        ("town_review", date(2019, 12, 18)), ("county_approval", date(2019, 12, 20)),
        ("confirmation", date(2019, 12, 21))])
    assert [(s["step"], s["outcome"]) for s in exit_done["steps"][:3]] == [
        ("nomination", "done"), ("verification", "refused"), ("verification", "done")]
    assert exit_done["steps"][1]["evaluation_id"] != exit_done["evaluation_id"]
    exited = household_status(ident, hid)
    assert (exited["status"], exited["exited_on"], exited["exit_pathway"]) == \
        ("exited", "2019-12-21", "employment")

    # Return to poverty after an illness.
    return_proc = start(ident, hid, "return", date(2020, 6, 1), cause="illness", documents=["住院证明"])
    walk(ident, return_proc["id"], [("survey", date(2020, 6, 2)), ("town_review", date(2020, 6, 3)),
                                    ("county_approval", date(2020, 6, 5))])
    assert household_status(ident, hid)["status"] == "returned"

    history = ident.client.get(f"/api/v1/households/{hid}/status-history", headers=ident.headers()).json()
    assert [(c["to_status"], c["effective_on"]) for c in history] == [
        ("candidate", history[0]["effective_on"]), ("identified", "2018-03-20"), ("exited", "2019-12-21"),
        ("returned", "2020-06-05")]
    procedures = ident.client.get(f"/api/v1/households/{hid}/procedures", headers=ident.headers()).json()
    assert [(p["kind"], p["state"]) for p in procedures] == [
        ("identification", "completed"), ("exit", "completed"), ("return", "completed")]
    feed = [e["type"] for e in _feed(ident, {hid}) if e["type"] != "household.status_changed"]
    assert feed == ["household.created", "member.added", "member.added", "household.identified",
                    "member.added", "household.exited", "household.returned"]


def test_the_life_of_a_village(ident):
    switch_on_remaining_poor_share(ident)
    household = identify(ident, serial=31)
    record_village_income(ident, "11500.00")
    meet_village_conditions(ident)
    r = ident.client.post(f"/api/v1/villages/{VILLAGE}/procedures",
                          json={"kind": "village_exit", "on": "2019-12-01", "year": 2019,
                                "documents": ["出列申请"]},
                          headers=headers(ident, "village"))
    assert r.status_code == 201, r.text
    village_proc = r.json()

    # The village's only poor household is still poor: 1/1 = 100.00% of households, above 2%.
    first = take(ident, village_proc["id"], "verification", date(2019, 12, 2))
    assert first.status_code == 409
    assert [(c["code"], c["value"], c["threshold"]) for c in first.json()["unmet"]] == \
        [("remaining_poor_share", "100.00%", "2%")]

    # The household exits; the village tries again and passes.
    record_income(ident, household["id"], 2019, "18000.00")
    exit_proc = start(ident, household["id"], "exit", date(2019, 12, 3), year=2019, exit_pathway="industry")
    walk(ident, exit_proc["id"], [("verification", date(2019, 12, 3)), ("appraisal", date(2019, 12, 4)),
                                  ("notice", date(2019, 12, 5)), ("town_review", date(2019, 12, 12)),
                                  ("county_approval", date(2019, 12, 13)),
                                  ("confirmation", date(2019, 12, 14))])
    done = walk(ident, village_proc["id"], [
        ("verification", date(2019, 12, 15)), ("notice", date(2019, 12, 16)),
        ("town_review", date(2019, 12, 23)), ("county_approval", date(2019, 12, 27))])
    assert done["state"] == "completed"
    stored = ident.client.get(f"/api/v1/evaluations/{done['evaluation_id']}", headers=ident.headers()).json()
    assert {c["code"]: c["value"] for c in stored["conditions"]} == {
        "village_income": "11500.00", "roads": "3/3", "tidy_village": "yes", "remaining_poor_share": "0.00%"}
    assert [s["outcome"] for s in read(ident, village_proc["id"])["steps"]] == [
        "done", "refused", "done", "done", "done", "done"]
    exits = ident.client.get("/api/v1/events?type=village.exited", headers=ident.headers()).json()["items"]
    assert [(e["subject"], e["data"]["exited_on"]) for e in exits] == [(VILLAGE, "2019-12-27")]
