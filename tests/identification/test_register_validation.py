"""Bad input: a clear 4xx naming the field, and nothing written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from stdnum.cn import ric

from services.identification.models import Household, Member
from shared.id_numbers import IdNumberError, parse_id_number
from tests.identification.register_data import VILLAGE, create, fields, household, id_number, member


def _nothing_written(ident) -> None:
    infra = ident.app.state.infra
    with ident.db.transaction() as s:
        for table in (Household.__table__, Member.__table__, infra.audit, infra.outbox):
            assert s.execute(select(func.count()).select_from(table)).scalar_one() == 0, table.name


def _post(ident, body: dict, **headers):
    return ident.client.post("/api/v1/households", json=body, headers=ident.headers(**headers))


def _with_id(raw: str) -> dict:
    return household([{**member(), "id_number": raw}])


def _checked(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


@pytest.mark.parametrize(("raw", "code"), [
    (id_number(11)[:-1] + ("1" if id_number(11)[-1] != "1" else "2"), "id_number_checksum"),
    (id_number(11)[:17], "id_number_length"),
    (id_number(11)[:14], "string_too_short"),
    (id_number(11)[:17] + "00", "id_number_length"),
    (_checked("44188219701301011"), "id_number_birth_date"),
    (_checked("44188219700230011"), "id_number_birth_date"),
    (_checked("99999919700501011"), "id_number_area"),
    (id_number(11, date.today() + timedelta(days=400)), "id_number_birth_date"),
    (id_number(11, date(1890, 1, 1)), "id_number_birth_date"),
    ("ABCDEFGHIJKLMNOPQR", "id_number_format"),
])
def test_bad_id_number_names_the_field(ident, raw, code):
    r = _post(ident, _with_id(raw))
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "members[0].id_number"
    assert r.json()["errors"][0]["code"] == code
    _nothing_written(ident)


def test_id_number_rules_directly():
    facts = parse_id_number(id_number(12, date(1985, 2, 28)).lower())
    assert (facts.birth_date, facts.sex) == (date(1985, 2, 28), "female")
    assert parse_id_number(id_number(13)).sex == "male"
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(id_number(13)[:-1] + "0" if id_number(13)[-1] != "0" else id_number(13)[:-1] + "1")
    assert caught.value.code == "id_number_checksum"


def test_lowercase_x_is_accepted_and_stored_upper(ident):
    number = next(id_number(s) for s in range(1, 999, 2) if id_number(s).endswith("X"))
    created = create(ident, _with_id(number.lower()), scopes=["pii:read"])
    assert created["members"][0]["id_number"].endswith("X")


def test_birth_date_mismatch_names_birth_date(ident):
    r = _post(ident, household([member(birth_date="1970-05-02")]))
    assert r.status_code == 422
    assert fields(r.json()) == ["members[0].birth_date"]
    assert r.json()["errors"][0]["code"] == "birth_date_mismatch"
    _nothing_written(ident)


def test_sex_mismatch_names_sex(ident):
    r = _post(ident, household([member(11, sex="female")]), **{"Accept-Language": "zh-CN"})
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "members[0].sex", "code": "sex_mismatch",
                                   "message": "性别与身份证号码不一致"}]
    _nothing_written(ident)


def test_matching_birth_date_and_sex_are_accepted(ident):
    body = household([member(12, birth_date="1970-05-01", sex="female")])
    created = create(ident, body, scopes=["pii:read"])
    assert (created["members"][0]["sex"], created["members"][0]["birth_date"]) == ("female", "1970-05-01")


def test_sex_and_birth_date_are_derived(ident):
    created = create(ident, household([member(14, birth=date(1990, 12, 31))]), scopes=["pii:read"])
    assert (created["members"][0]["sex"], created["members"][0]["birth_date"]) == ("female", "1990-12-31")


def test_unknown_region_is_422(ident):
    r = _post(ident, household(region="441882100299"))
    assert r.status_code == 422
    assert r.json()["errors"][0] == {"field": "region_code", "code": "region_unknown",
                                     "message": "Region 441882100299 does not exist"}
    _nothing_written(ident)


@pytest.mark.parametrize("code", ["441882100000", "441882000000", "440000000000"])
def test_region_not_a_village_is_422(ident, code):
    r = _post(ident, household(region=code), role="province_official", region="44")
    assert r.status_code == 422
    assert r.json()["errors"][0]["code"] == "region_not_village"
    _nothing_written(ident)


@pytest.mark.parametrize("code", ["44188210020", "4418821002011", "44188210020A"])
def test_region_code_format(ident, code):
    r = _post(ident, household(region=code))
    assert r.status_code == 422
    assert fields(r.json()) == ["region_code"]


def test_region_outside_scope_is_refused(ident):
    r = _post(ident, household(), role="town_official", region="441882101")
    assert r.status_code == 403
    assert fields(r.json()) == ["region_code"]
    _nothing_written(ident)


@pytest.mark.parametrize(("members", "code"), [
    ([member(11), member(13, "head", "李二")], "head_count"),
    ([member(11, "spouse")], "head_count"),
    ([member(11), member(11, "son")], "member_duplicate"),
])
def test_household_shape(ident, members, code):
    r = _post(ident, household(members))
    assert r.status_code == 422
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [("members", code)]
    _nothing_written(ident)


def test_no_members_is_422(ident):
    r = _post(ident, household([]))
    assert (r.status_code, fields(r.json())) == (422, ["members"])


def test_status_cannot_be_given_on_create(ident):
    r = _post(ident, household(status="identified"))
    assert r.status_code == 422
    assert r.json()["errors"][0] == {"field": "status", "code": "extra_forbidden",
                                     "message": "Extra inputs are not permitted"}


@pytest.mark.parametrize(("extra", "field"), [
    ({"phone": "12345"}, "phone"), ({"phone": "23800138000"}, "phone"),
    ({"bank_account": "6228-4804"}, "bank_account"), ({"category": "rich"}, "category"),
    ({"address": "x"}, "address"), ({"other_causes": ["illness"] * 11}, "other_causes"),
    ({"safe_drinking_water": "perhaps"}, "safe_drinking_water"),
])
def test_household_field_errors(ident, extra, field):
    r = _post(ident, household(**extra))
    assert r.status_code == 422
    assert fields(r.json()) == [field]
    _nothing_written(ident)


@pytest.mark.parametrize(("extra", "field"), [
    ({"disability_grade": 2}, "members[0].disability_grade"),
    ({"disability_grade": 5, "health_status": "disabled"}, "members[0].disability_grade"),
    ({"labour_capacity": "strong"}, "members[0].labour_capacity"),
    ({"name": "x" * 65}, "members[0].name"),
])
def test_member_field_errors(ident, extra, field):
    r = _post(ident, household([member(**extra)]))
    assert r.status_code == 422
    assert fields(r.json()) == [field]


def test_second_member_error_names_its_index(ident):
    r = _post(ident, household([member(11), member(13, "son", phone="99")]))
    assert fields(r.json()) == ["members[1].phone"]


@pytest.mark.parametrize(("body", "field"), [
    (household(address="三古滩村\x001号"), "address"),
    (household([member(name="李\x00山")]), "members[0].name"),
])
def test_nul_in_text_is_422_naming_the_field(ident, body, field):
    r = _post(ident, body)
    assert (r.status_code, fields(r.json())) == (422, [field])
    r = ident.client.get("/api/v1/households", params={"q": "\x00"}, headers=ident.headers())
    assert (r.status_code, fields(r.json())) == (422, ["q"])
    _nothing_written(ident)


def test_taken_household_number_is_409(ident):
    create(ident, household(household_no="LZ-0001"))
    r = _post(ident, household([member(13)], household_no="LZ-0001"))
    assert r.status_code == 409
    assert fields(r.json()) == ["household_no"]


def test_household_numbers_are_assigned_per_village(ident):
    first = create(ident)
    second = create(ident, household([member(13)]))
    other = create(ident, household([member(15)], region="441882100202"))
    assert [first["household_no"], second["household_no"], other["household_no"]] == [
        f"{VILLAGE}0001", f"{VILLAGE}0002", "4418821002020001"]
