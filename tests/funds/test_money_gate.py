"""Money waits for the project's plan notice to close with no objection pending or upheld (plan §20)."""

from __future__ import annotations

from datetime import date

from services.funds.publicity.rules import GateFacts, gate_refusal
from tests.funds.money_flow import PROJECTS, housing_project, pay_payee
from tests.funds.support import county, day_after, notice_body, on_day, publish_notice

IN_PLAN = ["appraise", "admit", "plan"]


def _allocate(funds, project_id, on="2019-03-10"):
    return funds.client.post(f"{PROJECTS}/{project_id}/allocations", json={
        "source": "provincial", "amount": "1000.00", "document_no": "粤财农〔2019〕1号", "allocated_on": on},
        headers=county(funds))


def _refused(r, reason, notice_id=None):
    body = r.json()
    assert (r.status_code, body["code"], body["reason"], body["notice_id"], body["rule"]) == (
        409, "publicity_not_closed", reason, notice_id, "funds.money.publicity_closed"), r.text


def _object(funds, notice, day="2019-02-03"):
    with on_day(date.fromisoformat(day)):
        r = funds.client.post(f"/api/v1/public/notices/{notice['id']}/objections",
                              json={"content": "受益户名单有误"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _answer(funds, notice, objection_id, decision):
    r = funds.client.post(f"/api/v1/notices/{notice['id']}/objections/{objection_id}/answer",
                          json={"decision": decision, "reason": "经核实"}, headers=county(funds))
    assert r.status_code == 200, r.text


def test_no_notice_and_an_open_period_hold_the_money(funds, register):
    project_id = housing_project(funds, [register.household()], allocate=None, steps=IN_PLAN, notice=False)
    _refused(_allocate(funds, project_id), "no_notice")
    notice = publish_notice(funds, project_id)
    with on_day(date(2019, 2, 10)):  # the last day still belongs to the period
        _refused(_allocate(funds, project_id, on="2019-02-09"), "period_open", notice["id"])
    with on_day(day_after(notice, 5)):
        _refused(_allocate(funds, project_id, on="2019-02-10"), "dated_within_period", notice["id"])
        assert _allocate(funds, project_id, on="2019-02-11").status_code == 201


def test_a_closed_period_without_objections_lets_money_move(funds, register):
    project_id = housing_project(funds, [register.household()], allocate=None, steps=IN_PLAN, notice=False)
    publish_notice(funds, project_id)
    assert _allocate(funds, project_id).status_code == 201


def test_a_pending_objection_holds_the_money_and_a_rejected_one_releases_it(funds, register):
    project_id = housing_project(funds, [register.household()], allocate=None, notice=False)
    notice = publish_notice(funds, project_id)
    objection = _object(funds, notice)
    _refused(_allocate(funds, project_id), "objection_pending", notice["id"])
    _answer(funds, notice, objection, "rejected")
    assert _allocate(funds, project_id).status_code == 201
    assert pay_payee(funds, project_id, "100.00", "g-1").status_code == 201


def test_an_upheld_objection_holds_the_money_until_a_correction_has_run_its_period(funds, register):
    project_id = housing_project(funds, [register.household()], allocate="1000.00", notice=True)
    notice = funds.client.get("/api/v1/public/notices").json()["items"][0]
    assert pay_payee(funds, project_id, "100.00", "u-0").status_code == 201
    # an objection received in the period, upheld after it: payments stop until a correction closes
    with on_day(date(2019, 2, 5)):
        objection = funds.client.post(f"/api/v1/notices/{notice['id']}/objections", json={
            "content": "预算与村民大会决议不符", "received_on": "2019-02-05"},
            headers=county(funds)).json()["id"]
    _refused(pay_payee(funds, project_id, "100.00", "u-1"), "objection_pending", notice["id"])
    _answer(funds, notice, objection, "upheld")
    _refused(pay_payee(funds, project_id, "100.00", "u-2"), "objection_upheld", notice["id"])
    fix = funds.client.post(f"/api/v1/projects/{project_id}/notices", json=notice_body(
        supersedes_id=notice["id"], correction_reason="按村民大会决议更正预算", starts_on="2019-04-01",
        ends_on="2019-04-10"), headers=county(funds)).json()
    with on_day(date(2019, 4, 1)):
        assert funds.client.post(f"/api/v1/notices/{fix['id']}/publish",
                                 headers=county(funds, **{"If-Match": '"1"'})).status_code == 200
    with on_day(date(2019, 4, 10)):
        _refused(pay_payee(funds, project_id, "100.00", "u-3"), "period_open", fix["id"])
    with on_day(date(2019, 4, 11)):  # the payment (dated 2019-05-02) after the correction's period
        assert pay_payee(funds, project_id, "100.00", "u-4").status_code == 201


def test_an_objection_left_unanswered_on_a_corrected_notice_still_holds_the_money(funds, register):
    project_id = housing_project(funds, [register.household()], allocate=None, notice=False)
    notice = publish_notice(funds, project_id)
    _object(funds, notice)
    publish_notice(funds, project_id, supersedes_id=notice["id"], correction_reason="更正",
                   starts_on="2019-03-01", ends_on="2019-03-10")
    _refused(_allocate(funds, project_id, on="2019-03-11"), "objection_pending",
             funds.client.get("/api/v1/public/notices").json()["items"][0]["id"])


def test_the_gate_rule_names_each_reason_in_order():
    closed = GateFacts("n", date(2019, 2, 10))
    assert gate_refusal(GateFacts(None, None), date(2019, 3, 1), date(2019, 3, 1)) == "no_notice"
    assert gate_refusal(closed, date(2019, 2, 10), date(2019, 2, 1)) == "period_open"
    assert gate_refusal(closed, date(2019, 2, 11), date(2019, 2, 10)) == "dated_within_period"
    assert gate_refusal(GateFacts("n", date(2019, 2, 10), pending=1, upheld=1), date(2019, 2, 11),
                        date(2019, 2, 11)) == "objection_pending"
    assert gate_refusal(GateFacts("n", date(2019, 2, 10), upheld=1), date(2019, 2, 11),
                        date(2019, 2, 11)) == "objection_upheld"
    assert gate_refusal(closed, date(2019, 2, 11), date(2019, 2, 11)) is None
