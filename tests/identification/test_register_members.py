"""Members: add, change, leave; a person is active in at most one household."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, update

from services.identification.models import Household, Member
from shared.concurrency import version_of
from tests.identification.register_data import create, fields, household, id_number, member


def _post_member(ident, hid: str, body: dict, etag: str = '"1"', **caller):
    return ident.client.post(f"/api/v1/households/{hid}/members", json=body,
                             headers=ident.headers(**caller, **{"If-Match": etag}))


def _patch_member(ident, hid: str, mid: str, body: dict, etag: str = '"1"'):
    return ident.client.patch(f"/api/v1/households/{hid}/members/{mid}", json=body,
                              headers=ident.headers(**{"If-Match": etag}))


def _leave(ident, hid: str, mid: str, etag: str = '"1"', reason: str = "death", left_on: str = "2019-03-01"):
    return ident.client.post(f"/api/v1/households/{hid}/members/{mid}/leave",
                             json={"reason": reason, "left_on": left_on},
                             headers=ident.headers(**{"If-Match": etag}))


def test_add_member_bumps_the_version(ident):
    created = create(ident)
    r = _post_member(ident, created["id"], member(22, "spouse", "王小花"))
    assert r.status_code == 201, r.text
    assert version_of(r.headers["etag"]) == 2
    assert r.json()["member_count"] == 2
    assert [m["name"] for m in r.json()["members"]] == ["李大山", "王小花"]


def test_add_member_needs_a_fresh_if_match(ident):
    created = create(ident)
    assert _post_member(ident, created["id"], member(22, "spouse"), etag='"0"').status_code == 412
    r = ident.client.post(f"/api/v1/households/{created['id']}/members", json=member(22, "spouse"),
                          headers=ident.headers())
    assert r.status_code == 428


def test_person_active_elsewhere_is_409_naming_the_household(ident):
    first = create(ident)
    second = create(ident, household([member(13)]))
    r = _post_member(ident, second["id"], member(11, "son"))
    assert r.status_code == 409
    problem = r.json()
    assert problem["code"] == "person_in_other_household"
    assert problem["other_household_no"] == first["household_no"]
    assert problem["other_household_id"] == first["id"]
    assert problem["errors"][0]["field"] == "id_number"
    assert first["household_no"] in problem["errors"][0]["message"]


def test_create_with_a_person_active_elsewhere_is_409(ident):
    first = create(ident)
    r = ident.client.post("/api/v1/households", json=household([member(13), member(11, "son")]),
                          headers=ident.headers(**{"Accept-Language": "zh-CN"}))
    assert r.status_code == 409
    assert r.json()["other_household_no"] == first["household_no"]
    assert r.json()["errors"][0]["field"] == "members[1].id_number"
    assert r.json()["detail"] == f"有成员已是贫困户 {first['household_no']} 的在册成员"


def test_the_conflict_is_found_in_any_county(ident):
    first = create(ident)
    r = ident.client.post("/api/v1/households", json=household([member(11)], region="441882101201"),
                          headers=ident.headers("town_official", "441882101"))
    assert (r.status_code, r.json()["code"]) == (409, "person_registered_elsewhere")
    assert first["household_no"] not in r.text  # outside the town's scope: found, never named


def test_same_person_twice_in_one_household_is_409(ident):
    created = create(ident)
    r = _post_member(ident, created["id"], member(11, "son"))
    assert r.status_code == 409


def test_second_head_is_409(ident):
    created = create(ident)
    r = _post_member(ident, created["id"], member(13, "head"))
    assert (r.status_code, fields(r.json())) == (409, ["relation"])


def test_after_leaving_a_person_may_join_another_household(ident):
    first = create(ident, household([member(11), member(22, "daughter", "李小妹")]))
    daughter = first["members"][1]
    assert _leave(ident, first["id"], daughter["id"], reason="marriage").status_code == 200
    other = create(ident, household([member(13), member(22, "spouse", "李小妹")], region="441882100202"))
    assert other["member_count"] == 2
    with ident.db.transaction() as s:
        rows = s.execute(select(Member.household_id, Member.active)
                         .where(Member.id_number_hash == _hash(ident, id_number(22)))).all()
    assert sorted((str(h), a) for h, a in rows) == sorted([(first["id"], False), (other["id"], True)])


def _hash(ident, number: str) -> str:
    return ident.app.state.cipher.lookup_hash(number, "id_number")


def test_leave_keeps_the_row_inactive(ident):
    created = create(ident, household([member(11), member(22, "spouse", "王小花")]))
    spouse = created["members"][1]
    r = _leave(ident, created["id"], spouse["id"])
    assert r.status_code == 200
    assert version_of(r.headers["etag"]) == 2
    body = r.json()
    assert body["member_count"] == 1
    left = body["members"][1]
    assert (left["active"], left["left_on"], left["left_reason"]) == (False, "2019-03-01", "death")


def test_leave_twice_is_409(ident):
    created = create(ident, household([member(11), member(22, "spouse", "王小花")]))
    spouse = created["members"][1]
    _leave(ident, created["id"], spouse["id"])
    r = _leave(ident, created["id"], spouse["id"], etag='"2"')
    assert (r.status_code, r.json()["code"]) == (409, "member_already_left")


def test_head_cannot_leave_others_behind(ident):
    created = create(ident, household([member(11), member(22, "spouse", "王小花")]))
    r = _leave(ident, created["id"], created["members"][0]["id"])
    assert (r.status_code, r.json()["code"]) == (409, "head_must_be_replaced")


@pytest.mark.parametrize(("body", "field"), [
    ({"reason": "death", "left_on": "2999-01-01"}, "left_on"),
    ({"reason": "death", "left_on": "1899-12-31"}, "left_on"),
    ({"reason": "vanished", "left_on": "2019-01-01"}, "reason"),
])
def test_leave_validation(ident, body, field):
    created = create(ident, household([member(11), member(22, "spouse", "王小花")]))
    r = ident.client.post(f"/api/v1/households/{created['id']}/members/{created['members'][1]['id']}/leave",
                          json=body, headers=ident.headers(**{"If-Match": '"1"'}))
    assert (r.status_code, fields(r.json())) == (422, [field])


def test_update_member(ident):
    created = create(ident)
    mid = created["members"][0]["id"]
    r = _patch_member(ident, created["id"], mid, {"education": "junior_secondary", "employment": "migrant",
                                                  "health_status": "disabled", "disability_grade": 2})
    assert r.status_code == 200, r.text
    head = r.json()["members"][0]
    assert (head["education"], head["employment"], head["disability_grade"]) == (
        "junior_secondary", "migrant", 2)
    assert version_of(r.headers["etag"]) == 2


def test_a_second_head_cannot_be_named_by_update(ident):
    created = create(ident, household([member(11), member(22, "spouse", "王小花")]))
    spouse = created["members"][1]
    r = _patch_member(ident, created["id"], spouse["id"], {"relation": "head"})
    assert (r.status_code, fields(r.json()), r.json()["code"]) == (409, ["relation"], "head_exists")


def test_head_changes_in_steps(ident):
    """户主变更: the old head steps down, the new one is named, then the old one may leave."""
    created = create(ident, household([member(11), member(22, "spouse", "王小花")]))
    head, spouse = created["members"]
    assert _patch_member(ident, created["id"], head["id"], {"relation": "spouse"}).status_code == 200
    r = _patch_member(ident, created["id"], spouse["id"], {"relation": "head"}, etag='"2"')
    assert r.status_code == 200
    r = _leave(ident, created["id"], head["id"], etag='"3"')
    assert r.status_code == 200
    listed = ident.client.get("/api/v1/households", headers=ident.headers()).json()["items"]
    assert (listed[0]["head_name"], listed[0]["member_count"]) == ("王小花", 1)


@pytest.mark.parametrize("field", ["id_number", "sex", "birth_date", "active", "household_id"])
def test_fixed_member_fields_cannot_change(ident, field):
    created = create(ident)
    r = _patch_member(ident, created["id"], created["members"][0]["id"], {field: "x"})
    assert (r.status_code, fields(r.json())) == (422, [field])


def test_member_null_for_required_field_is_422(ident):
    created = create(ident)
    r = _patch_member(ident, created["id"], created["members"][0]["id"], {"name": None})
    assert (r.status_code, fields(r.json())) == (422, ["name"])


def test_disability_grade_needs_disabled_on_update(ident):
    created = create(ident)
    r = _patch_member(ident, created["id"], created["members"][0]["id"], {"disability_grade": 3})
    assert (r.status_code, fields(r.json())) == (422, ["disability_grade"])
    after = ident.client.get(f"/api/v1/households/{created['id']}", headers=ident.headers()).json()
    assert (after["members"][0]["disability_grade"], after["version"]) == (None, 1)


def test_unknown_member_is_404(ident):
    created = create(ident)
    r = _patch_member(ident, created["id"], str(uuid.uuid4()), {"name": "新名"})
    assert r.status_code == 404


def test_member_of_another_household_is_404(ident):
    first = create(ident)
    second = create(ident, household([member(13)]))
    r = _patch_member(ident, second["id"], first["members"][0]["id"], {"name": "新名"})
    assert r.status_code == 404


def test_removed_household_takes_no_member(ident):
    created = create(ident)
    with ident.db.transaction() as s:
        s.execute(update(Household).where(Household.id == uuid.UUID(created["id"])).values(status="removed"))
    r = _post_member(ident, created["id"], member(22, "spouse"))
    assert (r.status_code, r.json()["code"]) == (409, "household_inactive")


def test_member_changes_are_audited_masked(ident):
    created = create(ident)
    _post_member(ident, created["id"], member(22, "spouse", "王小花", phone="13912345678"))
    r = ident.client.get("/api/v1/audit", headers=ident.headers("province_official", "44"))
    entries = r.json()["items"]
    assert [e["action"] for e in entries] == ["household.create", "member.add"]
    after = entries[1]["after"]
    assert after["id_number"] == id_number(22)[:2] + "*" * 16
    assert "birth_date" not in after
    assert after["phone"] == "*******5678"
    assert id_number(22) not in r.text
