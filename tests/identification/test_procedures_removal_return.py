"""Removal (清退), fast entry of the newly poor (因灾因病快速纳入) and return to poverty (返贫)."""

from __future__ import annotations

from datetime import date

from tests.identification.procedure_flow import (
    create_household,
    events,
    household_status,
    identify,
    record_income,
    start,
    walk,
)


def _exited(ident, serial=11):
    household = identify(ident, serial)
    record_income(ident, household["id"], 2019, "18000.00")
    proc = start(ident, household["id"], "exit", date(2019, 12, 1), year=2019, exit_pathway="industry")
    walk(ident, proc["id"], [("verification", date(2019, 12, 2)), ("appraisal", date(2019, 12, 3)),
                             ("notice", date(2019, 12, 4)), ("town_review", date(2019, 12, 11)),
                             ("county_approval", date(2019, 12, 12)), ("confirmation", date(2019, 12, 13))])
    return household


def test_removal_of_an_ineligible_household_with_reason_and_approval(ident):
    household = identify(ident)
    proc = start(ident, household["id"], "removal", date(2018, 9, 1), removal_reason="vehicle_owned",
                 documents=["部门比对：车辆登记"], comment="比对发现有小轿车一辆")
    assert proc["removal_reason"] == "vehicle_owned"
    done = walk(ident, proc["id"], [("notice", date(2018, 9, 2)), ("town_review", date(2018, 9, 9)),
                                    ("county_approval", date(2018, 9, 10))])
    assert [(s["step"], s["actor_role"]) for s in done["steps"]] == [
        ("proposal", "village_cadre"), ("notice", "village_cadre"), ("town_review", "town_official"),
        ("county_approval", "county_official")]
    assert household_status(ident, household["id"])["status"] == "removed"
    removed = events(ident, "household.removed")
    assert [e["data"] for e in removed] == [{
        "household_id": household["id"], "region_code": household["region_code"], "removed_on": "2018-09-10",
        "reason": "vehicle_owned", "procedure_id": proc["id"]}]
    history = ident.client.get(f"/api/v1/households/{household['id']}/status-history",
                               headers=ident.headers()).json()
    assert (history[-1]["to_status"], history[-1]["reason"]) == ("removed", "清退: vehicle_owned")
    again = start(ident, household["id"], "return", date(2018, 9, 11), cause="illness", expect=409)
    assert again["code"] == "status_not_allowed"


def test_a_candidate_is_not_removed_but_rejected(ident):
    household = create_household(ident)
    r = start(ident, household["id"], "removal", date(2018, 9, 1), removal_reason="other", expect=409)
    assert (r["code"], r["household_status"]) == ("status_not_allowed", "candidate")


def test_removal_needs_its_reason_and_evidence(ident):
    household = identify(ident)
    no_reason = start(ident, household["id"], "removal", date(2018, 9, 1), expect=422)
    assert no_reason["errors"][0]["field"] == "removal_reason"
    no_evidence = start(ident, household["id"], "removal", date(2018, 9, 1), removal_reason="other",
                        documents=[], expect=422)
    assert no_evidence["errors"][0]["field"] == "documents"


def test_fast_entry_after_a_disaster_is_short_but_records_every_step(ident):
    household = create_household(ident)
    proc = start(ident, household["id"], "fast_entry", date(2019, 7, 20), cause="disaster",
                 documents=["受灾证明"], comment="7月洪灾房屋倒塌")
    done = walk(ident, proc["id"], [("survey", date(2019, 7, 21)), ("town_review", date(2019, 7, 22)),
                                    ("county_approval", date(2019, 7, 23))])
    assert [(s["step"], s["effective_on"]) for s in done["steps"]] == [
        ("application", "2019-07-20"), ("survey", "2019-07-21"), ("town_review", "2019-07-22"),
        ("county_approval", "2019-07-23")]
    assert done["notice_posted_on"] is None
    h = household_status(ident, household["id"])
    assert (h["status"], h["identified_on"]) == ("identified", "2019-07-23")
    identified = events(ident, "household.identified")
    assert [(e["data"]["via"], e["data"]["cause"]) for e in identified] == [("fast_entry", "disaster")]


def test_return_to_poverty_brings_an_exited_household_back_with_its_cause(ident):
    household = _exited(ident)
    proc = start(ident, household["id"], "return", date(2020, 5, 6), cause="illness",
                 documents=["住院证明"], comment="户主患重病")
    done = walk(ident, proc["id"], [("survey", date(2020, 5, 7)), ("town_review", date(2020, 5, 8)),
                                    ("county_approval", date(2020, 5, 9))])
    assert (done["state"], done["cause"]) == ("completed", "illness")
    h = household_status(ident, household["id"])
    assert h["status"] == "returned"
    returned = events(ident, "household.returned")
    assert [e["data"] for e in returned] == [{
        "household_id": household["id"], "region_code": household["region_code"], "returned_on": "2020-05-09",
        "cause": "illness", "procedure_id": proc["id"]}]
    # A returned household is helped again and may exit again.
    assert start(ident, household["id"], "exit", date(2020, 12, 1), exit_pathway="health")["state"] == "open"


def test_only_an_exited_household_can_return(ident):
    household = identify(ident)
    r = start(ident, household["id"], "return", date(2018, 9, 1), cause="illness", expect=409)
    assert (r["code"], r["allowed"]) == ("status_not_allowed", ["exited"])
