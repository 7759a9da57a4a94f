"""Households: create as a candidate, read, list with filters and cursors, update with If-Match."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select, update

from services.identification.households.rules import age_on
from services.identification.models import Household, HouseholdStatusChange
from shared.concurrency import version_of
from tests.identification.register_data import (
    OTHER_VILLAGE,
    VILLAGE,
    create,
    fields,
    household,
    member,
)


def _patch(ident, hid: str, body: dict, etag: str | None = '"1"', **caller):
    headers = ident.headers(**caller) | ({"If-Match": etag} if etag is not None else {})
    return ident.client.patch(f"/api/v1/households/{hid}", json=body, headers=headers)


def _list(ident, params: dict | None = None, **caller) -> dict:
    r = ident.client.get("/api/v1/households", params=params or {}, headers=ident.headers(**caller))
    assert r.status_code == 200, r.text
    return r.json()


def test_create_enters_a_candidate_with_every_field(ident):
    body = household([member(11, phone="13800138000", health_status="chronic_illness", illness="高血压"),
                      member(22, "spouse", "王小花", education="junior_secondary", employment="migrant",
                             pension_insured=True, medical_insured=True, critical_illness_insured=True,
                             labour_capacity="weak"),
                      member(33, "son", "李小明", birth=date(2010, 9, 1), schooling="enrolled",
                             labour_capacity="none")],
                     other_causes=["lack_of_skills"], housing_grade="grade_c", renovation_state="planned",
                     helper_name="张干部", helper_subject="helper-1", phone="0763-6612345",
                     bank_name="连州农商行", bank_account="6228480402564890018")
    r = ident.client.post("/api/v1/households", json=body, headers=ident.headers())
    assert r.status_code == 201
    created = r.json()
    assert r.headers["location"] == f"/api/v1/households/{created['id']}"
    assert version_of(r.headers["etag"]) == 1
    assert created["status"] == "candidate"
    assert created["household_no"] == f"{VILLAGE}0001"
    assert (created["region_code"], created["region_name"]) == (VILLAGE, "三古滩村")
    assert created["member_count"] == 3
    assert created["other_causes"] == ["lack_of_skills"]
    assert (created["housing_grade"], created["renovation_state"]) == ("grade_c", "planned")
    assert (created["helper_name"], created["helper_subject"]) == ("张干部", "helper-1")
    assert created["phone"] == "*********45"  # a landline: its area is the region's
    assert created["bank_account"] == "***************0018"
    assert created["bank_name"] == "连州农商行"
    assert created["exit_pathway"] is None and created["identified_on"] is None
    head, spouse, son = created["members"]
    # Without pii:read the age stands in for the birth date, which would narrow the ID number down.
    assert (head["relation"], head["sex"], head["birth_date"]) == ("head", "male", None)
    assert head["health_status"] == "chronic_illness"
    assert head["illness"] is None  # health details only with pii:read
    assert head["phone"] == "*******8000"
    assert (spouse["name"], spouse["sex"], spouse["education"]) == ("王小花", "female", "junior_secondary")
    assert spouse["active"] is True
    assert (spouse["employment"], spouse["labour_capacity"]) == ("migrant", "weak")
    assert (spouse["pension_insured"], spouse["medical_insured"], spouse["critical_illness_insured"]) == (
        True, True, True)
    assert (head["pension_insured"], head["employment"]) == (False, "not_applicable")
    assert (son["schooling"], son["sex"], son["birth_date"]) == ("enrolled", "male", None)
    assert son["age"] == age_on(date(2010, 9, 1), date.today())
    assert created["version"] == 1


def test_create_records_the_candidate_transition(ident):
    created = create(ident)
    r = ident.client.get(f"/api/v1/households/{created['id']}/status-history", headers=ident.headers())
    assert r.status_code == 200
    [change] = r.json()
    assert (change["from_status"], change["to_status"]) == (None, "candidate")
    assert change["actor"] == "county_official-441882"


def test_read_returns_the_household_with_etag(ident):
    created = create(ident)
    r = ident.client.get(f"/api/v1/households/{created['id']}", headers=ident.headers())
    assert r.status_code == 200
    assert version_of(r.headers["etag"]) == 1
    assert r.json() == created


def test_read_unknown_is_404(ident):
    r = ident.client.get(f"/api/v1/households/{uuid.uuid4()}", headers=ident.headers())
    assert r.status_code == 404
    r = ident.client.get("/api/v1/households/not-a-uuid", headers=ident.headers())
    assert (r.status_code, fields(r.json())) == (422, ["household_id"])


def test_update_with_if_match(ident):
    created = create(ident)
    r = _patch(ident, created["id"], {"address": "新地址2号", "other_causes": ["disaster"],
                                      "housing_grade": "grade_b"})
    assert r.status_code == 200, r.text
    assert version_of(r.headers["etag"]) == 2
    assert (r.json()["address"], r.json()["other_causes"], r.json()["version"]) == (
        "新地址2号", ["disaster"], 2)
    again = ident.client.get(f"/api/v1/households/{created['id']}", headers=ident.headers())
    assert again.json()["address"] == "新地址2号"


def test_update_without_if_match_is_428(ident):
    created = create(ident)
    r = _patch(ident, created["id"], {"address": "新地址2号"}, etag=None)
    assert r.status_code == 428
    assert _read(ident, created["id"])["address"] == "三古滩村1号"


def test_update_with_stale_etag_is_412_and_changes_nothing(ident):
    created = create(ident)
    assert _patch(ident, created["id"], {"address": "第一次"}).status_code == 200
    r = _patch(ident, created["id"], {"address": "第二次"}, etag='"1"')
    assert r.status_code == 412
    assert r.json()["current_etag"] == '"2"'
    assert _read(ident, created["id"])["address"] == "第一次"


def _read(ident, hid: str) -> dict:
    return ident.client.get(f"/api/v1/households/{hid}", headers=ident.headers()).json()


@pytest.mark.parametrize("field", ["status", "household_no", "region_code", "version", "exit_pathway",
                                   "identified_on", "members"])
def test_status_and_fixed_fields_cannot_be_patched(ident, field):
    created = create(ident)
    r = _patch(ident, created["id"], {field: "identified"})
    assert r.status_code == 422
    assert r.json()["errors"][0] == {"field": field, "code": "extra_forbidden",
                                     "message": "Extra inputs are not permitted"}
    after = _read(ident, created["id"])
    assert (after["status"], after["version"]) == ("candidate", 1)


@pytest.mark.parametrize("field", ["address", "category", "primary_cause", "safe_drinking_water",
                                   "other_causes"])
def test_null_for_a_required_field_is_422(ident, field):
    created = create(ident)
    r = _patch(ident, created["id"], {field: None})
    assert r.status_code == 422, r.text
    assert fields(r.json()) == [field]


def test_nullable_fields_can_be_cleared(ident):
    created = create(ident, household(phone="13800138000", helper_name="张干部"))
    r = _patch(ident, created["id"], {"phone": None, "helper_name": None})
    assert r.status_code == 200
    assert (r.json()["phone"], r.json()["helper_name"]) == (None, None)


def test_empty_patch_changes_nothing(ident):
    created = create(ident)
    r = _patch(ident, created["id"], {})
    assert (r.status_code, r.json()["version"]) == (200, 1)


def test_update_emits_an_event_naming_the_fields(ident):
    created = create(ident)
    _patch(ident, created["id"], {"address": "新地址2号", "category": "minimum_living_guarantee"})
    r = ident.client.get("/api/v1/events", params={"type": "household.updated"}, headers=ident.headers())
    [event] = r.json()["items"]
    assert event["data"] == {"household_id": created["id"], "region_code": VILLAGE, "version": 2,
                             "changed": ["address", "category"]}


def test_create_records_one_transition(ident):
    create(ident)
    with ident.db.transaction() as s:
        rows = s.execute(select(HouseholdStatusChange)).scalars().all()
        assert [(c.from_status, c.to_status) for c in rows] == [(None, "candidate")]


def _seed_list(ident) -> list[dict]:
    made = [
        create(ident, household([member(11, name="李大山")])),
        create(ident, household([member(13, name="陈阿明"), member(14, "spouse", "李秀英",
                                                                  labour_capacity="weak")],
                                category="minimum_living_guarantee", primary_cause="disability")),
        create(ident, household([member(15, name="黄老汉", labour_capacity="lost")], region=OTHER_VILLAGE,
                                primary_cause="disability")),
        create(ident, household([member(17, name="张三_%")], region="441882101201")),
    ]
    with ident.db.transaction() as s:
        s.execute(update(Household).where(Household.id == uuid.UUID(made[2]["id"]))
                  .values(status="identified"))
    return made


def _nos(page: dict) -> list[str]:
    return [h["household_no"] for h in page["items"]]


def test_list_in_household_number_order_with_summaries(ident):
    made = _seed_list(ident)
    page = _list(ident)
    assert _nos(page) == sorted(h["household_no"] for h in made)
    second = next(h for h in page["items"] if h["id"] == made[1]["id"])
    assert second == {"id": made[1]["id"], "household_no": made[1]["household_no"], "region_code": VILLAGE,
                      "head_name": "陈阿明", "status": "candidate", "category": "minimum_living_guarantee",
                      "primary_cause": "disability", "member_count": 2, "version": 1}
    assert page["next_cursor"] is None


@pytest.mark.parametrize(("params", "expected"), [
    ({"region": "441882100"}, [0, 1, 2]), ({"region": VILLAGE}, [0, 1]),
    ({"region": "441882101"}, [3]), ({"region": "4418"}, [0, 1, 2, 3]),
    ({"status": "identified"}, [2]), ({"status": "candidate"}, [0, 1, 3]),
    ({"category": "minimum_living_guarantee"}, [1]), ({"cause": "disability"}, [1, 2]),
    ({"labour_capacity": "weak"}, [1]), ({"labour_capacity": "lost"}, [2]),
    ({"q": "李"}, [0, 1]), ({"q": "阿明"}, [1]), ({"q": "_%"}, [3]), ({"q": "%"}, [3]),
    ({"q": "_"}, [3]), ({"q": "王"}, []),
    ({"cause": "disability", "region": VILLAGE}, [1]),
])
def test_list_filters(ident, params, expected):
    made = _seed_list(ident)
    assert _nos(_list(ident, params)) == sorted(made[i]["household_no"] for i in expected)


@pytest.mark.parametrize("params", [
    {"status": "rich"}, {"region": "4"}, {"region": "44a"}, {"limit": 0}, {"limit": 501}, {"q": ""},
    {"cursor": "garbage!"}, {"cursor": "W3siYSI6MX1d"}, {"cursor": "WzEyM10"}, {"cursor": "W3RydWVd"},
])
def test_bad_list_parameters_are_422(ident, params):
    r = ident.client.get("/api/v1/households", params=params, headers=ident.headers())
    assert r.status_code == 422
    assert fields(r.json()) == [next(iter(params))]


def test_cursor_pagination_is_complete_and_stable(ident):
    made = [create(ident, household([member(101 + 2 * i)])) for i in range(7)]
    seen, cursor = [], None
    for _ in range(10):
        page = _list(ident, {"limit": 3} | ({"cursor": cursor} if cursor else {}))
        seen += _nos(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
        # A household created meanwhile with a later number appears later, never twice.
    assert seen == sorted(h["household_no"] for h in made)
    assert len(set(seen)) == 7


def test_cursor_survives_inserts_between_pages(ident):
    for i in range(4):
        create(ident, household([member(101 + 2 * i)]))
    first = _list(ident, {"limit": 2})
    create(ident, household([member(201)]))
    rest = _list(ident, {"limit": 10, "cursor": first["next_cursor"]})
    assert len(_nos(first) + _nos(rest)) == 5
    assert _nos(first) + _nos(rest) == sorted(_nos(first) + _nos(rest))


def test_list_head_name_follows_the_active_head(ident):
    created = create(ident)
    with ident.db.transaction() as s:
        s.execute(update(Household).where(Household.id == uuid.UUID(created["id"])).values(status="removed"))
    [row] = _list(ident)["items"]
    assert (row["head_name"], row["status"]) == ("李大山", "removed")
