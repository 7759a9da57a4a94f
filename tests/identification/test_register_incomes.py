"""Income records: exact money, revisions instead of edits, derived net income per head."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from services.identification.households.rules import income_per_head, net_income
from services.identification.models import IncomeRecord
from tests.identification.register_data import create, fields, household, member

INCOME = {"year": 2019, "wages": "12000.50", "production_business": "3000.00", "property_income": "100.25",
          "transfer_income": "2400.00", "production_costs": "500.75"}


def _record(ident, hid: str, body: dict, **caller):
    return ident.client.post(f"/api/v1/households/{hid}/incomes", json=body, headers=ident.headers(**caller))


def test_record_income_with_derived_figures(ident):
    created = create(ident, household([member(11), member(22, "spouse", "王小花")]))
    r = _record(ident, created["id"], INCOME)
    assert r.status_code == 201, r.text
    body = r.json()
    assert {k: body[k] for k in INCOME} == INCOME
    assert (body["revision"], body["household_size"]) == (1, 2)
    assert body["net_income"] == "17000.00"
    assert body["income_per_head"] == "8500.00"
    assert body["recorded_by"] == "county_official-441882"


def test_second_record_for_a_year_is_revision_2_and_both_stay(ident):
    created = create(ident)
    _record(ident, created["id"], INCOME)
    r = _record(ident, created["id"], INCOME | {"wages": "13000.00", "note": "更正"})
    assert r.status_code == 201
    assert r.json()["revision"] == 2
    _record(ident, created["id"], INCOME | {"year": 2018})
    listed = ident.client.get(f"/api/v1/households/{created['id']}/incomes", headers=ident.headers()).json()
    assert [(i["year"], i["revision"], i["wages"]) for i in listed] == [
        (2018, 1, "12000.50"), (2019, 1, "12000.50"), (2019, 2, "13000.00")]


def test_household_size_may_be_given(ident):
    created = create(ident)
    r = _record(ident, created["id"], INCOME | {"household_size": 3})
    assert (r.json()["household_size"], r.json()["income_per_head"]) == (3, "5666.67")


def test_net_income_may_be_negative(ident):
    created = create(ident)
    r = _record(ident, created["id"], INCOME | {"wages": "0", "production_business": "0",
                                                "property_income": "0", "transfer_income": "0",
                                                "production_costs": "10.01"})
    assert (r.json()["net_income"], r.json()["income_per_head"]) == ("-10.01", "-10.01")


@pytest.mark.parametrize(("change", "field"), [
    ({"wages": "1.005"}, "wages"), ({"wages": "-1.00"}, "wages"), ({"wages": "100000000.00"}, "wages"),
    ({"production_costs": "abc"}, "production_costs"), ({"transfer_income": "NaN"}, "transfer_income"),
    ({"property_income": "Infinity"}, "property_income"), ({"year": 2013}, "year"),
    ({"year": date.today().year + 1}, "year"), ({"household_size": 0}, "household_size"),
    ({"revision": 5}, "revision"),
])
def test_bad_income_is_422_and_writes_nothing(ident, change, field):
    created = create(ident)
    r = _record(ident, created["id"], INCOME | change)
    assert r.status_code == 422, r.text
    assert fields(r.json()) == [field]
    with ident.db.transaction() as s:
        assert s.execute(select(IncomeRecord)).all() == []


def test_money_given_as_a_json_number_is_exact(ident):
    created = create(ident)
    r = _record(ident, created["id"], INCOME | {"wages": 0.1, "production_business": 0.2})
    assert r.status_code == 201
    assert (r.json()["wages"], r.json()["production_business"]) == ("0.10", "0.20")
    with ident.db.transaction() as s:
        stored = s.execute(select(IncomeRecord)).scalar_one()
        assert stored.wages + stored.production_business == Decimal("0.30")


def test_income_is_audited(ident):
    created = create(ident)
    _record(ident, created["id"], INCOME)
    r = ident.client.get("/api/v1/audit", params={"entity_id": created["id"]},
                         headers=ident.headers("province_official", "44"))
    entry = r.json()["items"][-1]
    assert entry["action"] == "income.record"
    assert entry["after"]["wages"] == "12000.50"
    assert entry["after"]["revision"] == 1


def test_income_emits_an_event(ident):
    created = create(ident)
    _record(ident, created["id"], INCOME)
    _record(ident, created["id"], INCOME)
    r = ident.client.get("/api/v1/events", params={"type": "income.recorded"}, headers=ident.headers())
    assert [e["data"] for e in r.json()["items"]] == [
        {"household_id": created["id"], "region_code": created["region_code"], "year": 2019, "revision": n,
         "household_size": 1} for n in (1, 2)]


def test_concurrent_records_of_one_year_get_distinct_revisions(ident):
    created = create(ident)

    def post(i: int) -> int:
        return _record(ident, created["id"], INCOME | {"note": f"n{i}"}).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(post, range(4))) == [201] * 4
    listed = ident.client.get(f"/api/v1/households/{created['id']}/incomes", headers=ident.headers()).json()
    assert sorted(i["revision"] for i in listed) == [1, 2, 3, 4]


def test_outside_scope_is_404(ident):
    created = create(ident)
    r = _record(ident, created["id"], INCOME, role="town_official", region="441882101")
    assert r.status_code == 404
    r = ident.client.get(f"/api/v1/households/{created['id']}/incomes",
                         headers=ident.headers("town_official", "441882101"))
    assert r.status_code == 404


def test_income_rules_directly():
    net = net_income(Decimal("100.00"), Decimal("0.01"), Decimal("0"), Decimal("0"), Decimal("50.00"))
    assert net == Decimal("50.01")
    assert income_per_head(Decimal("10.00"), 3) == Decimal("3.33")
    assert income_per_head(Decimal("0.05"), 2) == Decimal("0.03")  # half-up
    with pytest.raises(ValueError):
        income_per_head(Decimal("1"), 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=Decimal("9999999.99"), places=2), min_size=5, max_size=5),
       st.integers(min_value=1, max_value=30))
def test_income_per_head_is_exact_to_the_fen(parts, size):
    net = net_income(*parts)
    assert net == parts[0] + parts[1] + parts[2] + parts[3] - parts[4]
    per_head = income_per_head(net, size)
    assert abs(per_head * size - net) <= Decimal("0.005") * size
    assert per_head == per_head.quantize(Decimal("0.01"))
