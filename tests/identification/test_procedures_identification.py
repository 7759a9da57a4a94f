"""The identification procedure (精准识别): order, levels, notice, documents, dates, decisions."""

from __future__ import annotations

from datetime import date

from tests.identification.procedure_flow import (
    COUNTY,
    TOWN,
    VILLAGE,
    create_household,
    events,
    headers,
    read,
    record_income,
    start,
    take,
    walk,
)


def _candidate(ident, serial=11, wages="6000.00"):
    household = create_household(ident, serial)
    record_income(ident, household["id"], 2017, wages)
    return household


def test_identification_walk_records_every_step_and_identifies(ident):
    household = _candidate(ident)
    proc = start(ident, household["id"], "identification", date(2018, 3, 1), year=2017,
                 comment="农户申请")
    assert proc["state"] == "open"
    assert proc["next_step"] == {"step": "survey", "label_zh": "入户调查", "level": "village",
                                 "needs_document": True, "not_before": None}
    done = walk(ident, proc["id"], [("survey", date(2018, 3, 5)), ("appraisal", date(2018, 3, 10)),
                                    ("notice", date(2018, 3, 12)), ("town_review", date(2018, 3, 19)),
                                    ("county_approval", date(2018, 3, 25))])
    assert done["state"] == "completed"
    assert done["closed_on"] == "2018-03-25"
    assert done["notice_posted_on"] == "2018-03-12"
    assert done["notice_ends_on"] == "2018-03-18"
    log = [(s["seq"], s["step"], s["outcome"], s["actor_role"], s["actor_region"], s["effective_on"])
           for s in done["steps"]]
    assert log == [
        (1, "application", "done", "village_cadre", VILLAGE, "2018-03-01"),
        (2, "survey", "done", "village_cadre", VILLAGE, "2018-03-05"),
        (3, "appraisal", "done", "village_cadre", VILLAGE, "2018-03-10"),
        (4, "notice", "done", "village_cadre", VILLAGE, "2018-03-12"),
        (5, "town_review", "done", "town_official", TOWN, "2018-03-19"),
        (6, "county_approval", "done", "county_official", COUNTY, "2018-03-25"),
    ]
    assert done["steps"][0]["comment"] == "农户申请"
    assert done["steps"][0]["documents"] == ["申请书"]
    assert done["steps"][5]["documents"] == ["county_approval-记录"]
    assert done["steps"][1]["evaluation_id"] is not None
    assert done["steps"][0]["actor"] == f"village_cadre-{VILLAGE}"
    h = ident.client.get(f"/api/v1/households/{household['id']}", headers=ident.headers()).json()
    assert (h["status"], h["identified_on"]) == ("identified", "2018-03-25")
    identified = events(ident, "household.identified")
    assert [e["data"] for e in identified] == [{
        "household_id": household["id"], "region_code": VILLAGE, "identified_on": "2018-03-25",
        "procedure_id": proc["id"], "via": "identification", "cause": None}]
    history = ident.client.get(f"/api/v1/households/{household['id']}/status-history",
                               headers=ident.headers()).json()
    assert [(c["from_status"], c["to_status"], c["effective_on"]) for c in history][-1] == \
        ("candidate", "identified", "2018-03-25")
    assert history[-1]["reference"] == f"procedure {proc['id']}"
