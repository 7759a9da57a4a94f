"""Import jobs over HTTP: the three modes, every kind of bad row, re-imports, feed and audit."""

from __future__ import annotations

import io
import os
import tracemalloc
from datetime import date

from sqlalchemy import func, select

from services.identification.bulk import service as bulk_service
from services.identification.bulk.schemas import ImportMode
from services.identification.models import Household, HouseholdStatusChange, ImportFileChunk, Member
from shared.auth import Caller
from shared.crypto import FILE_CHUNK
from shared.events.identification import HouseholdImported
from shared.journal import COPY_THRESHOLD, verify_chain
from tests.identification.bulk_support import (
    CSV_HEADER,
    OTHER_VILLAGE,
    VILLAGE,
    csv_bytes,
    csv_row,
    errors_of,
    household_json,
    ndjson_bytes,
    person,
    run_import,
    submit,
    wait,
)

HH1, HH2, HH3 = "441882100201001", "441882100201002", "441882100201003"


def counts(ident) -> tuple[int, int, int]:
    """Count households, members and status transitions."""
    with ident.db.transaction(write=False) as s:
        return tuple(s.execute(select(func.count()).select_from(t)).scalar_one()
                     for t in (Household, Member, HouseholdStatusChange))


def feed(ident, after: int = 0) -> list[dict]:
    r = ident.client.get("/api/v1/events", params={"cursor": after, "limit": 500},
                         headers=ident.headers())
    assert r.status_code == 200, r.text
    return r.json()["items"]


def three_households() -> bytes:
    return csv_bytes([csv_row(HH1, "李大山", person(11)), csv_row(HH1, "王小花", person(12), "配偶"),
                      csv_row(HH2, "张三", person(13)),
                      csv_row(HH3, "赵四", person(15)), csv_row(HH3, "赵小五", person(17, 2010), "之子")])


def test_csv_with_chinese_headers_and_labels_is_imported(ident):
    job = run_import(ident, three_households())
    assert (job["state"], job["rows_total"], job["rows_done"], job["rows_rejected"]) == (
        "succeeded", 5, 5, 0)
    assert (job["households_created"], job["members_added"], job["progress"]) == (3, 5, 1.0)
    assert counts(ident) == (3, 5, 3)
    with ident.db.transaction(write=False) as s:
        assert s.execute(select(func.count()).select_from(ImportFileChunk)).scalar_one() == 0
        household = s.execute(select(Household).where(Household.household_no == HH1)).scalar_one()
        assert (household.category, household.primary_cause, household.status,
                str(household.identified_on)) == ("minimum_living_guarantee", "illness",
                                                   "identified", "2016-06-30")
        members = sorted((m.relation, m.labour_capacity, m.sex) for m in household.members)
        assert members == [("head", "normal", "male"), ("spouse", "normal", "female")]
        assert person(11).encode() not in household.members[0].id_number_enc
    r = ident.client.get(f"/api/v1/households/{household.id}", headers=ident.headers())
    assert r.json()["members"][0]["id_number"] == person(11)[:2] + "*" * 16


def test_reimporting_the_same_file_changes_nothing(ident):
    run_import(ident, three_households())
    feed_before, rows_before = len(feed(ident)), counts(ident)
    with ident.db.transaction(write=False) as s:
        versions = dict(s.execute(select(Household.household_no, Household.version)).all())
    job = run_import(ident, three_households())
    assert (job["state"], job["households_created"], job["households_updated"],
            job["households_unchanged"], job["members_added"]) == ("succeeded", 0, 0, 3, 0)
    assert counts(ident) == rows_before
    new_events = feed(ident)[feed_before:]
    assert [e["type"] for e in new_events] == ["import.completed"]
    with ident.db.transaction(write=False) as s:
        assert dict(s.execute(select(Household.household_no, Household.version)).all()) == versions


def test_reimport_with_changes_updates_in_place(ident):
    run_import(ident, three_households())
    moved = {"住址": "三古滩村9号"}
    changed = csv_bytes([csv_row(HH1, "李大山", person(11), **moved),
                         csv_row(HH1, "王小花", person(12), "配偶", 劳动能力="弱劳动力或半劳动力",
                                 **moved),
                         csv_row(HH1, "李小明", person(19, 2012), "之子", **moved)])
    start = len(feed(ident))
    job = run_import(ident, changed)
    assert (job["households_updated"], job["members_added"], job["members_changed"]) == (1, 1, 1), job
    assert counts(ident) == (3, 6, 3)
    with ident.db.transaction(write=False) as s:
        household = s.execute(select(Household).where(Household.household_no == HH1)).scalar_one()
        assert (household.address, household.version) == ("三古滩村9号", 2)
        assert sorted(m.labour_capacity for m in household.members) == ["normal", "normal", "weak"]
    events = feed(ident)[start:]
    assert [e["type"] for e in events] == ["household.imported", "import.completed"]
    data = events[0]["data"]
    assert (data["created"], data["changed"], data["version"]) == (False, ["address"], 2)
    assert [m["relation"] for m in data["members_added"]] == ["son"]
    assert [m["changed"] for m in data["members_changed"]] == ["labour_capacity"]


def test_import_is_audited_and_fed_in_commit_order(ident):
    job = run_import(ident, three_households())
    events = feed(ident)
    assert [e["type"] for e in events] == ["household.imported"] * 3 + ["import.completed"]
    assert [int(e["sequence"]) for e in events] == sorted(int(e["sequence"]) for e in events)
    assert [e["data"]["household_no"] for e in events[:3]] == [HH1, HH2, HH3]
    assert events[2]["data"]["transitions"] == [
        {"from_status": None, "to_status": "identified", "effective_on": "2016-06-30"}]
    assert events[3]["data"]["households_created"] == 3
    for event in events[:3]:  # the import writes the contract's fields without building it
        assert HouseholdImported.model_validate(event["data"]).model_dump() == event["data"]
    admin = ident.headers("province_official", "44")
    audit = ident.client.get("/api/v1/audit", params={"limit": 500}, headers=admin).json()["items"]
    actions = [a["action"] for a in audit]
    assert actions == ["import.submit"] + ["household.import_create"] * 3 + ["import.finish"]
    assert audit[1]["after"]["members"][0]["id_number"] == person(11)[:2] + "*" * 16
    assert audit[1]["after"]["import_job"] == job["id"]
    after = audit[1]["after"]  # codes as text, dates as every other audit entry writes them
    assert (after["members"][0]["relation"], after["identified_on"]) == ("head", "2016-06-30")
    assert after["created_at"].endswith("Z") and after["created_at"] == after["updated_at"]
    assert ident.client.get("/api/v1/audit/verify", headers=admin).json()["ok"] is True


def test_accept_valid_keeps_good_rows_and_reports_bad_ones(ident):
    bad_check = person(21)[:-1] + ("0" if person(21)[-1] != "0" else "1")
    rows = [csv_row(HH1, "李大山", person(11)),
            csv_row(HH2, "错号", bad_check),
            csv_row(HH3, "赵四", person(15))]
    job = run_import(ident, csv_bytes(rows))
    assert (job["state"], job["rows_done"], job["rows_rejected"], job["households_created"],
            job["households_rejected"]) == ("succeeded", 3, 1, 2, 1)
    assert counts(ident)[:2] == (2, 2)
    [error] = errors_of(ident, job["id"])
    assert (error["row"], error["household_no"], error["field"], error["code"]) == (
        3, HH2, "id_number", "id_number_checksum")
    assert (error["message"], error["message_zh"]) == ("The ID number's check digit is wrong",
                                                       "身份证号码校验位错误")


def test_error_report_downloads_as_csv_in_both_languages(ident):
    rows = [csv_row(HH1, "李大山", person(11), 所在村代码="441882999999")]
    job = run_import(ident, csv_bytes(rows))
    r = ident.client.get(f"/api/v1/jobs/{job['id']}/errors.csv", headers=ident.headers())
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "行号 row,户编号 household_no,字段 field,代码 code,原因 reason,原因（中文）"
    assert lines[1] == (f"2,{HH1},region_code,region_unknown,Region 441882999999 does not exist,"
                        "区划代码 441882999999 不存在")


def test_all_or_nothing_writes_nothing_when_a_row_is_bad(ident):
    rows = [csv_row(HH1, "李大山", person(11)), csv_row(HH2, "", person(13))]
    job = run_import(ident, csv_bytes(rows), mode="all_or_nothing")
    assert (job["state"], job["error_code"], job["rows_rejected"], job["households_created"]) == (
        "failed", "rows_rejected", 1, 0)
    assert counts(ident) == (0, 0, 0)
    [error] = errors_of(ident, job["id"])
    assert (error["row"], error["field"], error["code"]) == (3, "name", "missing_field")
    assert [e["type"] for e in feed(ident)] == ["import.completed"]


def test_all_or_nothing_writes_everything_when_all_rows_are_good(ident):
    job = run_import(ident, three_households(), mode="all_or_nothing")
    assert (job["state"], job["households_created"], job["members_added"]) == ("succeeded", 3, 5)
    assert counts(ident) == (3, 5, 3)


def test_validate_only_writes_nothing_but_reports(ident):
    rows = [csv_row(HH1, "李大山", person(11)), csv_row(HH2, "张三", person(13), 劳动能力="很强")]
    job = run_import(ident, csv_bytes(rows), mode="validate_only")
    assert (job["state"], job["households_created"], job["households_rejected"],
            job["rows_rejected"]) == ("succeeded", 1, 1, 1)
    assert counts(ident) == (0, 0, 0)
    [error] = errors_of(ident, job["id"])
    assert (error["row"], error["field"], error["code"]) == (3, "labour_capacity", "enum")
    assert [e["type"] for e in feed(ident)] == ["import.completed"]


def test_unknown_region_and_region_outside_scope_are_row_errors(ident):
    rows = [csv_row(HH1, "李大山", person(11), 所在村代码="441882999999"),
            csv_row(HH2, "张三", person(13), 所在村代码="441802100201"),
            csv_row(HH3, "赵四", person(15), 所在村代码="441882100000")]
    job = run_import(ident, csv_bytes(rows))
    assert [(e["row"], e["field"], e["code"]) for e in errors_of(ident, job["id"])] == [
        (2, "region_code", "region_unknown"), (3, "region_code", "region_out_of_scope"),
        (4, "region_code", "region_not_village")]
    assert counts(ident) == (0, 0, 0)


def test_duplicate_person_in_the_file_is_rejected_at_its_second_household(ident):
    rows = [csv_row(HH1, "李大山", person(11)), csv_row(HH2, "李大山", person(11))]
    job = run_import(ident, csv_bytes(rows))
    [error] = errors_of(ident, job["id"])
    assert (error["row"], error["field"], error["code"], error["message"]) == (
        3, "id_number", "person_repeated_in_file",
        "This person is also listed in the household at row 2")
    assert counts(ident)[:2] == (1, 1)


def test_household_cells_must_repeat_on_every_member_row(ident):
    rows = [csv_row(HH1, "李大山", person(11)), csv_row(HH1, "王小花", person(12), "配偶", 住址="别处")]
    job = run_import(ident, csv_bytes(rows))
    [error] = errors_of(ident, job["id"])
    assert (error["row"], error["field"], error["code"], job["rows_rejected"]) == (
        3, "address", "household_fields_differ", 2)


def test_household_listed_in_two_places_is_rejected(ident):
    rows = [csv_row(HH1, "李大山", person(11)), csv_row(HH2, "张三", person(13)),
            csv_row(HH1, "王小花", person(12), "配偶")]
    job = run_import(ident, csv_bytes(rows))
    [error] = errors_of(ident, job["id"])
    assert (error["row"], error["field"], error["code"]) == (4, "household_no", "household_no_repeated")


def test_person_active_in_another_household_is_a_row_error_not_a_move(ident):
    run_import(ident, csv_bytes([csv_row(HH1, "李大山", person(11))]))
    job = run_import(ident, csv_bytes([csv_row(HH2, "李大山", person(11))]))
    [error] = errors_of(ident, job["id"])
    assert (error["row"], error["field"], error["code"], error["message"]) == (
        2, "id_number", "person_in_other_household", f"This person is active in household {HH1}")
    assert counts(ident)[:2] == (1, 1)
    with ident.db.transaction(write=False) as s:
        assert s.execute(select(Household.household_no).join(Member)).scalars().all() == [HH1]


def test_person_registered_through_the_api_is_matched_by_id_hash(ident):
    body = {"household_no": HH1, "region_code": VILLAGE, "address": "三古滩村1号",
            "category": "general", "primary_cause": "illness", "safe_drinking_water": True,
            "members": [{"name": "李大山", "id_number": person(11), "relation": "head",
                         "labour_capacity": "normal"}]}
    assert ident.client.post("/api/v1/households", json=body, headers=ident.headers()).status_code == 201
    job = run_import(ident, csv_bytes([csv_row(HH2, "李大山", person(11))]))
    assert [e["code"] for e in errors_of(ident, job["id"])] == ["person_in_other_household"]


def test_missing_required_field_names_the_field(ident):
    rows = [csv_row(HH1, "李大山", person(11), 住址="")]
    job = run_import(ident, csv_bytes(rows))
    [error] = errors_of(ident, job["id"])
    assert (error["row"], error["field"], error["code"], error["message_zh"]) == (
        2, "address", "missing_field", "缺少必填字段")


def test_missing_required_column_fails_the_job(ident):
    header = [h for h in CSV_HEADER if h != "身份证号码"]
    row = csv_row(HH1, "李大山", person(11))
    content = csv_bytes([[c for h, c in zip(CSV_HEADER, row, strict=True) if h != "身份证号码"]],
                        header=header)
    job = run_import(ident, content)
    assert (job["state"], job["error_code"], job["error_message"]) == (
        "failed", "columns_missing", "Required columns are missing: id_number")


def test_gbk_file_is_refused_with_a_clear_reason_and_accepted_when_declared(ident):
    content = csv_bytes([csv_row(HH1, "李大山", person(11))], encoding="gbk")
    job = run_import(ident, content)
    assert (job["state"], job["error_code"]) == ("failed", "encoding_not_utf8")
    assert "GBK" in job["error_message"]
    assert counts(ident) == (0, 0, 0)
    job = run_import(ident, content, encoding="gbk")
    assert (job["state"], job["households_created"]) == ("succeeded", 1)
    with ident.db.transaction(write=False) as s:
        assert s.execute(select(Member.name)).scalar_one() == "李大山"


def test_malformed_xlsx_fails_the_job(ident):
    job = run_import(ident, b"PK\x03\x04 not really a workbook", filename="register.xlsx")
    assert (job["state"], job["error_code"]) == ("failed", "file_malformed")


def test_xlsx_in_the_county_layout_is_imported(ident):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(CSV_HEADER)
    sheet.append(csv_row(HH1, "李大山", person(11)))
    sheet.append(csv_row(HH1, "王小花", person(12), "配偶"))
    buffer = io.BytesIO()
    book.save(buffer)
    job = run_import(ident, buffer.getvalue(), filename="register.xlsx")
    assert (job["state"], job["file_format"], job["households_created"], job["members_added"]) == (
        "succeeded", "xlsx", 1, 2)


def test_ndjson_with_history_records_each_transition(ident):
    history = [{"to_status": "identified", "effective_on": "2016-06-30", "reference": "连扶〔2016〕3号"},
               {"to_status": "exited", "effective_on": "2019-12-20", "reason": "2019 年度脱贫"}]
    line = household_json(HH1, [("李大山", person(11), "head"), ("王小花", person(12), "配偶")],
                          history=history, exit_pathway="就业扶贫")
    job = run_import(ident, ndjson_bytes([line]), filename="register.ndjson")
    assert (job["state"], job["households_created"], job["members_added"]) == ("succeeded", 1, 2)
    with ident.db.transaction(write=False) as s:
        household = s.execute(select(Household)).scalar_one()
        assert (household.status, str(household.exited_on), household.exit_pathway) == (
            "exited", "2019-12-20", "employment")
        steps = s.execute(select(HouseholdStatusChange.from_status, HouseholdStatusChange.to_status,
                                 HouseholdStatusChange.reference)
                          .order_by(HouseholdStatusChange.id)).all()
    assert steps == [(None, "identified", "连扶〔2016〕3号"),
                     ("identified", "exited", f"import:{job['id']}")]


def test_ndjson_bad_lines_are_row_errors(ident):
    good = household_json(HH1, [("李大山", person(11), "head")])
    content = ndjson_bytes([good]) + b"{not json\n" + ndjson_bytes(
        [household_json(HH2, [("张三", person(13), "head")], history=[
            {"to_status": "exited", "effective_on": "2019-12-20"}])])
    job = run_import(ident, content, filename="register.ndjson")
    assert [(e["row"], e["field"], e["code"]) for e in errors_of(ident, job["id"])] == [
        (2, "line", "json_invalid"), (3, "history", "history_invalid")]
    assert job["households_created"] == 1


def test_history_that_does_not_continue_the_register_is_refused(ident):
    run_import(ident, csv_bytes([csv_row(HH1, "李大山", person(11))]))
    exited = csv_bytes([csv_row(HH1, "李大山", person(11), 状态="已脱贫")])
    job = run_import(ident, exited)
    assert (job["households_updated"], job["rows_rejected"]) == (1, 0)
    with ident.db.transaction(write=False) as s:
        assert s.execute(select(Household.status)).scalar_one() == "exited"
    back = run_import(ident, csv_bytes([csv_row(HH1, "李大山", person(11), 状态="待识别")]))
    assert [e["code"] for e in errors_of(ident, back["id"])] == ["history_conflict"]


def test_jobs_are_visible_only_inside_the_submitters_region(ident):
    job = submit(ident, three_households())
    wait(ident, job["id"])
    other = ident.headers("county_official", "441802")
    assert ident.client.get(f"/api/v1/jobs/{job['id']}", headers=other).status_code == 404
    city = ident.headers("city_official", "4418")
    assert ident.client.get(f"/api/v1/jobs/{job['id']}", headers=city).status_code == 200


def test_household_number_of_another_region_is_not_overwritten(ident):
    run_import(ident, csv_bytes([csv_row(HH1, "李大山", person(11))]))
    town = ident.headers("town_official", "441882101")
    r = ident.client.post("/api/v1/imports", files={"file": ("x.csv", csv_bytes(
        [csv_row(HH1, "李大山", person(11), village="441882101201")]))}, headers=town)
    job = wait(ident, r.json()["id"])
    assert [e["code"] for e in errors_of(ident, job["id"])] == ["household_no_taken"]


def test_import_needs_write_permission_and_a_file(ident):
    r = ident.client.post("/api/v1/imports", files={"file": ("x.csv", b"")}, headers=ident.headers())
    assert (r.status_code, r.json()["code"]) == (422, "file_empty")
    r = ident.client.post("/api/v1/imports", files={"file": ("x.csv", three_households())},
                          headers=ident.headers("inspector", "441882"))
    assert r.status_code == 403


def test_other_village_rows_are_grouped_by_household_number(ident):
    rows = [csv_row(HH1, "李大山", person(11)), csv_row("441882100202001", "张三", person(13),
                                                      village=OTHER_VILLAGE)]
    job = run_import(ident, csv_bytes(rows))
    assert job["households_created"] == 2


def test_list_and_date_columns_are_stored_as_their_types_and_reimport_unchanged(ident):
    header = [*CSV_HEADER, "其他致贫原因"]
    content = csv_bytes([[*csv_row(HH1, "李大山", person(11)), "缺技术、因学"],
                         [*csv_row(HH2, "张三", person(13), 状态="已脱贫", 脱贫时间="2019-12-20"),
                          ""]], header=header)
    assert run_import(ident, content)["households_created"] == 2
    with ident.db.transaction(write=False) as s:
        stored = s.execute(select(Household.household_no, Household.other_causes,
                                  Household.identified_on, Household.exited_on)
                           .order_by(Household.household_no)).all()
        births = s.execute(select(Member.birth_date).order_by(Member.name)).scalars().all()
    assert [tuple(r) for r in stored] == [
        (HH1, ["lack_of_skills", "schooling"], date(2016, 6, 30), None),
        (HH2, [], date(2016, 6, 30), date(2019, 12, 20))]
    assert births == [date(1970, 3, 1), date(1970, 3, 1)]
    job = run_import(ident, content)
    assert (job["households_unchanged"], job["households_updated"]) == (2, 0)


def test_journal_rows_written_in_bulk_keep_big_floats_as_the_chain_hashed_them(ident):
    """Above COPY_THRESHOLD the journal takes the binary COPY path; its values must hash alike."""
    infra = ident.app.state.infra
    with ident.db.transaction() as s:
        for i in range(COPY_THRESHOLD + 10):
            s.journal.audit(actor="job", action="x.bulk", entity_type="x", entity_id=i,
                            after={"i": i, "nested": [{"big": 3e16}], "small": 1.5, "zh": "连州"})
            s.journal.audit(actor="job", action="x.bulk", entity_type="x", entity_id=i,
                            after={"i": i, "plain": ["a", None, True]})
    with ident.db.transaction(write=False) as s:
        assert verify_chain(s, infra, ident.db.context.anchor).ok
        afters = s.execute(select(infra.audit.c.after).order_by(infra.audit.c.seq)
                           .limit(2)).scalars().all()
    assert afters == [{"i": 0, "nested": [{"big": 3 * 10**16}], "small": 1.5, "zh": "连州"},
                      {"i": 0, "plain": ["a", None, True]}]


def test_an_upload_is_stored_a_chunk_at_a_time_never_whole(ident, stopped_worker):
    size = 32 * FILE_CHUNK + 100
    upload = io.BytesIO(os.urandom(size))  # the spooled upload, allocated before the count starts
    county = Caller("county_official-441882", frozenset({"county_official"}), "441882")
    tracemalloc.start()
    try:
        with ident.db.transaction() as session:
            job = bulk_service.submit_import(session, county, "big.csv", upload, None,
                                             ImportMode.VALIDATE_ONLY, "utf-8")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # about 5 chunks, whatever the size: the block read, the one held back, its seal, the insert
    assert peak < 8 * FILE_CHUNK, f"{peak / FILE_CHUNK:.1f} chunks held for a file of 33"
    with ident.db.transaction(write=False) as s:
        chunks = s.execute(select(func.count()).select_from(ImportFileChunk)
                           .where(ImportFileChunk.job_id == job.id)).scalar_one()
    assert (job.file_size, chunks) == (size, 33)


def test_an_upload_past_the_limit_is_refused_and_leaves_nothing(ident, stopped_worker, monkeypatch):
    monkeypatch.setattr(bulk_service, "MAX_FILE_BYTES", 3 * FILE_CHUNK)
    r = ident.client.post("/api/v1/imports", files={"file": ("big.csv", b"x" * (3 * FILE_CHUNK + 1))},
                          headers=ident.headers())
    body = r.json()
    assert (r.status_code, body["code"], body["errors"][0]["field"]) == (413, "file_too_large", "file")
    with ident.db.transaction(write=False) as s:
        assert s.execute(select(func.count()).select_from(ImportFileChunk)).scalar_one() == 0
