"""Notices (公告公示): drafts change, published ones never; corrections supersede once; objections."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from threading import Barrier

from tests.funds.money_flow import housing_project
from tests.funds.support import county, notice_body, on_day, publish_notice

NOTICES = "/api/v1/notices"
IN_PLAN = ["appraise", "admit", "plan"]


def _draft(funds, project_id, **changes):
    return funds.client.post(f"/api/v1/projects/{project_id}/notices", json=notice_body(**changes),
                             headers=county(funds))


def _publish(funds, notice, day="2019-02-01"):
    with on_day(date.fromisoformat(day)):
        return funds.client.post(f"{NOTICES}/{notice['id']}/publish",
                                 headers=county(funds, **{"If-Match": f'"{notice["version"]}"'}))


def test_a_draft_is_edited_then_published_and_never_edited_again(funds, register):
    household = register.household()
    project_id = housing_project(funds, [household], allocate=None, steps=IN_PLAN, notice=False)
    r = _draft(funds, project_id, lines=[{"household_id": household, "head_name": "张三明"}])
    assert r.status_code == 201, r.text
    draft = r.json()
    assert r.headers["Location"] == f"{NOTICES}/{draft['id']}" and r.headers["ETag"].startswith('"1.')
    assert (draft["status"], draft["days"], draft["lines"][0]["head_name"], draft["lines"][0]["amount"]) == (
        "draft", 10, "张*明", "20000.00")
    edited = funds.client.patch(f"{NOTICES}/{draft['id']}", headers=county(funds, **{"If-Match": '"1"'}),
                                json={"title": "项目计划公示（修订稿）",
                                      "lines": [{"household_id": household, "head_name": "张三敏"}]})
    assert edited.status_code == 200, edited.text
    assert [(line["head_name"], line["amount"]) for line in edited.json()["lines"]] == [("张*敏", "20000.00")]
    unmasked = funds.client.get(f"{NOTICES}/{draft['id']}",
                                headers=funds.headers("county_official", "441882", ["pii:read"])).json()
    assert unmasked["lines"][0]["head_name"] == "张三敏"
    published = _publish(funds, edited.json())
    assert published.status_code == 200, published.text
    assert (published.json()["status"], published.json()["published_by"]) == ("published",
                                                                              "county_official-441882")
    etag = funds.client.get(f"{NOTICES}/{draft['id']}", headers=county(funds)).headers["ETag"]
    late = funds.client.patch(f"{NOTICES}/{draft['id']}", json={"title": "改", "ends_on": "2019-03-01"},
                              headers=county(funds, **{"If-Match": etag}))
    assert (late.status_code, late.json()["code"], late.json()["rule"]) == (
        409, "notice_published", "funds.notice.immutable")
    assert sorted(e["field"] for e in late.json()["errors"]) == ["ends_on", "title"]
    assert "after publication" in late.json()["detail"]
    again = _publish(funds, funds.client.get(f"{NOTICES}/{draft['id']}", headers=county(funds)).json())
    assert (again.status_code, again.json()["code"]) == (409, "notice_published")
    assert funds.client.get(f"{NOTICES}/{draft['id']}", headers=county(funds)).json()["title"] == \
        "项目计划公示（修订稿）"
    feed = funds.client.get("/api/v1/events", params={"limit": 100}, headers=county(funds)).json()["items"]
    assert [e["type"] for e in feed if e["subject"] == draft["id"]] == [
        "notice.drafted", "notice.drafted", "notice.published"]
    audit = funds.client.get("/api/v1/audit", params={"limit": 200},
                             headers=funds.headers("province_official", "44")).json()["items"]
    assert {"notice.draft", "notice.edit", "notice.publish"} <= {a["action"] for a in audit}
    assert "张三明" not in str(feed) + str(audit)  # the name is encrypted and never journaled


def test_bad_periods_texts_and_lines_are_4xx_naming_the_field(funds, register):
    household = register.household()
    project_id = housing_project(funds, [household], allocate=None, steps=IN_PLAN, notice=False)
    cases = [({"ends_on": "2019-01-31"}, 422, "ends_on", "dates_out_of_order"),
             ({"ends_on": "2019-02-09"}, 422, "ends_on", "period_too_short"),
             ({"content": "联系电话13800138000"}, 422, "content", "personal_number_in_text"),
             ({"title": "身份证441882197805123415"}, 422, "title", "personal_number_in_text"),
             ({"lines": [{"household_id": register.household(), "head_name": "李四"}]}, 422,
              "lines[0].household_id", "line_not_beneficiary"),
             ({"lines": [{"household_id": household, "head_name": "<b>"}]}, 422, "lines[0].head_name",
              "string_pattern_mismatch"),
             ({"kind": "completion"}, 409, "kind", "notice_not_open"),
             ({"kind": "allocation"}, 409, "kind", "notice_not_open"),
             ({"supersedes_id": "0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21", "correction_reason": "更正"}, 422,
              "supersedes_id", "supersedes_invalid")]
    for changes, status, field, code in cases:
        r = _draft(funds, project_id, **changes)
        assert (r.status_code, r.json()["errors"][0]["field"], r.json()["errors"][0]["code"]) == (
            status, field, code), (changes, r.text)
    draft = _draft(funds, project_id).json()
    short = funds.client.patch(f"{NOTICES}/{draft['id']}", json={"starts_on": "2019-02-05"},
                               headers=county(funds, **{"If-Match": '"1"'}))
    assert (short.status_code, short.json()["errors"][0]["code"]) == (422, "period_too_short")
    late = _publish(funds, draft, day="2019-02-02")  # published after its first day: the period is cut
    assert (late.status_code, late.json()["errors"][0]["field"]) == (422, "starts_on")
    assert funds.client.get(f"{NOTICES}/{draft['id']}", headers=county(funds)).json()["status"] == "draft"
    proposed = housing_project(funds, [register.household()], allocate=None, steps=[], notice=False)
    assert _draft(funds, proposed).json()["code"] == "notice_not_open"
    town = funds.client.post(f"/api/v1/projects/{project_id}/notices", json=notice_body(),
                             headers=funds.headers("town_official", "441882100"))
    assert (town.status_code, town.json()["code"]) == (403, "step_level_mismatch")


def test_a_correction_supersedes_its_notice_and_both_stay_readable(funds, register):
    project_id = housing_project(funds, [register.household()], allocate=None, steps=IN_PLAN, notice=False)
    first = publish_notice(funds, project_id)
    second = _draft(funds, project_id, starts_on="2019-03-01", ends_on="2019-03-10").json()
    clash = _publish(funds, second, day="2019-03-01")
    assert (clash.status_code, clash.json()["code"]) == (409, "current_notice_exists")
    no_reason = _draft(funds, project_id, supersedes_id=first["id"])
    assert (no_reason.status_code, no_reason.json()["errors"][0]["field"]) == (422, "correction_reason")
    fix = _draft(funds, project_id, supersedes_id=first["id"], correction_reason="补助标准有误，予以更正",
                 starts_on="2019-03-01", ends_on="2019-03-10", content="更正后的项目计划，现重新公示。")
    fix = fix.json()
    assert funds.client.get(f"{NOTICES}/{first['id']}", headers=county(funds)).json()["status"] == "published"
    published = _publish(funds, fix, day="2019-03-01")
    assert published.status_code == 200, published.text
    old = funds.client.get(f"{NOTICES}/{first['id']}", headers=county(funds)).json()
    assert (old["status"], old["superseded_by_id"]) == ("superseded", fix["id"])
    assert published.json()["supersedes_id"] == first["id"]
    public_old = funds.client.get(f"/api/v1/public/notices/{first['id']}").json()
    assert (public_old["status"], public_old["superseded_by_id"]) == ("superseded", fix["id"])
    public_new = funds.client.get(f"/api/v1/public/notices/{fix['id']}").json()
    assert public_new["correction_reason"] == "补助标准有误，予以更正"
    current = funds.client.get("/api/v1/public/notices").json()["items"]
    assert [n["id"] for n in current] == [fix["id"]]
    both = funds.client.get("/api/v1/public/notices", params={"superseded": "true"}).json()["items"]
    assert {n["id"] for n in both} == {first["id"], fix["id"]}
    stale = _draft(funds, project_id, supersedes_id=first["id"], correction_reason="再次更正")
    assert (stale.status_code, stale.json()["code"]) == (409, "notice_already_superseded")
    feed = funds.client.get("/api/v1/events", params={"limit": 200}, headers=county(funds)).json()["items"]
    superseded = [e for e in feed if e["type"] == "notice.superseded"]
    assert [(e["subject"], e["data"]["superseded_by_id"]) for e in superseded] == [(first["id"], fix["id"])]


def test_two_corrections_of_one_notice_published_at_once_exactly_one_wins(funds, register):
    project_id = housing_project(funds, [register.household()], allocate=None, steps=IN_PLAN, notice=False)
    first = publish_notice(funds, project_id)
    fixes = [_draft(funds, project_id, supersedes_id=first["id"], correction_reason=f"更正{i}",
                    starts_on="2019-03-01", ends_on="2019-03-10").json() for i in range(2)]
    barrier = Barrier(2)

    def publish(fix):
        barrier.wait()
        return funds.client.post(f"{NOTICES}/{fix['id']}/publish",
                                 headers=county(funds, **{"If-Match": '"1"'}))

    with on_day(date(2019, 3, 1)), ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(publish, fixes))
    codes = sorted("published" if r.status_code == 200 else r.json()["code"] for r in answers)
    assert codes == ["notice_already_superseded", "published"], [r.text for r in answers]
    winner = next(f for f, r in zip(fixes, answers, strict=True) if r.status_code == 200)
    notices = funds.client.get(f"/api/v1/projects/{project_id}/notices", headers=county(funds)).json()
    assert sorted((n["status"], n["superseded_by_id"]) for n in notices) == [
        ("draft", None), ("published", None), ("superseded", winner["id"])]


def test_objections_are_taken_within_the_period_and_answered_once_by_the_county(funds, register):
    project_id = housing_project(funds, [register.household()], allocate=None, steps=IN_PLAN, notice=False)
    notice = publish_notice(funds, project_id)
    url = f"{NOTICES}/{notice['id']}/objections"
    outside = funds.client.post(url, json={"content": "名单有误", "received_on": "2019-02-11"},
                                headers=county(funds))
    assert (outside.status_code, outside.json()["code"], outside.json()["errors"][0]["field"]) == (
        409, "objection_period_closed", "received_on")
    town = funds.headers("town_official", "441882100")
    r = funds.client.post(url, json={"content": "该户已外出务工多年，不符合条件", "received_on": "2019-02-03",
                                     "objector_name": "王小明", "contact": "13800138000"}, headers=town)
    assert r.status_code == 201, r.text
    objection = r.json()
    assert (objection["objector_name"], objection["contact"], objection["status"]) == (
        "王*明", "*******8000", "pending")
    unmasked = funds.client.get(url, headers=funds.headers("county_official", "441882", ["pii:read"])).json()
    assert (unmasked[0]["objector_name"], unmasked[0]["contact"]) == ("王小明", "13800138000")
    answer_url = f"{url}/{objection['id']}/answer"
    by_town = funds.client.post(answer_url, json={"decision": "rejected", "reason": "经核实符合条件"},
                                headers=town)
    assert (by_town.status_code, by_town.json()["code"]) == (403, "step_level_mismatch")
    bad = funds.client.post(answer_url, json={"decision": "maybe", "reason": "x"}, headers=county(funds))
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "decision")
    answered = funds.client.post(answer_url, headers=county(funds),
                                 json={"decision": "rejected", "reason": "经入户核实，该户符合条件"})
    assert answered.status_code == 200, answered.text
    assert (answered.json()["status"], answered.json()["answered_by"]) == (
        "rejected", "county_official-441882")
    twice = funds.client.post(answer_url, json={"decision": "upheld", "reason": "改判"},
                              headers=county(funds))
    assert (twice.status_code, twice.json()["code"]) == (409, "objection_already_answered")
    feed = funds.client.get("/api/v1/events", params={"limit": 200}, headers=county(funds)).json()["items"]
    mine = [(e["type"], e["data"].get("decision")) for e in feed if e["subject"] == objection["id"]]
    assert mine == [("objection.recorded", None), ("objection.answered", "rejected")]
    assert "13800138000" not in str(feed) and "王小明" not in str(feed)
    audit = funds.client.get("/api/v1/audit", params={"limit": 200},
                             headers=funds.headers("province_official", "44")).json()["items"]
    assert {"objection.record", "objection.answer", "pii.read"} <= {a["action"] for a in audit}
    assert "13800138000" not in str(audit) and "王小明" not in str(audit)
