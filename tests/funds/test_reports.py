"""Funds reports: figures agree with a direct SQL sum, each figure's records page by page, and the XLSX."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import text

from tests.funds.money_flow import PROJECTS, housing_project, pay_payee, pay_stage, progress, walk
from tests.funds.support import COUNTY, county, project_body, publish_notice

REPORT = "/api/v1/reports/funds"
DIRECT = """
SELECT p.county_code, p.project_type, f.source, f.budget_fen,
       (SELECT coalesce(sum(a.amount_fen), 0) FROM allocations a
         WHERE a.project_id = p.id AND a.source = f.source) AS allocated_fen,
       (SELECT coalesce(sum(m.amount_fen), 0) FROM payments m
         WHERE m.project_id = p.id AND m.source = f.source) AS disbursed_fen
FROM projects p JOIN project_funds f ON f.project_id = p.id WHERE p.year = :year
"""


def _fen(text_: str) -> int:
    return int(Decimal(text_) * 100)


def _direct(funds, year: int = 2019) -> dict[tuple[str, str, str], tuple[int, int, int]]:
    """Sum budget, allocations and payments straight from the tables, by county, type and source."""
    sums: dict[tuple[str, str, str], list[int]] = {}
    with funds.db.engine.connect() as conn:
        for c, t, s, budget, allocated, disbursed in conn.execute(text(DIRECT), {"year": year}):
            line = sums.setdefault((c, t, s), [0, 0, 0])
            for i, v in enumerate((budget, allocated, disbursed)):
                line[i] += int(v)
    return {k: tuple(v) for k, v in sums.items()}  # type: ignore[misc]


def _money(funds, register) -> None:
    """Two housing projects paid by stages and a road paid to its contractor, all of 2019."""
    households = [register.household(), register.household()]
    housing = housing_project(funds, households)
    for i, household in enumerate(households):
        progress(funds, housing, household, 1)
        assert pay_stage(funds, housing, household, 1, f"stage-{i}").status_code == 201
    housing_project(funds, [register.household()], allocate="50000.00")
    road = funds.client.post(
        PROJECTS,
        json=project_body(
            name="石兰村道路硬底化",
            project_type="road",
            budget=[
                {"source": "provincial", "amount": "500000.00"},
                {"source": "city", "amount": "80000.00"},
            ],
        ),
        headers=county(funds),
    )
    walk(funds, road.json()["id"], road.headers["ETag"], ["appraise", "admit", "plan", "start"])
    publish_notice(funds, road.json()["id"])  # money waits for its plan notice (1–10 February 2019)
    for source, amount in (("provincial", "400000.00"), ("city", "80000.00")):
        r = funds.client.post(
            f"{PROJECTS}/{road.json()['id']}/allocations",
            json={
                "source": source,
                "amount": amount,
                "document_no": "清财农〔2019〕8号",
                "allocated_on": "2019-04-01",
            },
            headers=county(funds),
        )
        assert r.status_code == 201, r.text
    for i, amount in enumerate(("100000.00", "55000.55", "0.45")):
        assert pay_payee(funds, road.json()["id"], amount, f"road-{i}").status_code == 201
    assert pay_payee(funds, road.json()["id"], "20000.00", "road-city", source="city").status_code == 201
    funds.client.post(PROJECTS, json=project_body(name="下一年度项目", year=2020), headers=county(funds))


def test_the_county_report_agrees_with_a_direct_sum_and_each_figure_lists_its_records(funds, register):
    _money(funds, register)
    r = funds.client.get(REPORT, params={"year": 2019}, headers=county(funds))
    assert r.status_code == 200, r.text
    report = r.json()
    assert [c["county_code"] for c in report["counties"]] == [COUNTY]
    assert report["counties"][0]["county_name"] == "连州市"
    lines = {
        (COUNTY, line["project_type"], line["source"]): (
            _fen(line["budget"]),
            _fen(line["allocated"]),
            _fen(line["disbursed"]),
        )
        for line in report["counties"][0]["lines"]
    }
    direct = _direct(funds)
    assert lines == direct
    assert lines[(COUNTY, "road", "provincial")] == (50_000_000, 40_000_000, 15_500_100)
    total = report["total"]
    assert (_fen(total["budget"]), _fen(total["allocated"]), _fen(total["disbursed"])) == tuple(
        sum(v[i] for v in direct.values()) for i in range(3)
    )
    assert (total["projects"], total["payments"]) == (3, 6)
    by_type = {t["key"]: t for t in report["by_project_type"]}
    assert (by_type["housing_renovation"]["projects"], by_type["road"]["projects"]) == (2, 1)
    assert {s["key"] for s in report["by_source"]} == {"provincial", "county", "city"}

    road = next(
        line
        for line in report["counties"][0]["lines"]
        if (line["project_type"], line["source"]) == ("road", "provincial")
    )
    paid, pages, url = [], 0, road["links"]["payments"]
    cursor = None
    while True:
        page = funds.client.get(
            url + "&limit=2" + (f"&cursor={cursor}" if cursor else ""), headers=county(funds)
        )
        assert page.status_code == 200, page.text
        paid += page.json()["items"]
        pages += 1
        cursor = page.json()["next_cursor"]
        if not cursor:
            break
    assert (pages, len(paid)) == (2, road["payments"])
    assert sum(_fen(p["amount"]) for p in paid) == _fen(road["disbursed"])
    allocations = funds.client.get(road["links"]["allocations"], headers=county(funds)).json()["items"]
    assert sum(_fen(a["amount"]) for a in allocations) == _fen(road["allocated"])
    housing = report["counties"][0]["links"]["projects"]
    listed = funds.client.get(
        housing + "&project_type=housing_renovation&limit=1", headers=county(funds)
    ).json()
    assert listed["has_more"] and len(listed["items"]) == 1
    rest = funds.client.get(
        housing + f"&project_type=housing_renovation&cursor={listed['next_cursor']}", headers=county(funds)
    ).json()["items"]
    lines_behind = listed["items"] + rest
    assert sum(_fen(p["budget"]) for p in lines_behind) == sum(
        v[0] for k, v in direct.items() if k[1] == "housing_renovation"
    )
    assert sum(_fen(p["disbursed"]) for p in lines_behind) == sum(
        v[2] for k, v in direct.items() if k[1] == "housing_renovation"
    )


def test_the_provincial_report_covers_every_county_and_others_see_their_own(funds, register):
    _money(funds, register)
    province = funds.client.get(
        REPORT, params={"year": 2019, "region": "44"}, headers=funds.headers("province_official", "44")
    ).json()
    assert (province["region"], len(province["counties"])) == ("44", 1)
    assert (
        province["total"]
        == funds.client.get(REPORT, params={"year": 2019}, headers=county(funds)).json()["total"]
    )
    elsewhere = funds.client.get(
        REPORT, params={"year": 2019}, headers=funds.headers("county_official", "441881")
    ).json()
    assert (elsewhere["counties"], elsewhere["total"]["budget"]) == ([], "0.00")
    outside = funds.client.get(
        REPORT, params={"year": 2019, "region": "44"}, headers=funds.headers("county_official", "441881")
    ).json()
    assert outside["region"] == "441881"
    payments = funds.client.get(
        f"{REPORT}/payments", params={"year": 2019, "region": "441881"}, headers=county(funds)
    ).json()
    assert payments["items"] == []
    bad = funds.client.get(
        f"{REPORT}/payments", params={"year": 2019, "cursor": "nonsense"}, headers=county(funds)
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "cursor_invalid")


def test_the_workbook_holds_the_same_figures(funds, register):
    _money(funds, register)
    r = funds.client.get(f"{REPORT}/workbook", params={"year": 2019}, headers=county(funds))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "funds-report-2019-441882.xlsx" in r.headers["content-disposition"]
    book = load_workbook(io.BytesIO(r.content), read_only=True)
    rows = list(book["各县分项"].iter_rows(values_only=True))
    assert rows[0][:4] == ("县级区划代码", "县名", "资金来源", "项目类型")
    labels = {
        "省级财政": "provincial",
        "县级财政": "county",
        "市级财政": "city",
        "危房改造": "housing_renovation",
        "道路": "road",
    }
    in_book = {
        (code, labels[kind], labels[source]): tuple(round(v * 100) for v in (budget, allocated, paid))
        for code, _name, source, kind, _n, budget, allocated, paid, _count in rows[1:]
    }
    assert in_book == _direct(funds)
    totals = list(book["合计"].iter_rows(values_only=True))
    assert totals[-1][0] == "合计"
    direct = _direct(funds)
    assert tuple(round(v * 100) for v in totals[-1][3:6]) == tuple(
        sum(v[i] for v in direct.values()) for i in range(3)
    )
