"""Re-verification campaigns (回头看): selection, assignment, results, cases, completion."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from services.identification.campaigns.rules import draw_sample, result_problem
from services.identification.models import CampaignHousehold, Household, VerificationCase
from shared.concurrency import version_of
from tests.identification.campaign_factory import make_household

V1, V2, V3 = "441882100201", "441882100202", "441882101201"  # V1, V2 in 连州镇; V3 in 星子镇
CADRE = "village_cadre"


def _campaign(ident, selection, region="441882", name="2019年回头看", **headers):
    body = {"name": name, "year": 2019, "region_code": region, "selection": selection}
    return ident.client.post("/api/v1/campaigns", json=body, headers=ident.headers(**headers))


def _household_ids(ident, campaign_id, **headers):
    r = ident.client.get(f"/api/v1/campaigns/{campaign_id}/households?limit=500",
                         headers=ident.headers(**headers))
    assert r.status_code == 200, r.text
    return {i["household_id"] for i in r.json()["items"]}


def _cadre_headers(ident, subject="cadre-1", region="441882"):
    token = ident.token("village_cadre", region, subject=subject)
    return {"Authorization": f"Bearer {token}"}


def _assign(ident, campaign_id, cadre="cadre-1", **target):
    return ident.client.post(f"/api/v1/campaigns/{campaign_id}/assignments",
                             json={"cadre_subject": cadre, "cadre_name": "王干部", **target},
                             headers=ident.headers())


FAILED = {"outcome": "failed", "verified_on": "2019-10-01", "case_kind": "removal",
          "findings": [{"condition": "income", "passed": False, "note": "家有财政供养人员"},
                       {"condition": "housing", "passed": True}]}
CONFIRMED = {"outcome": "confirmed", "verified_on": "2019-10-01",
             "findings": [{"condition": "income", "passed": True}, {"condition": "housing", "passed": True}]}


def _verify(ident, campaign_id, household_id, body, subject="cadre-1"):
    return ident.client.post(f"/api/v1/campaigns/{campaign_id}/households/{household_id}/verification",
                             json=body, headers=_cadre_headers(ident, subject))


def test_sample_rule_is_reproducible_with_exact_draws():
    candidates = [f"H{i:02d}" for i in range(20)]
    assert draw_sample(candidates, 5, 2018) == ["H00", "H04", "H09", "H12", "H17"]
    assert draw_sample(candidates, 5, 2019) == ["H04", "H05", "H07", "H15", "H18"]
    assert draw_sample(list(reversed(candidates)), 5, 2018) == ["H00", "H04", "H09", "H12", "H17"]
    assert draw_sample(candidates[:3], 5, 1) == ["H00", "H01", "H02"]
    with pytest.raises(ValueError):
        draw_sample(candidates, 0, 1)


def test_result_rule_requires_findings_to_agree_with_outcome():
    assert result_problem("confirmed", [], None) is None
    assert result_problem("failed", ["income"], "removal") is None
    assert result_problem("confirmed", ["income"], None).code == "confirmed_with_failed_finding"
    assert result_problem("confirmed", [], "removal").code == "case_kind_unexpected"
    assert result_problem("failed", [], "removal").code == "failed_without_finding"
    assert result_problem("failed", ["housing"], None).code == "case_kind_required"


def test_rule_selection_takes_exactly_the_matching_households(ident):
    db = ident.db
    exited_2019 = make_household(db, V1, status="exited", exited_on=date(2019, 12, 20))
    exited_2019_low = make_household(db, V3, status="exited", exited_on=date(2019, 3, 1),
                                     category="minimum_living_guarantee")
    make_household(db, V2, status="exited", exited_on=date(2018, 12, 20))
    make_household(db, V1, status="identified")
    make_household(db, V1, status="candidate")
    r = _campaign(ident, {"mode": "rule", "statuses": ["exited"], "exited_in_year": 2019})
    assert r.status_code == 201, r.text
    assert r.json()["selected_count"] == 2 and r.json()["seed"] is None
    assert _household_ids(ident, r.json()["id"]) == {str(exited_2019), str(exited_2019_low)}
    r = _campaign(ident, {"mode": "rule", "statuses": ["exited"], "categories": ["minimum_living_guarantee"]})
    assert _household_ids(ident, r.json()["id"]) == {str(exited_2019_low)}
    r = _campaign(ident, {"mode": "rule"}, region="441882100")  # default statuses, town 连州镇 only
    assert r.json()["selected_count"] == 3


def test_sample_selection_is_reproducible_and_keeps_its_seed(ident):
    for i in range(12):
        make_household(ident.db, (V1, V2, V3)[i % 3])
    first = _campaign(ident, {"mode": "sample", "sample_size": 5, "seed": 42}).json()
    again = _campaign(ident, {"mode": "sample", "sample_size": 5, "seed": 42}).json()
    other = _campaign(ident, {"mode": "sample", "sample_size": 5, "seed": 43}).json()
    chosen = _household_ids(ident, first["id"])
    assert len(chosen) == 5 and first["selected_count"] == 5
    assert _household_ids(ident, again["id"]) == chosen
    with ident.db.transaction() as s:
        numbers = sorted(s.execute(select(Household.household_no, Household.id)).all())
    expected = {str(hid) for _, hid in draw_sample(numbers, 5, 42)}
    assert chosen == expected
    assert _household_ids(ident, other["id"]) == {str(h) for _, h in draw_sample(numbers, 5, 43)}
    unseeded = _campaign(ident, {"mode": "sample", "sample_size": 4}).json()
    assert isinstance(unseeded["seed"], int)
    replay = _campaign(ident, {"mode": "sample", "sample_size": 4, "seed": unseeded["seed"]}).json()
    assert _household_ids(ident, replay["id"]) == _household_ids(ident, unseeded["id"])


def test_bad_selection_is_refused_naming_the_field(ident):
    r = _campaign(ident, {"mode": "rule"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "selection"
    r = _campaign(ident, {"mode": "sample"})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "sample_size_required"
    r = _campaign(ident, {"mode": "rule", "seed": 3})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "sample_fields_unexpected"
    make_household(ident.db, V1)
    r = _campaign(ident, {"mode": "rule"}, region="441881")
    assert r.status_code == 403 and r.json()["errors"][0]["field"] == "region_code"
    with ident.db.transaction() as s:
        assert s.execute(select(func.count()).select_from(CampaignHousehold)).scalar_one() == 0


def test_assignment_and_the_cadres_own_list(ident):
    hh = [make_household(ident.db, v) for v in (V1, V1, V2, V3)]
    cid = _campaign(ident, {"mode": "rule"}).json()["id"]
    r = _assign(ident, cid, "cadre-1", household_ids=[str(hh[0]), str(hh[1])])
    assert r.status_code == 200 and r.json()["assigned"] == 2
    r = _assign(ident, cid, "cadre-2", region_code="441882101")
    assert r.json()["assigned"] == 1
    mine = ident.client.get("/api/v1/campaign-assignments/mine", headers=_cadre_headers(ident, "cadre-1"))
    assert {i["household_id"] for i in mine.json()["items"]} == {str(hh[0]), str(hh[1])}
    assert all(i["state"] == "assigned" and i["cadre_name"] == "王干部" for i in mine.json()["items"])
    other = ident.client.get("/api/v1/campaign-assignments/mine", headers=_cadre_headers(ident, "cadre-2"))
    assert [i["household_id"] for i in other.json()["items"]] == [str(hh[3])]
    stranger = make_household(ident.db, V1)
    r = _assign(ident, cid, "cadre-1", household_ids=[str(hh[2]), str(stranger)])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "household_ids[1]"
    r = ident.client.get(f"/api/v1/campaigns/{cid}/households?state=unassigned", headers=ident.headers())
    assert [i["household_id"] for i in r.json()["items"]] == [str(hh[2])]


def test_confirmed_result_opens_no_case(ident):
    hid = make_household(ident.db, V1)
    cid = _campaign(ident, {"mode": "rule"}).json()["id"]
    _assign(ident, cid, household_ids=[str(hid)])
    r = _verify(ident, cid, hid, CONFIRMED)
    assert r.status_code == 201, r.text
    assert r.json()["outcome"] == "confirmed" and r.json()["case_id"] is None
    assert ident.client.get("/api/v1/cases", headers=ident.headers()).json()["items"] == []


def test_failed_result_opens_a_case_and_leaves_the_household_alone(ident):
    hid = make_household(ident.db, V1, status="exited")
    cid = _campaign(ident, {"mode": "rule"}).json()["id"]
    _assign(ident, cid, household_ids=[str(hid)])
    r = _verify(ident, cid, hid, FAILED)
    assert r.status_code == 201, r.text
    case_id = r.json()["case_id"]
    case = ident.client.get(f"/api/v1/cases/{case_id}", headers=ident.headers()).json()
    assert (case["kind"], case["source"], case["state"]) == ("removal", "campaign", "open")
    assert case["household_id"] == str(hid) and case["verification_id"] == r.json()["id"]
    assert case["details"]["failed_conditions"] == ["income"]
    household = ident.client.get(f"/api/v1/households/{hid}", headers=ident.headers()).json()
    assert household["status"] == "exited"
    read = ident.client.get(f"/api/v1/campaigns/{cid}/households/{hid}/verification", headers=ident.headers())
    assert read.json()["case_id"] == case_id
    with ident.db.transaction() as s:
        infra = ident.app.state.infra
        types = Counter(s.execute(select(infra.outbox.c.type)).scalars())
        actions = set(s.execute(select(infra.audit.c.action)).scalars())
    assert types["campaign.created"] == 1 and types["campaign.households_assigned"] == 1
    assert types["verification.recorded"] == 1 and types["case.opened"] == 1
    assert {"campaign.create", "campaign.assign", "verification.record", "case.open"} <= actions


def test_only_the_assigned_cadre_records_once(ident):
    hid, unassigned = make_household(ident.db, V1), make_household(ident.db, V1)
    cid = _campaign(ident, {"mode": "rule"}).json()["id"]
    _assign(ident, cid, household_ids=[str(hid)])
    assert _verify(ident, cid, unassigned, CONFIRMED).json()["code"] == "not_assigned"
    r = _verify(ident, cid, hid, CONFIRMED, subject="cadre-2")
    assert r.status_code == 403 and r.json()["code"] == "not_assignee"
    assert _verify(ident, cid, hid, CONFIRMED).status_code == 201
    r = _verify(ident, cid, hid, FAILED)
    assert r.status_code == 409 and r.json()["code"] == "already_verified"
    r = _assign(ident, cid, "cadre-2", household_ids=[str(hid)])
    assert r.status_code == 409 and r.json()["errors"][0]["code"] == "already_verified"


def test_inconsistent_result_is_refused(ident):
    hid = make_household(ident.db, V1)
    cid = _campaign(ident, {"mode": "rule"}).json()["id"]
    _assign(ident, cid, household_ids=[str(hid)])
    r = _verify(ident, cid, hid, {**FAILED, "case_kind": None})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "case_kind_required"
    r = _verify(ident, cid, hid, {**CONFIRMED, "findings": [{"condition": "income", "passed": False}]})
    assert r.json()["errors"][0]["code"] == "confirmed_with_failed_finding"
    r = ident.client.get(f"/api/v1/campaigns/{cid}/households", headers=ident.headers())
    assert r.json()["items"][0]["state"] == "assigned"


def test_concurrent_results_for_one_household_open_one_case(ident):
    hid = make_household(ident.db, V1)
    cid = _campaign(ident, {"mode": "rule"}).json()["id"]
    _assign(ident, cid, household_ids=[str(hid)])
    codes: list[int] = []

    def send() -> None:
        codes.append(_verify(ident, cid, hid, FAILED).status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [201, 409, 409, 409]
    with ident.db.transaction() as s:
        assert s.execute(select(func.count()).select_from(VerificationCase)).scalar_one() == 1


def test_completion_by_region_agrees_with_a_direct_count(ident):
    plan = [V1] * 5 + [V2] * 3 + [V3] * 4
    hh = [make_household(ident.db, v) for v in plan]
    cid = _campaign(ident, {"mode": "rule"}).json()["id"]
    _assign(ident, cid, household_ids=[str(h) for h in hh[:4] + hh[5:7] + hh[8:11]])
    outcomes = {0: CONFIRMED, 1: FAILED, 2: CONFIRMED, 5: FAILED, 8: CONFIRMED, 9: CONFIRMED}
    for i, body in outcomes.items():
        assert _verify(ident, cid, hh[i], body).status_code == 201
    report = ident.client.get(f"/api/v1/campaigns/{cid}/completion", headers=ident.headers()).json()
    listing = ident.client.get(f"/api/v1/campaigns/{cid}/households?limit=500", headers=ident.headers())
    direct: dict[str, Counter] = {}
    for item in listing.json()["items"]:
        for code in (item["region_code"], item["region_code"][:9]):
            direct.setdefault(code, Counter())[item["state"]] += 1
    for row in report["villages"] + report["towns"]:
        c = direct[row["code"]]
        assert (row["selected"], row["unassigned"], row["pending"], row["confirmed"], row["failed"]) == (
            sum(c.values()), c["unassigned"], c["assigned"], c["confirmed"], c["failed"])
        assert row["done"] == c["confirmed"] + c["failed"]
    assert {r["code"] for r in report["villages"]} == {V1, V2, V3}
    towns = [(r["code"], r["name"]) for r in report["towns"]]
    assert towns == [("441882100", "连州镇"), ("441882101", "星子镇")]
    total = report["total"]
    figures = [total[k] for k in ("selected", "unassigned", "pending", "confirmed", "failed", "done")]
    assert figures == [12, 3, 3, 4, 2, 6]
    town_view = ident.client.get(f"/api/v1/campaigns/{cid}/completion",
                                 headers=ident.headers("town_official", "441882101")).json()
    assert [r["code"] for r in town_view["villages"]] == [V3] and town_view["total"]["selected"] == 4


def test_closing_a_case_needs_if_match_and_happens_once(ident):
    hid = make_household(ident.db, V1)
    cid = _campaign(ident, {"mode": "rule"}).json()["id"]
    _assign(ident, cid, household_ids=[str(hid)])
    case_id = _verify(ident, cid, hid, FAILED).json()["case_id"]
    url = f"/api/v1/cases/{case_id}/close"
    body = {"resolution": "acted", "note": "已启动清退程序", "reference": "procedure-1"}
    assert ident.client.post(url, json=body, headers=ident.headers()).status_code == 428
    r = ident.client.post(url, json={**body, "reference": None}, headers=ident.headers(**{"If-Match": '"1"'}))
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "reference_required"
    r = ident.client.post(url, json=body, headers=ident.headers(**{"If-Match": '"1"'}))
    assert r.status_code == 200, r.text
    closed_case = r.json()
    assert (closed_case["state"], closed_case["resolution"]) == ("closed", "acted")
    assert closed_case["reference"] == "procedure-1"
    assert version_of(r.headers["etag"]) == 2
    assert ident.client.post(url, json=body, headers=ident.headers(**{"If-Match": '"1"'})).status_code == 412
    r = ident.client.post(url, json=body, headers=ident.headers(**{"If-Match": '"2"'}))
    assert r.status_code == 409 and r.json()["code"] == "case_closed"
    closed = ident.client.get("/api/v1/cases?state=closed", headers=ident.headers()).json()["items"]
    assert [c["id"] for c in closed] == [case_id]
    assert ident.client.get("/api/v1/cases?state=open", headers=ident.headers()).json()["items"] == []


def test_campaigns_and_cases_outside_the_region_are_hidden(ident):
    hid = make_household(ident.db, V1)
    cid = _campaign(ident, {"mode": "rule"}, region="441882100").json()["id"]
    _assign(ident, cid, household_ids=[str(hid)])
    case_id = _verify(ident, cid, hid, FAILED).json()["case_id"]
    outsider = ident.headers("town_official", "441882101")
    assert ident.client.get(f"/api/v1/cases/{case_id}", headers=outsider).status_code == 404
    assert ident.client.get("/api/v1/cases", headers=outsider).json()["items"] == []
    assert ident.client.get(f"/api/v1/campaigns/{cid}", headers=outsider).status_code == 404
    assert ident.client.get("/api/v1/campaigns", headers=outsider).json()["items"] == []
    county = ident.client.get("/api/v1/campaigns", headers=ident.headers()).json()["items"]
    assert [c["id"] for c in county] == [cid]


def test_lists_page_with_cursors_and_refuse_bad_ones(ident):
    hh = [make_household(ident.db, V1) for _ in range(3)]
    cid = _campaign(ident, {"mode": "rule"}).json()["id"]
    _assign(ident, cid, household_ids=[str(h) for h in hh])
    for h in hh:
        assert _verify(ident, cid, h, FAILED).status_code == 201
    first = ident.client.get("/api/v1/cases?limit=2", headers=ident.headers()).json()
    second = ident.client.get(f"/api/v1/cases?limit=2&cursor={first['next_cursor']}",
                              headers=ident.headers()).json()
    ids = [c["household_id"] for c in first["items"] + second["items"]]
    assert sorted(ids) == sorted(str(h) for h in hh) and second["next_cursor"] is None
    mine = ident.client.get("/api/v1/campaign-assignments/mine?limit=2", headers=_cadre_headers(ident)).json()
    rest = ident.client.get(f"/api/v1/campaign-assignments/mine?limit=2&cursor={mine['next_cursor']}",
                            headers=_cadre_headers(ident)).json()
    assert len({i["household_id"] for i in mine["items"] + rest["items"]}) == 3
    for url in ("/api/v1/cases?cursor=WyJ4IiwieSJd", "/api/v1/campaign-assignments/mine?cursor=WyJ4IiwieSJd",
                "/api/v1/campaigns?cursor=WyJ4Il0"):
        r = ident.client.get(url, headers=ident.headers())
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "cursor", url


def test_a_pending_household_can_be_reassigned(ident):
    hid = make_household(ident.db, V1)
    cid = _campaign(ident, {"mode": "rule"}).json()["id"]
    _assign(ident, cid, "cadre-1", household_ids=[str(hid)])
    r = _assign(ident, cid, "cadre-2", household_ids=[str(hid)])
    assert r.status_code == 200 and r.json()["assigned"] == 1
    mine = ident.client.get("/api/v1/campaign-assignments/mine", headers=_cadre_headers(ident, "cadre-1"))
    assert mine.json()["items"] == []
    assert _verify(ident, cid, hid, CONFIRMED, subject="cadre-1").status_code == 403
    assert _verify(ident, cid, hid, CONFIRMED, subject="cadre-2").status_code == 201
