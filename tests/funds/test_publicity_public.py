"""Public notices: read and objected to without a token, rate-limited, with no personal data shown."""

from __future__ import annotations

import re
from datetime import date

from services.funds.publicity.public import READ_LIMIT
from tests.funds.money_flow import ACCOUNT, housing_project
from tests.funds.support import COUNTY, VILLAGE, county, notice_body, on_day, publish_notice

PUBLIC = "/api/v1/public/notices"
ID_NUMBER, PHONE, HEAD = "441882197805123415", "13912345678", "欧阳春华"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _noticed_project(funds, register, name="三古滩村危房改造"):
    household = register.household(id_numbers=(ID_NUMBER,))
    project_id = housing_project(funds, [household], allocate=None, notice=False)
    funds.client.patch(f"/api/v1/projects/{project_id}", json={"name": name, "reason": "更名"},
                       headers=county(funds, **{"If-Match": funds.client.get(
                           f"/api/v1/projects/{project_id}", headers=county(funds)).headers["ETag"]}))
    notice = publish_notice(funds, project_id, lines=[{"household_id": household, "head_name": HEAD}])
    return household, project_id, notice


def test_no_public_response_shows_personal_data(funds, register):
    household, _project_id, notice = _noticed_project(funds, register)
    with on_day(date(2019, 2, 4)):
        receipt = funds.client.post(f"{PUBLIC}/{notice['id']}/objections", json={
            "content": "该户不符合条件", "objector_name": "陈大文", "contact": PHONE})
    assert receipt.status_code == 201, receipt.text
    assert receipt.headers["Location"] == f"{PUBLIC}/{notice['id']}"
    answers = [receipt, funds.client.get(PUBLIC), funds.client.get(f"{PUBLIC}/{notice['id']}"),
               funds.client.get(PUBLIC, params={"superseded": "true", "county": "441882000000"}),
               funds.client.get("/notice-board"), funds.client.get(f"/notice-board/notices/{notice['id']}")]
    for r in answers:
        assert r.status_code in (200, 201), r.text
        assert household not in r.text, r.request.url
        text = _UUID.sub("<id>", r.text)  # a random id may hold any run of digits
        for secret in (HEAD, ID_NUMBER, PHONE, ACCOUNT, "陈大文", "8666123", "5678"):
            assert secret not in text, (r.request.url, secret)
        # Long numbers are region codes only: never an ID, phone or account number.
        assert set(re.findall(r"[0-9]{11,}", text)) <= {COUNTY, VILLAGE}, r.request.url
    line = funds.client.get(f"{PUBLIC}/{notice['id']}").json()["lines"][0]
    assert line == {"village_code": "441882100201", "village_name": "三古滩村", "head_name": "欧**华",
                    "amount": "20000.00"}
    assert "欧**华" in answers[-1].text
    assert funds.client.get(f"{PUBLIC}/{notice['id']}").json()["objections"] == {
        "pending": 1, "upheld": 0, "rejected": 0}


def test_public_routes_take_no_token_but_a_draft_stays_private(funds, register):
    project_id = housing_project(funds, [register.household()], allocate=None, notice=False)
    draft = funds.client.post(f"/api/v1/projects/{project_id}/notices", json=notice_body(),
                              headers=county(funds)).json()
    assert funds.client.get(f"{PUBLIC}/{draft['id']}").status_code == 404
    assert funds.client.get(f"/notice-board/notices/{draft['id']}").status_code == 404
    assert funds.client.get(PUBLIC).json()["items"] == []
    with on_day(date(2019, 2, 3)):
        r = funds.client.post(f"{PUBLIC}/{draft['id']}/objections", json={"content": "x"})
    assert r.status_code == 404
    assert funds.client.get("/api/v1/notices").status_code == 401  # officials' routes still need a token


def test_an_objection_outside_the_period_or_on_a_superseded_notice_is_refused(funds, register):
    _household, project_id, notice = _noticed_project(funds, register)
    for day in (date(2019, 1, 31), date(2019, 2, 11)):
        with on_day(day):
            r = funds.client.post(f"{PUBLIC}/{notice['id']}/objections", json={"content": "有异议"},
                                  headers={"Accept-Language": "zh-CN"})
        assert (r.status_code, r.json()["code"], r.json()["errors"][0]["field"]) == (
            409, "objection_period_closed", "notice_id")
        assert r.json()["detail"] == "公示期外不受理异议"
    publish_notice(funds, project_id, supersedes_id=notice["id"], correction_reason="更正金额",
                   starts_on="2019-02-05", ends_on="2019-02-14")
    with on_day(date(2019, 2, 6)):
        r = funds.client.post(f"{PUBLIC}/{notice['id']}/objections", json={"content": "有异议"})
    assert (r.status_code, r.json()["code"]) == (409, "notice_not_current")
    with on_day(date(2019, 2, 6)):
        bad = funds.client.post(f"{PUBLIC}/{notice['id']}/objections", json={"content": "", "contact": "12"})
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"content", "contact"}


def test_public_routes_are_rate_limited_per_address_with_retry_after(funds, register):
    _household, _project_id, notice = _noticed_project(funds, register)
    with on_day(date(2019, 2, 4)):
        sent = [funds.client.post(f"{PUBLIC}/{notice['id']}/objections", json={"content": f"异议{i}"})
                for i in range(6)]
    assert [r.status_code for r in sent] == [201] * 5 + [429]
    limited = sent[-1]
    assert (limited.json()["code"], limited.headers["content-type"]) == ("rate_limited",
                                                                         "application/problem+json")
    assert 1 <= int(limited.headers["Retry-After"]) <= 3600
    reads = int(READ_LIMIT.split("/")[0])
    answers = [funds.client.get(f"{PUBLIC}/{notice['id']}").status_code for _ in range(reads + 1)]
    assert answers[:-1] == [200] * reads and answers[-1] == 429
    assert funds.client.get("/notice-board").status_code == 429  # one budget for every public read
    assert funds.client.get("/api/v1/notices", headers=county(funds)).status_code == 200


def test_the_openapi_document_marks_the_public_routes(funds):
    spec = funds.client.get("/openapi.json").json()
    board = spec["paths"]["/notice-board"]["get"]
    assert "security" not in board and board["x-public"] is True and board["x-rate-limit"] == READ_LIMIT
    assert board["responses"]["429"]["headers"]["Retry-After"]
    assert "**Permission:** none: public" in board["description"]
    objecting = spec["paths"]["/api/v1/public/notices/{notice_id}/objections"]["post"]
    assert objecting["x-rate-limit"] == "5/hour" and "objection_period_closed" in \
        objecting["responses"]["409"]["x-problem-codes"]
    assert "each worker process counts on its own" in spec["info"]["description"]


def test_the_notice_board_lists_current_notices_by_county_and_escapes_everything(funds, register):
    _household, project_id, notice = _noticed_project(funds, register, name="<script>alert(1)</script>村道")
    other = housing_project(funds, [register.household()], allocate=None, notice=False)
    draft = funds.client.post(f"/api/v1/projects/{other}/notices", json=notice_body(title="未发布的草稿"),
                              headers=county(funds))
    assert draft.status_code == 201
    with on_day(date(2019, 2, 5)):
        page = funds.client.get("/notice-board", params={"county": "441882000000"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;村道" in html
    assert "连州市" in html and notice["title"] in html and "公示中" in html and "未发布的草稿" not in html
    assert f'href="/notice-board/notices/{notice["id"]}"' in html
    elsewhere = funds.client.get("/notice-board", params={"county": "441881000000"}).text
    assert notice["title"] not in elsewhere and "目前没有现行公告" in elsewhere
    fix = publish_notice(funds, project_id, supersedes_id=notice["id"], correction_reason="<b>更正</b>",
                         starts_on="2019-03-01", ends_on="2019-03-10", title="更正公告")
    board = funds.client.get("/notice-board").text
    assert "更正公告" in board and f'/notice-board/notices/{notice["id"]}"' not in board
    old = funds.client.get(f"/notice-board/notices/{notice['id']}").text
    assert "本公告已被更正" in old and f'/notice-board/notices/{fix["id"]}' in old
    new = funds.client.get(f"/notice-board/notices/{fix['id']}").text
    assert "&lt;b&gt;更正&lt;/b&gt;" in new and "<script" not in new
    bad = funds.client.get("/notice-board", params={"county": "4418"})
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "county")
