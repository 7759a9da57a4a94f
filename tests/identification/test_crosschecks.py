"""Department cross-checks (部门数据比对): matches become cases to verify, never automatic changes."""

from __future__ import annotations

import threading
import uuid
from datetime import date

from sqlalchemy import func, select

from services.identification.crosschecks.rules import SUGGESTED_KIND, match_key
from services.identification.models import CrossCheckImport, Member, VerificationCase
from tests.identification.campaign_factory import Person, make_household, new_id_number

V1, V3 = "441882100201", "441882101201"


def _post(ident, rows, kind="death", department="连州市民政局", **headers):
    body = {"department": department, "kind": kind, "rows": rows}
    return ident.client.post("/api/v1/crosschecks", json=body, headers=ident.headers(**headers))


def _wrong_check_digit(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def _count(ident, model) -> int:
    with ident.db.transaction() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_suggested_case_kinds_are_exact():
    assert {k: str(v) for k, v in SUGGESTED_KIND.items()} == {
        "death": "correction", "public_payroll": "removal", "vehicle": "removal", "property": "removal",
        "company": "removal", "insurance_missing": "correction"}


def test_match_key_ignores_detail_order_but_not_content():
    member = uuid.UUID(int=7)
    a = match_key("vehicle", member, {"plate": "粤R12345", "brand": "五菱"})
    assert a == match_key("vehicle", member, {"brand": "五菱", "plate": "粤R12345"})
    assert a != match_key("vehicle", member, {"plate": "粤R54321", "brand": "五菱"})
    assert a != match_key("property", member, {"plate": "粤R12345", "brand": "五菱"})
    assert a.startswith("crosscheck:") and len(a) == 75


def test_a_death_match_opens_a_case_and_changes_nothing_else(ident):
    dead, alive = Person(), Person(relation="spouse")
    hid = make_household(ident.db, V1, status="exited", people=[dead, alive])
    stranger = new_id_number()
    rows = [{"id_number": dead.id_number, "details": {"death_date": "2019-03-02"}},
            {"id_number": stranger, "details": {"death_date": "2019-04-01"}},
            {"id_number": _wrong_check_digit(new_id_number()), "details": {}},
            {"id_number": "", "details": {}}]
    r = _post(ident, rows)
    assert r.status_code == 201, r.text
    body = r.json()
    counts = {k: body[k] for k in ("row_count", "matched_count", "unmatched_count", "invalid_count",
                                   "new_case_count")}
    assert counts == {"row_count": 4, "matched_count": 1, "unmatched_count": 1, "invalid_count": 2,
                      "new_case_count": 1}
    assert body["invalid_rows"] == [3, 4]
    assert dead.id_number not in r.text and stranger not in r.text
    infra = ident.app.state.infra
    with ident.db.transaction() as s:
        types = s.execute(select(infra.outbox.c.type).where(infra.outbox.c.type.in_(
            ["crosscheck.imported", "case.opened"])).order_by(infra.outbox.c.position)).scalars().all()
        actions = s.execute(select(infra.audit.c.action).where(infra.audit.c.action.in_(
            ["crosscheck.import", "case.open"]))).scalars().all()
    assert types == ["case.opened", "crosscheck.imported"]
    assert sorted(actions) == ["case.open", "crosscheck.import"]
    cases = ident.client.get(f"/api/v1/cases?crosscheck_id={body['id']}", headers=ident.headers()).json()
    [case] = cases["items"]
    assert (case["kind"], case["source"], case["state"], case["check_kind"]) == (
        "correction", "crosscheck", "open", "death")
    assert case["household_id"] == str(hid)
    assert case["details"] == {"department": "连州市民政局", "row": {"death_date": "2019-03-02"}}
    household = ident.client.get(f"/api/v1/households/{hid}", headers=ident.headers()).json()
    assert household["status"] == "exited"
    assert all(m["active"] for m in household["members"])
    assert case["member_id"] == next(m["id"] for m in household["members"] if m["relation"] == "head")


def test_reimporting_the_same_list_opens_no_new_case(ident):
    person = Person()
    make_household(ident.db, V1, people=[person])
    rows = [{"id_number": person.id_number, "details": {"plate": "粤R12345"}}]
    assert _post(ident, rows, kind="vehicle").json()["new_case_count"] == 1
    again = _post(ident, rows, kind="vehicle").json()
    assert (again["matched_count"], again["new_case_count"]) == (1, 0)
    doubled = _post(ident, rows + rows, kind="vehicle").json()
    assert (doubled["matched_count"], doubled["new_case_count"]) == (2, 0)
    assert _count(ident, VerificationCase) == 1
    other_car = [{"id_number": person.id_number, "details": {"plate": "粤R99999"}}]
    assert _post(ident, other_car, kind="vehicle").json()["new_case_count"] == 1
    assert _count(ident, VerificationCase) == 2
    cases = ident.client.get("/api/v1/cases", headers=ident.headers()).json()["items"]
    assert {c["kind"] for c in cases} == {"removal"}


def test_members_who_left_and_households_outside_the_scope_do_not_match(ident):
    gone, elsewhere = Person(), Person()
    hid = make_household(ident.db, V1, people=[Person(), Person(relation="son")])
    make_household(ident.db, V3, people=[elsewhere])
    with ident.db.transaction() as s:
        son = select(Member).where(Member.household_id == hid, Member.relation == "son")
        member = s.execute(son).scalar_one()
        gone.id_number = ident.app.state.cipher.decrypt(member.id_number_enc, "member.id_number")
        member.active, member.left_on, member.left_reason = False, date(2019, 1, 1), "moved_out"
    town = ident.headers("town_official", "441882100")
    r = ident.client.post("/api/v1/crosschecks", headers=town, json={
        "department": "连州市人社局", "kind": "public_payroll",
        "rows": [{"id_number": gone.id_number}, {"id_number": elsewhere.id_number}]})
    assert (r.json()["matched_count"], r.json()["unmatched_count"]) == (0, 2)
    assert _count(ident, VerificationCase) == 0
    county = _post(ident, [{"id_number": elsewhere.id_number}], kind="public_payroll").json()
    assert county["matched_count"] == 1
    assert ident.client.get(f"/api/v1/crosschecks/{county['id']}", headers=town).status_code == 404
    listed = ident.client.get("/api/v1/crosschecks", headers=town).json()["items"]
    assert [i["id"] for i in listed] == [r.json()["id"]]


def test_id_numbers_are_never_stored(ident):
    person = Person()
    make_household(ident.db, V1, people=[person])
    _post(ident, [{"id_number": person.id_number, "details": {"company": "连州某公司"}}], kind="company")
    infra = ident.app.state.infra
    with ident.db.transaction() as s:
        stored = [s.execute(select(t)).all() for t in (VerificationCase.__table__, CrossCheckImport.__table__,
                                                        infra.audit, infra.outbox)]
    assert person.id_number not in repr(stored)
    assert person.id_number[:-1] not in repr(stored)


def test_csv_list_is_compared_like_json(ident):
    person, insured = Person(), Person(relation="spouse")
    make_household(ident.db, V1, people=[person, insured])
    csv_text = (f"id_number,name,note\n{person.id_number},张三,未参加医保\n"
                f"{new_id_number()},李四,\nbad,王五,\n")
    r = ident.client.post("/api/v1/crosschecks/csv?department=连州市医保局&kind=insurance_missing",
                          content=csv_text.encode(), headers=ident.headers(**{"Content-Type": "text/csv"}))
    assert r.status_code == 201, r.text
    keys = ("row_count", "matched_count", "unmatched_count", "invalid_count")
    assert [r.json()[k] for k in keys] == [3, 1, 1, 1]
    [case] = ident.client.get("/api/v1/cases", headers=ident.headers()).json()["items"]
    assert case["details"]["row"] == {"name": "张三", "note": "未参加医保"}
    assert case["kind"] == "correction"
    r = ident.client.post("/api/v1/crosschecks/csv?department=连州市医保局&kind=insurance_missing",
                          content=b"name\n", headers=ident.headers(**{"Content-Type": "text/csv"}))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "id_number"
    for raw, code in ((b"id_number,a\n" + b"x" * 200000 + b",2\n", "csv_malformed"),
                      (b"\xff\xfe\x00", "csv_encoding"), (b"id_number\n", "csv_empty")):
        r = ident.client.post("/api/v1/crosschecks/csv?department=连州市医保局&kind=insurance_missing",
                              content=raw, headers=ident.headers(**{"Content-Type": "text/csv"}))
        assert r.status_code == 422 and r.json()["code"] == code
    assert _count(ident, CrossCheckImport) == 1


def test_bad_lists_are_refused_without_a_write(ident):
    assert _post(ident, []).status_code == 422
    r = _post(ident, [{"id_number": new_id_number()}], kind="lottery")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "kind"
    r = _post(ident, [{"id_number": new_id_number(), "details": {str(i): "x" for i in range(21)}}])
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "details_too_large"
    assert _count(ident, CrossCheckImport) == 0


def test_concurrent_identical_imports_open_each_case_once(ident):
    people = [Person() for _ in range(3)]
    make_household(ident.db, V1, people=[people[0], Person(relation="spouse", id_number=people[1].id_number)])
    make_household(ident.db, V3, people=[people[2]])
    rows = [{"id_number": p.id_number, "details": {"employer": "某单位"}} for p in people]
    results: list[int] = []

    def send() -> None:
        r = _post(ident, rows, kind="public_payroll")
        results.append(r.json()["new_case_count"] if r.status_code == 201 else -r.status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 0, 0, 3]
    assert _count(ident, VerificationCase) == 3


def test_nul_in_a_csv_list_is_refused_naming_its_line_on_every_backend(ident):
    person = Person()
    make_household(ident.db, V1, people=[person])
    for raw, line in ((f"id_number,note\n{person.id_number},死亡\x00\n".encode(), "line 2"),
                      (f"id_number,no\x00te\n{person.id_number},死亡\n".encode(), "line 1"),
                      (f"id_number,note\n{new_id_number()},a\n{person.id_number}\x00,b\n".encode(),
                       "line 3")):
        r = ident.client.post("/api/v1/crosschecks/csv?department=连州市民政局&kind=death",
                              content=raw, headers=ident.headers(**{"Content-Type": "text/csv"}))
        assert r.status_code == 422, r.text
        assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [(line, "string_nul")]
    assert (_count(ident, CrossCheckImport), _count(ident, VerificationCase)) == (0, 0)
