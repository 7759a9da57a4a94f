"""The demo county's funds load on the replica once; a second `make run` adds nothing."""

from __future__ import annotations

from services.funds.demo import load_demo
from tests.funds.support import OTHER_VILLAGE, county


def test_the_demo_loads_once_with_projects_at_several_stages(funds, register):
    for i in range(8):
        register.household(disabled=i == 5, region=OTHER_VILLAGE if i % 2 else "441882100201")
    assert load_demo(funds.settings, 2000).startswith("loaded 5 demo projects")
    assert load_demo(funds.settings, 2000) == "demo funds data present (5 projects)"
    projects = funds.client.get("/api/v1/projects", headers=county(funds)).json()["items"]
    assert sorted(p["status"] for p in projects) == ["evaluated", "implementing", "implementing",
                                                      "in_annual_plan", "proposed"]
    housing = next(p for p in projects if p["name"].endswith("危房改造（第一批）"))
    payments = funds.client.get(f"/api/v1/projects/{housing['id']}/payments", headers=county(funds)).json()
    assert [p["amount"] for p in payments] == ["6000.00", "6000.00"]
    solar = next(p for p in projects if p["name"].endswith("光伏扶贫电站"))
    [distribution] = funds.client.get(f"/api/v1/projects/{solar['id']}/distributions",
                                      headers=county(funds)).json()
    assert sum(int(line["total"].replace(".", "")) for line in distribution["lines"]) == 1000001
    assert [line["disabled_member"] for line in distribution["lines"]].count(True) == 1
    [evaluation] = funds.client.get("/api/v1/performance/evaluations", headers=county(funds)).json()["items"]
    assert (evaluation["score"], evaluation["grade"], len(evaluation["inputs"])) == ("91.67", "excellent", 2)
    [audit] = funds.client.get("/api/v1/audits", headers=county(funds)).json()["items"]
    assert (audit["seed"], audit["population_size"], len(audit["sample"])) == ("demo-2019-spot-check", 2, 1)
    [finding] = funds.client.get("/api/v1/findings", headers=county(funds)).json()["items"]
    assert (finding["status"], finding["item_id"]) == ("open", audit["sample"][0]["item_id"])
    board = funds.client.get("/api/v1/public/notices", params={"county": "441882000000"}).json()["items"]
    assert sorted((n["project_name"][4:], n["period"]) for n in board) == [
        ("危房改造（第一批）", "closed"), ("村道硬化", "open")]
    page = funds.client.get("/notice-board", params={"county": "441882000000"})
    assert page.status_code == 200 and "村道硬化项目计划公示" in page.text and "公示中" in page.text
